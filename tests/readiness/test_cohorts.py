"""Cohort membership follows the rules and staff changes, kept as dated spells."""

import io
from datetime import date

import pytest
from django.utils import timezone

from learning.models import Enrolment, StaffMember, Team
from readiness.cohorts import cohort_due_dates, cohort_due_dates_move, cohort_membership_refresh, team_subtree_ids
from readiness.models import Cohort, CohortCourse, CohortMembership
from tests.factories import OrganisationFactory, StaffMemberFactory, course_with_lessons

D1, D2, D3 = date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5)


@pytest.fixture
def org(db):
    return OrganisationFactory()


@pytest.fixture
def teams(org):
    asc = Team.objects.create(organisation=org, name="Adult Social Care")
    reablement = Team.objects.create(organisation=org, name="Reablement", parent=asc)
    night = Team.objects.create(organisation=org, name="Night team", parent=reablement)
    housing = Team.objects.create(organisation=org, name="Housing")
    return {"asc": asc, "reablement": reablement, "night": night, "housing": housing}


def housing_cohort(org, teams) -> Cohort:
    """Return a cohort whose one rule is the Housing team."""
    cohort = Cohort.objects.create(organisation=org, name="Housing", slug="housing")
    cohort.rule_teams.add(teams["housing"])
    return cohort


def spells(cohort, staff):
    return list(CohortMembership.objects.filter(cohort=cohort, staff=staff).values_list("joined_on", "left_on"))


def test_team_rule_includes_sub_teams(org, teams):
    assert team_subtree_ids(org.id, {teams["asc"].id}) == {teams["asc"].id, teams["reablement"].id, teams["night"].id}


def test_rules_combine_and_hand_picked_people_are_added(org, teams):
    nurse_night = StaffMemberFactory(organisation=org, team=teams["night"], band="Band 5")
    senior_night = StaffMemberFactory(organisation=org, team=teams["night"], band="Band 7")
    housing = StaffMemberFactory(organisation=org, team=teams["housing"], band="Band 5")
    cohort = Cohort.objects.create(organisation=org, name="ASC band 5", slug="asc-5", rule_bands="Band 5\n")
    cohort.rule_teams.add(teams["asc"])
    cohort.hand_picked.add(housing)
    change = cohort_membership_refresh(cohort=cohort, today=D1)
    assert change.joined == 2
    assert spells(cohort, nurse_night) == [(D1, None)]
    assert spells(cohort, housing) == [(D1, None)]
    assert spells(cohort, senior_night) == []


def test_membership_follows_staff_changes_as_dated_spells(org, teams):
    person = StaffMemberFactory(organisation=org, team=teams["reablement"])
    cohort = Cohort.objects.create(organisation=org, name="Reablement", slug="reablement")
    cohort.rule_teams.add(teams["reablement"])
    cohort_membership_refresh(cohort=cohort, today=D1)
    person.team = teams["housing"]
    person.save()
    assert cohort_membership_refresh(cohort=cohort, today=D2).left == 1
    person.team = teams["night"]
    person.save()
    cohort_membership_refresh(cohort=cohort, today=D3)
    assert spells(cohort, person) == [(D1, D2), (D3, None)]


def housing_leaver(org, teams):
    """Return (person, cohort): a Housing member since D1 whose leave date, D2, has just been recorded."""
    person = StaffMemberFactory(organisation=org, team=teams["housing"])
    cohort = housing_cohort(org, teams)
    cohort_membership_refresh(cohort=cohort, today=D1)
    person.leave_date = D2
    person.save()
    return person, cohort


def test_leavers_leave_the_cohort_and_refreshing_again_changes_nothing(org, teams):
    person, cohort = housing_leaver(org, teams)
    cohort_membership_refresh(cohort=cohort, today=D2)
    again = cohort_membership_refresh(cohort=cohort, today=D3)
    assert (again.joined, again.left, again.enrolled) == (0, 0, 0)
    assert spells(cohort, person) == [(D1, D2)]


def test_a_cohort_without_rules_or_picks_is_empty(org, teams):
    StaffMemberFactory(organisation=org, team=teams["housing"])
    cohort = Cohort.objects.create(organisation=org, name="Empty", slug="empty")
    assert cohort_membership_refresh(cohort=cohort, today=D1).joined == 0


