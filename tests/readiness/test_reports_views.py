"""Workforce readiness screens: who may see them, what they show, bad filters, query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.models import SkillResult
from cms.calendar import end_of_local_day
from learning.models import Enrolment
from readiness.models import Cohort, CohortCourse, CohortMembership, CohortTarget
from readiness.reports import forms as report_forms
from readiness.reports import views
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.assessments import SkillAreaFactory, SkillFrameworkFactory
from tests.factories.learning import TeamFactory, course_with_lessons, mfa_activate
from tests.factories.readiness import load_worked_example, worked_example

pytestmark = pytest.mark.django_db
EXAMPLE = worked_example()
AS_OF = EXAMPLE["expected"]["as_of"]["as_of"]


@pytest.fixture
def example():
    return load_worked_example()


def hr_for(organisation):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(user)
    StaffMemberFactory(organisation=organisation, user=user, employee_number="HR-1")
    return user


@pytest.fixture
def hr_client(client, example):
    cohort, _ = example
    client.force_login(hr_for(cohort.organisation))
    return client


def url(name, pk, **params):
    from urllib.parse import urlencode

    return reverse(name, args=[pk]) + (f"?{urlencode(params)}" if params else "")


def test_the_cohort_page_shows_headline_area_figures_and_the_heatmap(hr_client, example):
    cohort, _ = example
    response = hr_client.get(url("readiness_cohort", cohort.pk, as_of=AS_OF))
    assert response.status_code == 200
    html = response.content.decode()
    expected = EXAMPLE["expected"]["as_of"]
    # Headline readiness 68% (mean of 73% and 64%), members 11, ready in every area 36%.
    assert "68%" in html and ">11<" in html and "36%" in html
    heatmap = response.context["heatmap"]
    assert [row["label"] for row in heatmap] == ["Ward 1", "Ward 2"]
    ward1 = heatmap[0]["row"]
    assert [cell["text"] for cell in ward1] == ["83%", "67%"]
    assert [cell["band"] for cell in ward1] == ["green", "amber"]
    assert ward1[0]["counts"] == "5 of 6"
    assert f"team={heatmap[0]['team_id']}" in ward1[1]["url"]
    areas = {row["slug"]: row for row in response.context["areas"]}
    assert (
        areas["reading-and-interpreting-data"]["ready"] == expected["areas"]["reading-and-interpreting-data"]["ready"]
    )
    assert "<svg" in html and "Readiness per skill area" in html  # the chart and its table


def test_the_cohort_page_shows_completion_by_team_linking_to_who_is_overdue(hr_client, example):
    cohort, people = example
    as_of = date.fromisoformat(AS_OF)
    course = course_with_lessons(modules=1, lessons_per_module=1)
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=as_of - timedelta(days=3))
    enrolled_at = end_of_local_day(as_of) - timedelta(days=30)
    for pid in ("A", "B", "G"):
        Enrolment.objects.create(
            staff=people[pid], course=course, due_date=as_of - timedelta(days=3), enrolled_at=enrolled_at
        )
    Enrolment.objects.filter(staff=people["A"]).update(completed_at=enrolled_at + timedelta(days=1))
    response = hr_client.get(url("readiness_cohort", cohort.pk, as_of=AS_OF))
    rows = {row["team"]: row for row in response.context["completion_teams"]}
    assert (rows["Ward 1"]["enrolled"], rows["Ward 1"]["overdue"], rows["Ward 2"]["overdue"]) == (2, 1, 1)
    assert "Course completion by team" in response.content.decode()
    overdue = hr_client.get(rows["Ward 1"]["overdue_url"])
    assert overdue.status_code == 200
    assert {p["employee_number"] for p in overdue.context["page"].object_list} == {"B"}


def test_when_every_team_is_under_five_completion_by_team_is_one_sentence(hr_client, example):
    cohort, people = example
    small = Cohort.objects.create(organisation=cohort.organisation, name="Three people", slug="three")
    for target in cohort.targets.all():
        CohortTarget.objects.create(cohort=small, skill_area=target.skill_area, level=target.level)
    for pid in ("A", "B", "G"):
        CohortMembership.objects.create(cohort=small, staff=people[pid], joined_on=date(2025, 1, 1))
    course = course_with_lessons(modules=1, lessons_per_module=1)
    CohortCourse.objects.create(cohort=small, course=course, due_date=date.fromisoformat(AS_OF) + timedelta(days=30))
    for pid in ("A", "B", "G"):
        Enrolment.objects.create(staff=people[pid], course=course, enrolled_at=end_of_local_day(date(2025, 1, 1)))
    response = hr_client.get(url("readiness_cohort", small.pk, as_of=AS_OF))
    assert response.context["completion_teams_all_hidden"] is True
    html = response.content.decode()
    assert "Every team has fewer than 5 members in this cohort" in html
    assert "Course completion by team" not in html
    assert "By team</h3>" in html  # one course: no "all 1 courses together"


def test_small_teams_show_less_than_five_without_a_percentage_or_link(hr_client, example):
    cohort, _ = example
    response = hr_client.get(url("readiness_cohort", cohort.pk, as_of=EXAMPLE["expected"]["baseline"]["as_of"]))
    ward2 = response.context["heatmap"][1]
    assert ward2["label"] == "Ward 2"
    assert all(cell["text"] == "<5" and cell["url"] == "" and cell["counts"] == "" for cell in ward2["row"])
    assert "&lt;5" in response.content.decode()


def test_drilling_into_a_cell_lists_the_people_not_ready_in_that_team_and_area(hr_client, example):
    cohort, people = example
    page = hr_client.get(url("readiness_cohort", cohort.pk, as_of=AS_OF))
    cell = page.context["heatmap"][0]["row"][1]  # Ward 1, data protection: 4 of 6 ready
    response = hr_client.get(cell["url"])
    assert response.status_code == 200
    listed = {p["employee_number"] for p in response.context["page"].object_list}
    levels = EXAMPLE["expected"]["as_of"]["areas"]["data-protection-security-and-ethics"]["levels"]
    ward1 = {p["id"] for p in EXAMPLE["people"] if p["team"] == "Ward 1"}
    expected = {pid for pid, level in levels.items() if pid in ward1 and (level is None or level < 2)}
    assert listed == expected == {"D", "E"}
    html = response.content.decode()
    assert reverse("readiness:staff_record", args=[people["D"].pk]) + "?back=" in html  # the name opens the record


@pytest.mark.parametrize(
    "status, expected",
    [("unassessed", {"J"}), ("below", {"C", "H"}), ("ready", {"A", "B", "D", "E", "F", "G", "I", "K"})],
)
def test_staff_filters_by_status_in_one_area(hr_client, example, status, expected):
    cohort, _ = example
    response = hr_client.get(
        url("readiness_cohort_staff", cohort.pk, as_of=AS_OF, area="reading-and-interpreting-data", status=status)
    )
    assert {p["employee_number"] for p in response.context["page"].object_list} == expected


@pytest.mark.parametrize(
    "params",
    [
        {"as_of": "not-a-date"},
        {"as_of": (timezone.localdate() + timedelta(days=2)).isoformat()},
        {"as_of": "1999-12-31"},
        {"area": "no-such-area"},
        {"status": "everyone-ever"},
        {"team": "abc"},
    ],
)
def test_bad_filters_get_a_clear_message_and_no_figures(hr_client, example, params):
    cohort, _ = example
    response = hr_client.get(url("readiness_cohort_staff", cohort.pk, **params))
    assert response.status_code == 400
    assert "There is a problem with the filters" in response.content.decode()
    assert "page" not in response.context or response.context.get("page") is None


def test_a_baseline_after_the_as_of_date_is_refused(hr_client, example):
    cohort, _ = example
    response = hr_client.get(url("readiness_cohort_progress", cohort.pk, as_of=AS_OF, baseline="2026-07-01"))
    assert response.status_code == 400
    assert report_forms.ERROR_BASELINE_ORDER in response.content.decode()


def test_progress_page_shows_monthly_points_and_the_learning_gain(hr_client, example):
    cohort, _ = example
    gain = EXAMPLE["expected"]["learning_gain"]
    response = hr_client.get(
        url("readiness_cohort_progress", cohort.pk, as_of=gain["as_of"], baseline=gain["baseline"])
    )
    assert response.status_code == 200
    assert len(response.context["trend"]["rows"]) == 12
    assert response.context["trend"]["rows"][-1]["cells"] == ["73%", "64%"]
    rows = {row["name"]: row for row in response.context["gain"]}
    reading = rows["Reading and interpreting data"]
    assert (reading["people"], reading["mean_level_change"], reading["conversion"]) == (8, "+0.75", "60%")


def test_the_index_lists_own_cohorts_with_headlines_and_not_other_organisations(hr_client, example):
    cohort, _ = example
    other = load_worked_example(OrganisationFactory(name="Elsewhere"))[0]
    response = hr_client.get(reverse("readiness_index"))
    assert response.status_code == 200
    listed = [item["cohort"] for item in response.context["cohorts"]]
    assert listed == [cohort] and other not in listed
    assert "Elsewhere" not in response.content.decode()


@pytest.mark.parametrize(
    "name", ["readiness_cohort", "readiness_cohort_progress", "readiness_cohort_staff", "readiness_cohort_export"]
)
def test_another_organisations_cohort_is_not_found(hr_client, example, name):
    other = load_worked_example(OrganisationFactory(name="Elsewhere"))[0]
    assert hr_client.get(url(name, other.pk)).status_code == 404


def test_another_organisations_overview_is_not_found(hr_client, example):
    other = OrganisationFactory(name="Elsewhere")
    assert hr_client.get(url("readiness_organisation", other.pk)).status_code == 404
    assert hr_client.get(url("readiness_organisation_staff", other.pk)).status_code == 404


@pytest.mark.parametrize("role", ["learner", "editor"])
def test_people_without_hr_rights_are_refused(client, example, role):
    cohort, _ = example
    user = StaffMemberFactory(organisation=cohort.organisation).user
    if role == "editor":
        user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    for target in (reverse("readiness_index"), url("readiness_cohort", cohort.pk)):
        response = client.get(target)
        assert response.status_code in (302, 403)
        assert "Ward 1" not in response.content.decode()


def test_the_organisation_overview_groups_teams_under_directorates(client, db):
    framework = SkillFrameworkFactory()
    SkillAreaFactory(framework=framework, slug="digital-working", name="Digital working", default_target_level=2)
    organisation = OrganisationFactory()
    directorate = TeamFactory(organisation=organisation, name="Adult social care")
    teams = [TeamFactory(organisation=organisation, name=f"Team {n}", parent=directorate) for n in (1, 2)]
    for n in range(12):
        StaffMemberFactory(organisation=organisation, team=teams[n % 2])
    client.force_login(hr_for(organisation))
    response = client.get(url("readiness_organisation", organisation.pk))
    assert response.status_code == 200
    labels = [row["label"] for row in response.context["directorates"]]
    assert "Adult social care" in labels
    team_labels = [row["label"] for row in response.context["teams"]]
    assert "Adult social care / Team 1" in team_labels
    assert response.context["headline"]["members"] == 13  # the HR user's own record has no team


@pytest.fixture
def two_directorates(client, db, monkeypatch):
    """An organisation with two directorates of two teams each, seen as if it had too many teams to show at once."""
    monkeypatch.setattr(views, "TEAMS_SHOWN_WHOLE", 3)
    framework = SkillFrameworkFactory()
    SkillAreaFactory(framework=framework, slug="digital-working", name="Digital working", default_target_level=2)
    organisation = OrganisationFactory()
    directorates = {}
    for name in ("Adult social care", "Housing"):
        directorate = directorates[name] = TeamFactory(organisation=organisation, name=name)
        for n in (1, 2):
            team = TeamFactory(organisation=organisation, name=f"{name} team {n}", parent=directorate)
            for _ in range(5):
                StaffMemberFactory(organisation=organisation, team=team)
    client.force_login(hr_for(organisation))
    return client, organisation, directorates


def test_with_many_teams_the_overview_shows_one_directorates_teams_at_a_time(two_directorates):
    client, organisation, directorates = two_directorates
    response = client.get(url("readiness_organisation", organisation.pk))
    assert response.status_code == 200
    assert response.context["teams"] == []
    html = response.content.decode()
    assert "There are 4 teams. Choose a directorate" in html
    assert "Housing (2 teams)" in html  # the choice says how many teams it holds
    rows = {row["label"]: row for row in response.context["directorates"]}
    link = rows["Housing"]["url"]
    assert f"directorate={directorates['Housing'].pk}" in link
    assert f'href="{link.replace("&", "&amp;")}"' in html  # the directorate's row header links to its teams
    chosen = client.get(link)
    assert chosen.status_code == 200
    assert [row["label"] for row in chosen.context["teams"]] == ["Housing / Housing team 1", "Housing / Housing team 2"]
    assert "Teams by skill area: Housing" in chosen.content.decode()


@pytest.mark.parametrize("kind", ["text", "negative", "unknown", "another organisation's team", "a sub-team"])
def test_a_directorate_that_is_not_one_of_the_organisations_is_refused(two_directorates, kind):
    client, organisation, directorates = two_directorates
    value = {
        "text": "abc",
        "negative": "-1",
        "unknown": "999999",
        "another organisation's team": lambda: str(TeamFactory(organisation=OrganisationFactory()).pk),
        "a sub-team": lambda: str(directorates["Housing"].children.first().pk),
    }[kind]
    response = client.get(
        url("readiness_organisation", organisation.pk, directorate=value() if callable(value) else value)
    )
    assert response.status_code == 400
    assert views.ERROR_DIRECTORATE in response.content.decode()
    assert response.context.get("report") is None  # nothing is shown until the filter is fixed


def test_page_query_counts_do_not_grow_with_the_cohort(hr_client, example):
    cohort, _ = example
    pages = [url("readiness_cohort", cohort.pk, as_of=AS_OF), url("readiness_cohort_staff", cohort.pk, as_of=AS_OF)]
    for page in pages:  # warm the per-process caches (site, permissions) first
        hr_client.get(page)
    before = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert hr_client.get(page).status_code == 200
        before.append(len(queries.captured_queries))
    team = TeamFactory(organisation=cohort.organisation, name="Ward 9")
    for _ in range(30):
        staff = StaffMemberFactory(organisation=cohort.organisation, team=team)
        CohortMembership.objects.create(cohort=cohort, staff=staff, joined_on=date(2026, 1, 1))
    after = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert hr_client.get(page).status_code == 200
        after.append(len(queries.captured_queries))
    assert after == before


@pytest.mark.parametrize(
    "name", ["readiness_cohort", "readiness_cohort_progress", "readiness_cohort_staff", "readiness_cohort_export"]
)
def test_a_cohort_without_targets_still_shows_its_pages(hr_client, example, name):
    cohort, _ = example
    cohort.targets.all().delete()
    params = {"table": "summary", "format": "csv"} if name == "readiness_cohort_export" else {}
    response = hr_client.get(url(name, cohort.pk, as_of=AS_OF, **params))
    assert response.status_code == 200
    if name == "readiness_cohort":
        assert "No targets are set" in response.content.decode()


def test_the_cohort_list_shows_a_new_result_at_once(hr_client, example):
    cohort, people = example
    first = hr_client.get(reverse("readiness_index")).context["cohorts"][0]["headline"]
    area = SkillResult.objects.filter(area__slug="data-protection-security-and-ethics").first().area
    SkillResult.objects.create(  # E has no data-protection result at all
        staff=people["E"], area=area, level=4, source="assessed", expires_at=timezone.now() + timedelta(days=300)
    )
    second = hr_client.get(reverse("readiness_index")).context["cohorts"][0]["headline"]
    assert first["members"] == second["members"]
    assert second["readiness"] > first["readiness"]


def test_the_organisation_workbook_is_asked_for_and_its_tables_stay_direct_downloads(client, example):
    """The whole workbook (with every member of staff) is prepared in the background (tests/notifications/
    test_longwork.py follows it through); each table is still a direct CSV download."""
    cohort, _ = example
    client.force_login(hr_for(cohort.organisation))
    page = client.get(url("readiness_organisation", cohort.organisation.pk))
    first, *tables = page.context["downloads"]
    assert first["url"].startswith(reverse(views.WORKBOOK_PREPARE, args=[cohort.organisation.pk]))
    html = page.content.decode()
    assert f'href="{escape(first["url"])}">' in html  # a page to go to, not a file to save
    assert [link["label"] for link in tables] == ["Summary (CSV)", "Areas (CSV)", "Teams (CSV)", "Staff (CSV)"]
    response = client.get(tables[0]["url"])
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-summary.csv"')


@pytest.mark.parametrize("table", ["summary,nonsense", "summary,areas"])
def test_a_bad_table_list_is_refused(hr_client, example, table):
    cohort, _ = example
    response = hr_client.get(url("readiness_cohort_export", cohort.pk, table=table, format="csv"))
    assert response.status_code == 400
    assert not response.get("Content-Disposition")


# --- nested teams, bad dates on every page, access to every screen, downloads in the audit log ------------------


def _nested_organisation():
    """A directorate with 6 people of its own and a sub-team of 6, all unassessed in one targeted area."""
    framework = SkillFrameworkFactory()
    SkillAreaFactory(framework=framework, slug="digital-working", name="Digital working", default_target_level=2)
    organisation = OrganisationFactory()
    parent = TeamFactory(organisation=organisation, name="Adult social care")
    child = TeamFactory(organisation=organisation, name="Reablement", parent=parent)
    for team in (parent, child):
        for _ in range(6):
            StaffMemberFactory(organisation=organisation, team=team)
    return organisation, parent, child


def test_a_team_cell_lists_that_team_only_and_a_directorate_cell_its_whole_tree(client, db):
    organisation, parent, child = _nested_organisation()
    client.force_login(hr_for(organisation))
    page = client.get(url("readiness_organisation", organisation.pk))
    teams = {row["label"]: row for row in page.context["teams"]}
    team_cell = teams["Adult social care"]["row"][0]
    assert team_cell["counts"] == "0 of 6"
    listed = client.get(team_cell["url"])
    assert listed.status_code == 200
    assert listed.context["total"] == 6
    assert {p["team"] for p in listed.context["page"].object_list} == {"Adult social care"}
    assert "(not its sub-teams)" in listed.content.decode()
    directorate_cell = next(r for r in page.context["directorates"] if r["label"] == "Adult social care")["row"][0]
    assert directorate_cell["counts"] == "0 of 12"
    assert client.get(directorate_cell["url"]).context["total"] == 12


@pytest.mark.parametrize("name", ["readiness_cohort", "readiness_cohort_progress", "readiness_cohort_export"])
@pytest.mark.parametrize("bad", ["31/02/2026", (timezone.localdate() + timedelta(days=1)).isoformat(), "1999-01-01"])
def test_a_bad_date_on_any_cohort_screen_gets_a_clear_message_and_nothing_else(hr_client, example, name, bad):
    from learning.models import AuditLogEntry

    cohort, _ = example
    response = hr_client.get(url(name, cohort.pk, as_of=bad, format="csv", table="areas"))
    assert response.status_code == 400
    text = response.content.decode()
    messages = ("Enter a valid date", report_forms.ERROR_FUTURE, report_forms.ERROR_TOO_EARLY)
    assert any(message in text for message in messages)
    assert "Ward 1" not in text and not response.get("Content-Disposition")
    assert not AuditLogEntry.objects.exists()


def test_a_bad_date_on_the_organisation_overview_is_refused(hr_client, example):
    cohort, _ = example
    response = hr_client.get(url("readiness_organisation", cohort.organisation.pk, as_of="2026-13-01"))
    assert response.status_code == 400
    assert "There is a problem with the filters" in response.content.decode()


def test_another_organisations_download_is_not_found(hr_client, example):
    from learning.models import AuditLogEntry

    other = OrganisationFactory(name="Elsewhere")
    assert hr_client.get(url("readiness_organisation_export", other.pk, format="csv", table="areas")).status_code == 404
    assert not AuditLogEntry.objects.exists()


@pytest.mark.parametrize("role", ["learner", "editor", "manager"])
def test_every_readiness_screen_refuses_people_without_hr_rights(client, example, role):
    cohort, people = example
    user = StaffMemberFactory(organisation=cohort.organisation).user
    if role == "editor":
        user.groups.add(Group.objects.get(name="Editors"))
    if role == "manager":
        people["A"].line_manager = user.staff_records.get()
        people["A"].save()
    client.force_login(user)
    org = cohort.organisation.pk
    for target in (
        reverse("readiness_index"),
        url("readiness_cohort", cohort.pk),
        url("readiness_cohort_progress", cohort.pk),
        url("readiness_cohort_staff", cohort.pk),
        url("readiness_cohort_export", cohort.pk, format="csv", table="staff"),
        url("readiness_organisation", org),
        url("readiness_organisation_staff", org),
        url("readiness_organisation_export", org, format="csv", table="staff"),
    ):
        response = client.get(target)
        assert response.status_code in (302, 403), target
        assert not response.get("Content-Disposition"), target
        assert "Ward 1" not in response.content.decode(), target


def test_a_download_from_the_dashboard_is_audited_under_the_hr_user(client, example):
    from learning.models import AuditLogEntry

    cohort, _ = example
    user = hr_for(cohort.organisation)
    client.force_login(user)
    page = client.get(url("readiness_cohort", cohort.pk, as_of=AS_OF))
    link = next(d for d in page.context["downloads"] if d["label"] == "Areas (CSV)")
    response = client.get(link["url"])
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("cohort,as_of,skill_area,target_level")
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.organisation) == ("export", user, cohort.organisation)
    assert entry.row_count == len(response.content.decode().strip().splitlines()) - 1


def test_the_cohort_list_follows_a_changed_target_and_a_completion_at_once(hr_client, example):
    from learning.models import Enrolment
    from readiness.models import CohortCourse
    from tests.factories.learning import course_with_lessons

    cohort, _ = example
    first = hr_client.get(reverse("readiness_index")).context["cohorts"][0]["headline"]
    cohort.targets.filter(skill_area__slug="reading-and-interpreting-data").update(level=1)  # an easier target
    second = hr_client.get(reverse("readiness_index")).context["cohorts"][0]["headline"]
    assert second["readiness"] > first["readiness"]
    course = course_with_lessons(modules=1, lessons_per_module=1)
    CohortCourse.objects.create(cohort=cohort, course=course, due_date=date(2026, 1, 31))
    member = CohortMembership.objects.filter(cohort=cohort, left_on__isnull=True, staff__leave_date__isnull=True)[0]
    enrolment = Enrolment.objects.create(staff=member.staff, course=course, source="cohort")
    before = hr_client.get(reverse("readiness_index")).context["cohorts"][0]["headline"]
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    after = hr_client.get(reverse("readiness_index")).context["cohorts"][0]["headline"]
    assert (before["enrolments"], before["completed"]) == (1, 0)
    assert (after["enrolments"], after["completed"]) == (1, 1)


def test_a_cohort_without_courses_says_so_instead_of_zero_of_zero(hr_client, example):
    cohort, _ = example
    assert not cohort.courses.exists()
    html = hr_client.get(url("readiness_cohort", cohort.pk, as_of=AS_OF)).content.decode()
    assert "No course enrolments to count" in html and "0 of 0" not in html
