"""The demo cohorts: made from rules, backdated into a year of history, and left alone by a second run."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from learning.models import Enrolment, LessonProgress, StaffMember
from readiness.demo.cohorts import DEMO_COHORTS
from readiness.models import Cohort, CohortMembership


def _history():
    return (
        sorted(CohortMembership.objects.values_list("cohort__slug", "staff__employee_number", "joined_on", "left_on")),
        sorted(
            Enrolment.objects.values_list("staff__employee_number", "source", "due_date", "enrolled_at", "completed_at")
        ),
        sorted(LessonProgress.objects.values_list("staff__employee_number", "lesson_id", "completed_at")),
        sorted(Cohort.objects.values_list("organisation__slug", "slug", "name", "green_from", "amber_from")),
    )


@pytest.fixture
def seeded(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_cohorts_are_listed_and_a_second_run_changes_nothing(seeded):
    for spec in DEMO_COHORTS:
        assert f"{spec.name} ({spec.slug})" in seeded
    assert "Adult social care data academy (asc-data-academy), 30 members" in seeded
    first = _history()
    call_command("seed_demo", stdout=io.StringIO())
    assert _history() == first


def test_membership_has_a_year_of_history(seeded):
    academy = Cohort.objects.get(slug="asc-data-academy")
    joined = Counter(CohortMembership.objects.filter(cohort=academy).values_list("joined_on", flat=True))
    assert joined.most_common(1)[0][0] == date(2025, 9, 1)
    assert any(day > date(2026, 1, 1) for day in joined)  # a few joined later
    closed = CohortMembership.objects.filter(cohort=academy, left_on__isnull=False)
    assert closed.count() == 2  # two moved to other teams
    assert not CohortMembership.objects.filter(joined_on=timezone.localdate()).exists()
    assert not Enrolment.objects.filter(source="cohort", enrolled_at__date=timezone.localdate()).exists()
    picked = set(academy.hand_picked.values_list("employee_number", flat=True))
    assert picked == {"NBC00010", "NBC00020"}


def test_the_academy_has_overdue_and_completed_enrolments(seeded):
    academy = Cohort.objects.get(slug="asc-data-academy")
    assignment = academy.courses.get()
    members = CohortMembership.objects.filter(cohort=academy, left_on__isnull=True).values("staff_id")
    enrolments = Enrolment.objects.filter(course=assignment.course, staff_id__in=members)
    assert enrolments.count() == 30
    assert assignment.due_date < date(2026, 11, 22)
    overdue = enrolments.filter(completed_at__isnull=True, due_date__lt=date(2026, 11, 22))
    assert 0 < overdue.count() < 20
    assert enrolments.filter(completed_at__isnull=False).count() >= 8


def test_the_demo_learner_starts_with_nothing_enrolled(seeded):
    learner = StaffMember.objects.get(user__email="learner@northbrook.example")
    assert not Enrolment.objects.filter(staff=learner).exists()
    with_courses = Cohort.objects.filter(courses__isnull=False)
    assert not CohortMembership.objects.filter(staff=learner, cohort__in=with_courses).exists()
