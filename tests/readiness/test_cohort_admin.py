"""Cohort screens: HR manage their own organisation's cohorts, saves re-apply the rules, bad input changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from assessments.models import SkillArea
from learning.models import Enrolment, Team
from readiness import cohort_forms
from readiness.cohorts import cohort_membership_refresh
from readiness.models import Cohort, CohortCourse, CohortMembership, CohortTarget
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory, course_with_lessons
from tests.factories.assessments import SkillAreaFactory
from tests.factories.learning import mfa_activate

DUE = date(2027, 3, 31)


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northbrook Borough Council")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Riverside NHS Trust")


@pytest.fixture
def teams(org):
    asc = Team.objects.create(organisation=org, name="Adult Social Care")
    return {
        "asc": asc,
        "reablement": Team.objects.create(organisation=org, name="Reablement", parent=asc),
        "housing": Team.objects.create(organisation=org, name="Housing"),
    }


@pytest.fixture
def areas(db):
    reading = SkillAreaFactory(slug="reading-and-interpreting-data", name="Reading and interpreting data")
    SkillAreaFactory(framework=reading.framework, slug="using-ai-responsibly", name="Using AI responsibly")
    return reading.framework


@pytest.fixture
def course(db):
    return course_with_lessons(modules=1, lessons_per_module=1, slug="data-essentials")


def _user_in(group: str, org=None):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    mfa_activate(user)
    if org is not None:
        StaffMemberFactory(organisation=org, user=user)
    return user


@pytest.fixture
def hr_client(client, org):
    client.force_login(_user_in("HR", org))
    return client


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
        data.setdefault(f"{prefix}-{index}-DELETE", "")
    return data


def _by_area_key(row: dict) -> dict:
    """Tests name areas by slug; the form takes the area's key (an unknown slug is sent as typed)."""
    area = SkillArea.objects.filter(slug=row["skill_area"]).first()
    return {**row, "skill_area": str(area.pk) if area else row["skill_area"]}


def cohort_data(org, *, targets=(), courses=(), **fields) -> dict:
    data = {
        "organisation": org.pk,
        "name": "Adult social care data academy",
        "slug": "",
        "description": "",
        "rule_job_roles": "",
        "rule_bands": "",
        "rule_started_from": "",
        "rule_started_to": "",
        "hand_picked": "",
        "green_from": "80",
        "amber_from": "60",
    }
    data.update(fields)
    data.update(formset("targets", [_by_area_key(row) for row in targets]))
    data.update(formset("courses", list(courses)))
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def spells(cohort):
    return sorted(CohortMembership.objects.filter(cohort=cohort).values_list("staff__employee_number", "left_on"))


