"""Tokens for caching headline figures: one that changes with the data, one per cohort for its settings."""

from __future__ import annotations

import hashlib

from django.db.models import Max

from assessments.models import SkillResult
from learning.models import Enrolment
from readiness.models import CohortCourse, CohortMembership, CohortTarget


def data_version() -> str:
    """Return a token that changes whenever a skill result, membership spell or enrolment is added, a spell
    closed or a course completed (five cheap aggregate queries), for caching headline figures briefly. Cohort
    settings (targets, courses, bands) are keyed separately: see ``cohort_settings``."""
    parts = [
        SkillResult.objects.aggregate(v=Max("id"))["v"],
        CohortMembership.objects.aggregate(v=Max("id"))["v"],
        Enrolment.objects.aggregate(v=Max("id"))["v"],
        Enrolment.objects.aggregate(v=Max("completed_at"))["v"],
        CohortMembership.objects.filter(left_on__isnull=False).count(),
    ]
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def cohort_settings(cohort_ids: list[int]) -> dict[int, str]:
    """Return, per cohort, a token of what its headline depends on besides the data: targets and assigned courses
    with due dates (two queries for any number of cohorts)."""
    found: dict[int, list] = {pk: [] for pk in cohort_ids}
    for row in (
        CohortTarget.objects.filter(cohort_id__in=cohort_ids)
        .order_by("cohort_id", "skill_area_id")
        .values_list("cohort_id", "skill_area_id", "level")
    ):
        found[row[0]].append(row[1:])
    for row in (
        CohortCourse.objects.filter(cohort_id__in=cohort_ids)
        .order_by("cohort_id", "course_id")
        .values_list("cohort_id", "course_id", "due_date")
    ):
        found[row[0]].append(row[1:])
    return {pk: hashlib.sha1(repr(parts).encode()).hexdigest()[:16] for pk, parts in found.items()}
