"""Renaming a skill area (its slug and name) keeps its cohort targets on every screen: the cohort page, the
staff export and the organisation overview show the same figures under the new name."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from assessments.models import SkillArea
from readiness.reports import service
from tests.factories import StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate
from tests.factories.readiness import load_worked_example, worked_example

pytestmark = pytest.mark.django_db

AS_OF = worked_example()["expected"]["as_of"]["as_of"]
OLD, NEW = "data-protection-security-and-ethics", "information-governance"


@pytest.fixture
def hr_client(client):
    cohort, people = load_worked_example()
    user = UserFactory()
    user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(user)
    StaffMemberFactory(organisation=cohort.organisation, user=user, employee_number="HR-1")
    client.force_login(user)
    return client, cohort


def _figures(client, cohort) -> dict:
    page = client.get(reverse("readiness_cohort", args=[cohort.pk]) + f"?as_of={AS_OF}")
    assert page.status_code == 200
    export = client.get(reverse("readiness_cohort_export", args=[cohort.pk]) + f"?as_of={AS_OF}&table=staff&format=csv")
    assert export.status_code == 200
    staff_rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    overview = client.get(reverse("readiness_organisation", args=[cohort.organisation.pk]) + f"?as_of={AS_OF}")
    assert overview.status_code == 200
    report = service.cohort_report(cohort, date.fromisoformat(AS_OF))
    return {
        "areas": report.area_table.drop(columns="skill_area").round(6).to_dict("records"),
        "staff": sorted(
            (row["employee_number"], row["target_level"], row["assessed_level"], row["ready"])
            for row in staff_rows
            if row["skill_area"] in (OLD, NEW)
        ),
    }


def test_renaming_an_area_keeps_its_targets_and_figures_everywhere(hr_client):
    client, cohort = hr_client
    before = _figures(client, cohort)
    assert before["staff"], "the area is targeted, so the staff export lists it"

    area = SkillArea.objects.get(slug=OLD)
    area.slug, area.name = NEW, "Information governance"
    area.save()

    after = _figures(client, cohort)
    assert after["areas"] == before["areas"]
    assert after["staff"] == before["staff"]
    assert list(cohort.targets.values_list("skill_area__slug", flat=True).order_by("skill_area__slug")) == sorted(
        ["reading-and-interpreting-data", NEW]
    )
    page = client.get(reverse("readiness_cohort", args=[cohort.pk]) + f"?as_of={AS_OF}").content.decode()
    assert "Information governance" in page