def test_members_and_newcomers_are_enrolled_with_the_due_date(org, teams):
    course = course_with_lessons(modules=1, lessons_per_module=1)
    first = StaffMemberFactory(organisation=org, team=teams["housing"])
    cohort = housing_cohort(org, teams)
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=date(2026, 6, 30))
    cohort_membership_refresh(cohort=cohort, today=D1)
    newcomer = StaffMemberFactory(organisation=org, team=teams["housing"])
    cohort_membership_refresh(cohort=cohort, today=D2)
    for person in (first, newcomer):
        enrolment = Enrolment.objects.get(staff=person, course=course)
        assert enrolment.source == "cohort" and enrolment.due_date == date(2026, 6, 30)


def test_a_new_due_date_moves_current_members_unfinished_cohort_enrolments_only(org, teams):
    course = course_with_lessons(modules=1, lessons_per_module=1)
    old, new = date(2026, 6, 30), date(2026, 7, 31)
    people = {
        key: StaffMemberFactory(organisation=org, team=teams["housing"]) for key in ("kept", "own", "done", "gone")
    }
    cohort = housing_cohort(org, teams)
    assignment = CohortCourse.objects.create(cohort=cohort, course=course, due_date=old)
    cohort_membership_refresh(cohort=cohort, today=D1)
    Enrolment.objects.filter(staff=people["own"]).update(due_date=date(2026, 5, 1))
    Enrolment.objects.filter(staff=people["done"]).update(completed_at=timezone.now())
    people["gone"].team = teams["asc"]
    people["gone"].save()
    cohort_membership_refresh(cohort=cohort, today=D2)  # no longer a member
    before = cohort_due_dates(cohort)
    assert before == {course.id: old}
    CohortCourse.objects.filter(pk=assignment.pk).update(due_date=new)
    assert cohort_due_dates_move(cohort=cohort, before=before) == 1
    due = {key: Enrolment.objects.get(staff=person).due_date for key, person in people.items()}
    assert due == {"kept": new, "own": date(2026, 5, 1), "done": old, "gone": old}
    assert cohort_due_dates_move(cohort=cohort, before=cohort_due_dates(cohort)) == 0


def test_other_organisations_staff_never_join(org, teams):
    other = OrganisationFactory()
    StaffMemberFactory(organisation=other, band="Band 5")
    cohort = Cohort.objects.create(organisation=org, name="Band 5", slug="b5", rule_bands="Band 5")
    assert cohort_membership_refresh(cohort=cohort, today=D1).joined == 0


def test_an_import_re_applies_cohort_rules(org, teams):
    from learning.staff_import import staff_import

    cohort = housing_cohort(org, teams)
    csv = (
        b"Employee number,First name,Last name,Email,Team\n"
        b"H1,Ann,Lee,ann.lee@example.org,Housing\n"
        b"H2,Bo,Kim,bo.kim@example.org,Adult Social Care > Reablement\n"
    )
    report = staff_import(organisation=org, data=csv, filename="staff.csv", today=D1)
    assert report.applied
    members = set(CohortMembership.objects.filter(cohort=cohort).values_list("staff__employee_number", flat=True))
    assert members == {"H1"}


def test_a_leaver_recorded_late_stops_counting_from_their_leave_date(org, teams):
    person, cohort = housing_leaver(org, teams)
    cohort_membership_refresh(cohort=cohort, today=D3)  # HR heard a month later
    assert spells(cohort, person) == [(D1, D2)]


def test_a_spell_never_ends_before_it_began(org, teams):
    person = StaffMemberFactory(organisation=org, team=teams["housing"])
    cohort = housing_cohort(org, teams)
    cohort_membership_refresh(cohort=cohort, today=D2)
    person.leave_date = D1  # an old leave date entered after they joined
    person.save()
    cohort_membership_refresh(cohort=cohort, today=D3)
    assert spells(cohort, person) == [(D2, D2)]


def test_the_start_date_range_rule_picks_staff_who_started_in_it(org, teams):
    inside = StaffMemberFactory(organisation=org, team=teams["housing"], start_date=date(2025, 9, 1))
    StaffMemberFactory(organisation=org, team=teams["housing"], start_date=date(2024, 1, 1))
    StaffMemberFactory(organisation=org, team=teams["housing"], start_date=date(2026, 2, 1))
    cohort = Cohort.objects.create(
        organisation=org, name="New starters", slug="starters",
        rule_started_from=date(2025, 6, 1), rule_started_to=date(2025, 12, 31),
    )  # fmt: skip
    assert cohort_membership_refresh(cohort=cohort, today=D1).joined == 1
    assert set(CohortMembership.objects.filter(cohort=cohort).values_list("staff", flat=True)) == {inside.pk}


