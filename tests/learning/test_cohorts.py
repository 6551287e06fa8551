"""Cohort membership follows the rules and staff changes, kept as dated spells."""

from datetime import date

import pytest

from learning.cohorts import cohort_membership_refresh, team_subtree_ids
from learning.models import Cohort, CohortCourse, CohortMembership, Enrolment, Team
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


def test_leavers_leave_the_cohort_and_refreshing_again_changes_nothing(org, teams):
    person = StaffMemberFactory(organisation=org, team=teams["housing"])
    cohort = Cohort.objects.create(organisation=org, name="Housing", slug="housing")
    cohort.rule_teams.add(teams["housing"])
    cohort_membership_refresh(cohort=cohort, today=D1)
    person.leave_date = D2
    person.save()
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
    cohort = Cohort.objects.create(organisation=org, name="Housing", slug="housing")
    cohort.rule_teams.add(teams["housing"])
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=date(2026, 6, 30))
    cohort_membership_refresh(cohort=cohort, today=D1)
    newcomer = StaffMemberFactory(organisation=org, team=teams["housing"])
    cohort_membership_refresh(cohort=cohort, today=D2)
    for person in (first, newcomer):
        enrolment = Enrolment.objects.get(staff=person, course=course)
        assert enrolment.source == "cohort" and enrolment.due_date == date(2026, 6, 30)


def test_other_organisations_staff_never_join(org, teams):
    other = OrganisationFactory()
    StaffMemberFactory(organisation=other, band="Band 5")
    cohort = Cohort.objects.create(organisation=org, name="Band 5", slug="b5", rule_bands="Band 5")
    assert cohort_membership_refresh(cohort=cohort, today=D1).joined == 0


def test_an_import_re_applies_cohort_rules(org, teams):
    from learning.staff_import import staff_import

    cohort = Cohort.objects.create(organisation=org, name="Housing", slug="housing")
    cohort.rule_teams.add(teams["housing"])
    csv = (
        b"Employee number,First name,Last name,Email,Team\n"
        b"H1,Ann,Lee,ann.lee@example.org,Housing\n"
        b"H2,Bo,Kim,bo.kim@example.org,Adult Social Care > Reablement\n"
    )
    report = staff_import(organisation=org, data=csv, filename="staff.csv", today=D1)
    assert report.applied
    members = set(CohortMembership.objects.filter(cohort=cohort).values_list("staff__employee_number", flat=True))
    assert members == {"H1"}