def test_hr_creates_a_cohort_and_its_rules_are_applied_at_once(hr_client, org, teams, areas, course):
    StaffMemberFactory(organisation=org, team=teams["reablement"], employee_number="R1")
    StaffMemberFactory(organisation=org, team=teams["housing"], employee_number="H1")
    StaffMemberFactory(organisation=org, team=teams["housing"], employee_number="H2")
    data = cohort_data(
        org,
        rule_teams=[teams["asc"].pk],
        hand_picked="H2 – picked by hand\n",
        targets=[{"skill_area": "reading-and-interpreting-data", "level": "2"}],
        courses=[{"course": course.pk, "due_date": DUE.isoformat()}],
    )
    response = hr_client.post(reverse("cohort:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    cohort = Cohort.objects.get(organisation=org)
    assert cohort.slug == "adult-social-care-data-academy"
    assert list(cohort.targets.values_list("skill_area__slug", "level")) == [("reading-and-interpreting-data", 2)]
    assert list(cohort.courses.values_list("course_id", "due_date")) == [(course.pk, DUE)]
    assert spells(cohort) == [("H2", None), ("R1", None)]
    assert set(
        Enrolment.objects.filter(course=course, due_date=DUE).values_list("staff__employee_number", flat=True)
    ) == {
        "H2",
        "R1",
    }
    assert any("2 joined, 0 left, 2 enrolled" in m for m in messages_of(response))


def test_editing_the_rules_moves_people_in_and_out_with_dated_spells(hr_client, org, teams, areas):
    StaffMemberFactory(organisation=org, team=teams["reablement"], employee_number="R1")
    StaffMemberFactory(organisation=org, team=teams["housing"], employee_number="H1")
    cohort = Cohort.objects.create(organisation=org, name="Reablement", slug="reablement")
    cohort.rule_teams.add(teams["reablement"])
    CohortMembership.objects.create(
        cohort=cohort, staff=org.staff.get(employee_number="R1"), joined_on=date(2026, 1, 5)
    )
    response = hr_client.post(
        reverse("cohort:edit", args=[cohort.pk]),
        cohort_data(org, name="Housing", slug="reablement", rule_teams=[teams["housing"].pk]),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert spells(cohort) == [("H1", None), ("R1", timezone.localdate())]
    assert any("1 joined, 1 left, 0 enrolled" in m for m in messages_of(response))


def test_changing_a_course_due_date_moves_members_deadlines_but_not_ones_set_by_hand(hr_client, org, teams, course):
    for number in ("H1", "H2", "H3"):
        StaffMemberFactory(organisation=org, team=teams["housing"], employee_number=number)
    cohort = Cohort.objects.create(organisation=org, name="Housing", slug="housing")
    cohort.rule_teams.add(teams["housing"])
    assignment = CohortCourse.objects.create(cohort=cohort, course=course, due_date=DUE)
    cohort_membership_refresh(cohort=cohort)
    Enrolment.objects.filter(staff__employee_number="H2").update(due_date=date(2027, 1, 15))  # agreed one to one
    Enrolment.objects.filter(staff__employee_number="H3").update(completed_at=timezone.now())
    later = date(2027, 5, 31)
    data = cohort_data(
        org,
        name="Housing",
        slug="housing",
        rule_teams=[teams["housing"].pk],
        courses=[{"id": assignment.pk, "course": course.pk, "due_date": later.isoformat()}],
    )
    data["courses-INITIAL_FORMS"] = "1"
    response = hr_client.post(reverse("cohort:edit", args=[cohort.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    due = dict(Enrolment.objects.filter(course=course).values_list("staff__employee_number", "due_date"))
    assert due == {"H1": later, "H2": date(2027, 1, 15), "H3": DUE}
    assert any("0 joined, 0 left, 0 enrolled; 1 due date moved" in m for m in messages_of(response))
    hr_client.get(response.url)  # the listing shows (and so uses up) the message
    # Saving again with the same date moves nothing and says nothing about due dates.
    response = hr_client.post(reverse("cohort:edit", args=[cohort.pk]), data)
    assert not any("due date" in m for m in messages_of(response))


def test_hr_sees_only_their_organisations_cohorts_and_others_are_404(hr_client, org, other_org):
    own = Cohort.objects.create(organisation=org, name="Ward managers here", slug="wm")
    foreign = Cohort.objects.create(organisation=other_org, name="Secret cohort elsewhere", slug="secret")
    listing = hr_client.get(reverse("cohort:index")).content.decode()
    assert own.name in listing and foreign.name not in listing
    assert reverse("readiness_cohort", args=[own.pk]) in listing  # each cohort links to its dashboard page
    assert hr_client.get(reverse("cohort:edit", args=[own.pk])).status_code == 200
    assert hr_client.get(reverse("cohort:edit", args=[foreign.pk])).status_code == 404
    response = hr_client.post(reverse("cohort:edit", args=[foreign.pk]), cohort_data(other_org, name="Taken over"))
    assert response.status_code == 404
    assert hr_client.post(reverse("cohort:delete", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Secret cohort elsewhere"


def test_drop_downs_offer_only_the_organisations_teams_and_organisation(hr_client, org, other_org, teams):
    Team.objects.create(organisation=other_org, name="Secret ward")
    form = hr_client.get(reverse("cohort:add")).context["form"]
    assert list(form.fields["organisation"].queryset) == [org]
    assert form.initial["organisation"] == org.pk
    labels = [label for _, label in form.fields["rule_teams"].choices]
    assert labels == ["Adult Social Care", "Adult Social Care › Reablement", "Housing"]


def test_hr_cannot_create_a_cohort_in_another_organisation(hr_client, org, other_org):
    response = hr_client.post(reverse("cohort:add"), cohort_data(other_org))
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Cohort.objects.exists()


def test_teams_and_people_from_another_organisation_are_refused(hr_client, org, other_org, teams):
    secret_team = Team.objects.create(organisation=other_org, name="Secret ward")
    StaffMemberFactory(organisation=other_org, employee_number="SECRET-1")
    response = hr_client.post(
        reverse("cohort:add"), cohort_data(org, rule_teams=[secret_team.pk], hand_picked="SECRET-1\nNOPE-2")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "rule_teams" in errors
    assert errors["hand_picked"] == [
        cohort_forms.ERROR_UNKNOWN_EMPLOYEES.format(organisation=org, numbers="“SECRET-1”, “NOPE-2”").replace(
            "the employee number", "the employee numbers"
        )
    ]
    assert not Cohort.objects.exists() and not CohortMembership.objects.exists()


@pytest.mark.parametrize(
    ("fields", "targets", "courses", "message"),
    [
        ({"amber_from": "90"}, [], [], cohort_forms.ERROR_BAND_ORDER),
        ({"rule_started_from": "2026-05-01", "rule_started_to": "2026-01-01"}, [], [], cohort_forms.ERROR_START_ORDER),
        ({"name": "!!!", "slug": ""}, [], [], cohort_forms.ERROR_SLUG_EMPTY),
        ({}, [{"skill_area": "made-up-area", "level": "2"}], [], "Select a valid choice"),
        ({}, [{"skill_area": "using-ai-responsibly", "level": "5"}], [], "Select a valid choice"),
        ({}, [{"skill_area": "using-ai-responsibly", "level": "0"}], [], "Select a valid choice"),
        (
            {},
            [
                {"skill_area": "using-ai-responsibly", "level": "1"},
                {"skill_area": "using-ai-responsibly", "level": "2"},
            ],
            [],
            cohort_forms.ERROR_DUPLICATE_AREA,
        ),
        ({}, [], "duplicate-course", cohort_forms.ERROR_DUPLICATE_COURSE),
        ({}, [], [{"course": "", "due_date": "2027-01-01"}], "This field is required"),
        ({}, [], "no-due-date", "This field is required"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    hr_client, org, teams, areas, course, fields, targets, courses, message
):
    StaffMemberFactory(organisation=org, team=teams["reablement"])
    cohort = Cohort.objects.create(organisation=org, name="Existing", slug="existing")
    cohort.rule_teams.add(teams["housing"])
    reading = areas.areas.get(slug="reading-and-interpreting-data")
    CohortTarget.objects.create(cohort=cohort, skill_area=reading, level=1)
    if courses == "duplicate-course":
        courses = [{"course": course.pk, "due_date": "2027-01-01"}, {"course": course.pk, "due_date": "2027-02-01"}]
    elif courses == "no-due-date":
        courses = [{"course": course.pk, "due_date": ""}]
    data = cohort_data(
        org, name="Changed", slug="existing", rule_teams=[teams["asc"].pk], targets=targets, courses=courses
    )
    data.update(fields)
    before = (list(Cohort.objects.values()), list(CohortTarget.objects.values()), list(CohortCourse.objects.values()))
    response = hr_client.post(reverse("cohort:edit", args=[cohort.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    after = (list(Cohort.objects.values()), list(CohortTarget.objects.values()), list(CohortCourse.objects.values()))
    assert after == before
    assert not CohortMembership.objects.exists() and not Enrolment.objects.exists()


def test_a_short_name_already_used_in_the_organisation_is_refused(hr_client, org, other_org):
    Cohort.objects.create(organisation=org, name="Ward managers", slug="ward-managers")
    Cohort.objects.create(organisation=other_org, name="Theirs", slug="everyone")
    response = hr_client.post(reverse("cohort:add"), cohort_data(org, name="Ward Managers"))
    assert response.context["form"].errors["slug"] == [
        cohort_forms.ERROR_SLUG_TAKEN.format(organisation=org, slug="ward-managers")
    ]
    assert hr_client.post(reverse("cohort:add"), cohort_data(org, name="Everyone")).status_code == 302


def test_the_edit_form_shows_hand_picked_people_by_number_and_name(hr_client, org):
    person = StaffMemberFactory(organisation=org, employee_number="E7", first_name="Ada", last_name="Ng")
    cohort = Cohort.objects.create(organisation=org, name="Picked", slug="picked")
    cohort.hand_picked.add(person)
    form = hr_client.get(reverse("cohort:edit", args=[cohort.pk])).context["form"]
    assert form.initial["hand_picked"] == "E7 – Ada Ng"
    assert form.fields["organisation"].disabled


def test_rules_naming_a_job_role_nobody_has_get_a_warning(hr_client, org):
    StaffMemberFactory(organisation=org, job_role="Ward Manager")
    response = hr_client.post(reverse("cohort:add"), cohort_data(org, rule_job_roles="Ward Manager\nWard manger"))
    assert response.status_code == 302
    assert any("“Ward manger”" in m and "job role" in m for m in messages_of(response))
    assert CohortMembership.objects.count() == 1


def test_the_menu_is_shown_to_hr_and_not_to_editors_or_learners(client, org):
    home = reverse("wagtailadmin_home")
    client.force_login(_user_in("HR", org))
    page = client.get(home).content.decode()
    assert "Workforce readiness" in page and reverse("cohort:index") in page
    editor = _user_in("Editors")
    client.force_login(editor)
    assert "Workforce readiness" not in client.get(home).content.decode()
    assert client.get(reverse("cohort:index")).status_code in (302, 403)
    learner = StaffMemberFactory(organisation=org)
    client.force_login(learner.user)
    assert client.get(reverse("cohort:index")).status_code in (302, 403)
    assert not Cohort.objects.exists()


def test_platform_admins_see_every_organisations_cohorts(client, org, other_org):
    Cohort.objects.create(organisation=org, name="Ours", slug="ours")
    Cohort.objects.create(organisation=other_org, name="Theirs", slug="theirs")
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    client.force_login(admin)
    listing = client.get(reverse("cohort:index")).content.decode()
    assert "Ours" in listing and "Theirs" in listing


def test_the_listing_costs_the_same_number_of_queries_however_many_cohorts(hr_client, org, teams):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listing_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert hr_client.get(reverse("cohort:index")).status_code == 200
        return len(queries)

    Cohort.objects.create(organisation=org, name="First", slug="first")
    listing_queries()  # warm the per-process caches
    few = listing_queries()
    for number in range(6):
        cohort = Cohort.objects.create(organisation=org, name=f"Cohort {number}", slug=f"cohort-{number}")
        StaffMemberFactory(organisation=org, team=teams["housing"]).cohort_memberships.create(
            cohort=cohort, joined_on=date(2026, 1, 5)
        )
    assert listing_queries() == few