def test_someone_already_enrolled_without_a_deadline_takes_the_cohorts_due_date(org, teams):
    course = course_with_lessons(modules=1, lessons_per_module=1)
    person = StaffMemberFactory(organisation=org, team=teams["housing"])
    own = Enrolment.objects.create(staff=person, course=course, source=Enrolment.Source.SELF)
    dated = StaffMemberFactory(organisation=org, team=teams["housing"])
    Enrolment.objects.create(staff=dated, course=course, source=Enrolment.Source.MANAGER, due_date=date(2026, 3, 1))
    cohort = housing_cohort(org, teams)
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=date(2026, 6, 30))
    cohort_membership_refresh(cohort=cohort, today=D1)
    own.refresh_from_db()
    assert (own.source, own.due_date) == ("self", date(2026, 6, 30))
    assert Enrolment.objects.get(staff=dated, course=course).due_date == date(2026, 3, 1)


def _import(org, rows: str, today):
    from learning.staff_import import staff_import

    header = "Employee number,First name,Last name,Email,Team,Leave date\n"
    report = staff_import(organisation=org, data=(header + rows).encode(), filename="staff.csv", today=today)
    assert report.applied
    return report


def test_an_import_that_moves_or_marks_a_leaver_closes_and_opens_spells(org, teams):
    cohort = housing_cohort(org, teams)
    _import(org, "H1,Ann,Lee,ann@example.org,Housing,\nH2,Bo,Kim,bo@example.org,Housing,\n", D1)
    _import(org, f"H1,Ann,Lee,ann@example.org,Housing,{D2.isoformat()}\nH2,Bo,Kim,bo@example.org,Reablement,\n", D3)
    rows = CohortMembership.objects.filter(cohort=cohort).values_list("staff__employee_number", "joined_on", "left_on")
    assert sorted(rows) == [("H1", D1, D2), ("H2", D1, D3)]


def test_moving_a_team_in_the_admin_re_applies_the_rules(client, org, teams):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from tests.factories.learning import UserFactory, mfa_activate

    person = StaffMemberFactory(organisation=org, team=teams["housing"])
    cohort = Cohort.objects.create(organisation=org, name="Adult social care", slug="asc")
    cohort.rule_teams.add(teams["asc"])
    cohort_membership_refresh(cohort=cohort)
    user = UserFactory()
    user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(user)
    StaffMemberFactory(organisation=org, user=user, employee_number="HR-1")
    client.force_login(user)
    response = client.post(
        reverse("team:edit", args=[teams["housing"].pk]),
        {"organisation": org.pk, "name": "Housing", "parent": teams["asc"].pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert spells(cohort, person)[0][1] is None  # joined, still open
    admin = UserFactory(is_superuser=True, is_staff=True)  # deleting a team is an administrator's job
    mfa_activate(admin)
    client.force_login(admin)
    response = client.post(reverse("team:delete", args=[teams["housing"].pk]))
    assert response.status_code == 302 and not Team.objects.filter(pk=teams["housing"].pk).exists()
    assert spells(cohort, person)[0][1] is not None  # the team went, so did the rule's match


def test_refresh_cohorts_closes_spells_of_leave_dates_that_have_arrived(org, teams):
    from django.core.management import call_command
    from django.utils import timezone

    today = timezone.localdate()
    person = StaffMemberFactory(organisation=org, team=teams["housing"])
    cohort = housing_cohort(org, teams)
    cohort_membership_refresh(cohort=cohort, today=D1)
    StaffMember.objects.filter(pk=person.pk).update(leave_date=today)  # arrives without an edit or import
    out = io.StringIO()
    call_command("refresh_cohorts", "--organisation", org.slug, stdout=out)
    assert spells(cohort, person) == [(D1, today)]
    assert "1 left" in out.getvalue()


def test_refresh_cohorts_refuses_an_unknown_organisation(org, teams):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no organisation with the slug 'nowhere'"):
        call_command("refresh_cohorts", "--organisation", "nowhere")
