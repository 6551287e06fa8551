"""The demo cohorts tell a true story on the dashboard: greens, ambers and reds, gaps, improvement, overdue work."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from assessments.models import SkillResult
from readiness.models import Cohort
from readiness.reports import service

AS_OF = date(2026, 11, 22)  # the demo's dates are fixed, so its story is read on a fixed day
BASELINE = date(2025, 9, 30)


def band(cohort: Cohort, readiness: float) -> str:
    percent = readiness * 100
    return "green" if percent >= cohort.green_from else "amber" if percent >= cohort.amber_from else "red"


@pytest.mark.django_db
def test_the_demo_dashboard_has_a_story_to_tell():
    call_command("seed_demo", stdout=io.StringIO())
    results = SkillResult.objects.count()

    academy = Cohort.objects.get(slug="asc-data-academy")
    report = service.cohort_report(academy, AS_OF)
    bands = {row.skill_area: band(academy, row.readiness) for row in report.area_table.itertuples()}
    assert set(bands.values()) == {"green", "amber", "red"}
    assert bands["reading-and-interpreting-data"] == "green"
    assert bands["data-protection-security-and-ethics"] == "red"
    assert int(report.summary["overdue"].iloc[0]) > 0

    # Is it improving? Reading data was red when the academy started and is green now.
    then = service.cohort_report(academy, BASELINE).area_table.set_index("skill_area")
    assert then.loc["reading-and-interpreting-data", "readiness"] < 0.6

    every_band = set()
    for cohort in Cohort.objects.exclude(pk=academy.pk):
        table = service.cohort_report(cohort, AS_OF).area_table
        every_band |= {band(cohort, value) for value in table["readiness"]}
        assert len(table) >= 4
    assert every_band == {"green", "amber", "red"}

    call_command("seed_demo", stdout=io.StringIO())
    assert SkillResult.objects.count() == results
