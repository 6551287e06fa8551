"""Every staff list links to the person's record: the readiness drill-downs (with a name search and a "Viewed"
audit entry per page), My team (with "not assessed" marked against the target) and the People list."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import SkillArea, SkillResult
from learning.models import AuditLogEntry
from readiness.models import Cohort, CohortMembership, CohortTarget
from readiness.record.viewed import STAFF_LIST_SUBJECT
from readiness.reports import forms as report_forms
from readiness.reports import presenters
from tests.factories import StaffMemberFactory
from tests.factories.assessments import SkillAreaFactory, SkillFrameworkFactory
from tests.factories.readiness import load_worked_example, worked_example
from tests.readiness.test_reports_views import hr_for

pytestmark = pytest.mark.django_db
AS_OF = worked_example()["expected"]["as_of"]["as_of"]


@pytest.fixture
def example():
    return load_worked_example()


@pytest.fixture
def hr_client(client, example):
    cohort, _ = example
    client.force_login(hr_for(cohort.organisation))
    return client


def url(view: str, pk: int, **params) -> str:
    from urllib.parse import urlencode

    return reverse(view, args=[pk]) + (f"?{urlencode(params)}" if params else "")


def record_links(html: str) -> list[str]:
    return re.findall(r'href="(/learning/people/\d+/[^"]*)"', html)


# --- the readiness staff lists -------------------------------------------------------------------------------


def test_each_name_on_the_cohort_staff_list_opens_the_record_and_leads_back(hr_client, example):
    cohort, people = example
    page = url("readiness_cohort_staff", cohort.pk, as_of=AS_OF, status="all")
    response = hr_client.get(page)
    links = record_links(response.content.decode().replace("&amp;", "&"))
    assert len(links) == 11  # every member on the day
    first = links[0]
    record = hr_client.get(first)
    assert record.status_code == 200
    back = parse_qs(urlparse(first).query)["back"][0]
    assert back == page
    assert f'href="{back.replace("&", "&amp;")}"' in record.content.decode()  # the back link, filters kept
    assert hr_client.get(back).status_code == 200


def test_the_organisation_staff_list_links_to_records(hr_client, example):
    cohort, _ = example
    response = hr_client.get(url("readiness_organisation_staff", cohort.organisation.pk, status="all"))
    assert response.status_code == 200
    assert record_links(response.content.decode())


def test_the_name_search_narrows_the_list_and_keeps_the_other_filters(hr_client, example):
    cohort, people = example
    params = {"as_of": AS_OF, "status": "all", "area": "reading-and-interpreting-data", "name": "person c"}
    response = hr_client.get(url("readiness_cohort_staff", cohort.pk, **params))
    assert response.status_code == 200
    assert [p["employee_number"] for p in response.context["page"].object_list] == ["C"]
    html = response.content.decode()
    assert 'name="name"' in html and 'value="person c"' in html  # the box keeps what was typed
    assert "matching “person c”" in html
    assert response.context["chosen_area"].slug == "reading-and-interpreting-data"  # other filters kept
    # the search works with the status filter: C is below target in reading, so "ready" finds nobody
    response = hr_client.get(url("readiness_cohort_staff", cohort.pk, **{**params, "status": "ready"}))
    assert list(response.context["page"].object_list) == []
    # an employee number matches too
    response = hr_client.get(url("readiness_cohort_staff", cohort.pk, as_of=AS_OF, status="all", name="  J "))
    assert [p["employee_number"] for p in response.context["page"].object_list] == ["J"]


def test_a_name_search_that_is_too_long_is_refused_with_a_message(hr_client, example):
    cohort, _ = example
    name = "x" * (report_forms.NAME_MAX_LENGTH + 1)
    response = hr_client.get(url("readiness_cohort_staff", cohort.pk, as_of=AS_OF, name=name))
    assert response.status_code == 400
    assert report_forms.ERROR_NAME_LENGTH.format(max=report_forms.NAME_MAX_LENGTH) in response.content.decode()
    assert not AuditLogEntry.objects.exists()  # nothing shown, nothing recorded


def test_name_matching_is_by_every_word_in_any_case():
    assert presenters.name_matches("ALEX sm", "Alex Smith", "E1")
    assert presenters.name_matches("e1", "Alex Smith", "E1")
    assert not presenters.name_matches("alex jones", "Alex Smith", "E1")


def test_viewing_a_staff_list_writes_one_viewed_entry_naming_the_people_shown(hr_client, example):
    cohort, people = example
    hr_client.get(url("readiness_cohort_staff", cohort.pk, as_of=AS_OF, status="all", name="person"))
    entry = AuditLogEntry.objects.get()
    assert entry.action == AuditLogEntry.Action.VIEW
    assert entry.subject == STAFF_LIST_SUBJECT.format(scope=f"cohort {cohort.slug}", as_of=AS_OF)
    assert entry.organisation == cohort.organisation
    assert entry.row_count == 11
    assert {s.employee_number for s in entry.staff.all()} == set("ABCDEFGHIJK")
    assert "Searched by name" in entry.detail and "person" not in entry.detail.replace("Searched", "")
    assert "Page 1 of 1" in entry.detail and "status=all" in entry.detail


def test_the_organisation_staff_list_is_audited_for_its_organisation(hr_client, example):
    cohort, _ = example
    organisation = cohort.organisation
    hr_client.get(url("readiness_organisation_staff", organisation.pk, status="all"))
    entry = AuditLogEntry.objects.get()
    today = timezone.localdate().isoformat()
    assert entry.subject == STAFF_LIST_SUBJECT.format(scope=f"organisation {organisation.slug}", as_of=today)
    assert entry.organisation == organisation


def test_the_audit_costs_two_inserts_and_does_not_grow_with_the_page(hr_client, example):
    cohort, people = example
    page = url("readiness_cohort_staff", cohort.pk, as_of=AS_OF, status="all")
    hr_client.get(page)
    with CaptureQueriesContext(connection) as queries:
        assert hr_client.get(page).status_code == 200
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 2
    assert all("audit" in sql.lower() for sql in inserts)


def test_a_cohort_export_of_the_staff_table_names_everyone_in_it(hr_client, example):
    cohort, _ = example
    response = hr_client.get(url("readiness_cohort_export", cohort.pk, as_of=AS_OF, table="staff", format="csv"))
    assert response.status_code == 200
    entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.EXPORT)
    assert {s.employee_number for s in entry.staff.all()} == set("ABCDEFGHIJK")
    hr_client.get(url("readiness_cohort_export", cohort.pk, as_of=AS_OF, table="areas", format="csv"))
    areas_only = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.EXPORT).latest("id")
    assert not areas_only.staff.exists()  # figures per area name nobody


# --- My team -------------------------------------------------------------------------------------------------


@pytest.fixture
def team_world(db):
    framework = SkillFrameworkFactory()
    area = SkillAreaFactory(framework=framework, slug="data-protection", name="Data protection", default_target_level=2)
    SkillAreaFactory(framework=framework, slug="using-ai", name="Using AI", default_target_level=0)
    manager = StaffMemberFactory(first_name="Morgan", last_name="Reid")
    unassessed = StaffMemberFactory(
        organisation=manager.organisation, line_manager=manager, first_name="Una", last_name="Assessed"
    )
    ready = StaffMemberFactory(
        organisation=manager.organisation, line_manager=manager, first_name="Rae", last_name="Ready"
    )
    now = timezone.now()
    SkillResult.objects.create(staff=ready, area=area, level=2, source="assessed", assessed_at=now - timedelta(days=3))
    return manager, unassessed, ready


def test_my_team_names_open_the_record_and_it_leads_back(client, team_world):
    manager, unassessed, _ = team_world
    client.force_login(manager.user)
    html = client.get("/learning/team/?sort=team").content.decode().replace("&amp;", "&")
    links = record_links(html)
    assert any(link.startswith(f"/learning/people/{unassessed.pk}/") for link in links)
    link = next(link for link in links if link.startswith(f"/learning/people/{unassessed.pk}/"))
    assert parse_qs(urlparse(link).query)["back"] == ["/learning/team/?sort=team"]
    record = client.get(link)
    assert record.status_code == 200 and "Una Assessed" in record.content.decode()
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.VIEW, actor=manager.user).count() == 1


def test_my_team_marks_not_assessed_against_a_target_as_not_ready(client, team_world):
    manager, unassessed, ready = team_world
    client.force_login(manager.user)
    response = client.get("/learning/team/")
    rows = {row.person.id: row for row in response.context["overview"].rows}
    protection = next(c for c in rows[unassessed.id].levels if c.area.slug == "data-protection")
    no_target = next(c for c in rows[unassessed.id].levels if c.area.slug == "using-ai")
    assert protection.not_assessed_against_target and not protection.assessed
    assert not no_target.not_assessed_against_target  # no target, nothing to be ready for
    assert not next(c for c in rows[ready.id].levels if c.area.slug == "data-protection").not_assessed_against_target
    html = response.content.decode()
    assert html.count(">Not ready</strong>") == 1


def test_my_team_uses_the_cohort_target_for_not_assessed(client, team_world):
    manager, unassessed, _ = team_world
    ai = SkillArea.objects.get(slug="using-ai")
    cohort = Cohort.objects.create(organisation=manager.organisation, name="AI pilots", slug="ai")
    CohortTarget.objects.create(cohort=cohort, skill_area=ai, level=1)
    CohortMembership.objects.create(cohort=cohort, staff=unassessed, joined_on=date(2024, 1, 1))
    client.force_login(manager.user)
    assert client.get("/learning/team/").content.decode().count(">Not ready</strong>") == 2


# --- the People list in the admin --------------------------------------------------------------------------


def test_the_people_list_links_each_record(client, example):
    cohort, people = example
    client.force_login(hr_for(cohort.organisation))
    response = client.get("/admin/staffmember/")
    assert response.status_code == 200
    html = response.content.decode()
    person = people["A"]
    assert f'href="/learning/people/{person.pk}/?back=%2Fadmin%2Fstaffmember%2F"' in html
    assert 'View record<span class="w-sr-only"> of Person A</span>' in html
