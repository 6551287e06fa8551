"""Cohort targets for one learner, registered with ``assessments.targets`` so their next-lesson suggestions aim
at the level their cohorts expect (``ReadinessConfig.ready``)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from readiness.models import CohortMembership


def cohort_targets_for_staff(staff_id: int, today: date) -> dict[int, int]:
    """Return the highest target per area id over the cohorts the person belongs to on ``today``. One query."""
    rows = (
        CohortMembership.objects.filter(staff_id=staff_id, joined_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .filter(cohort__targets__isnull=False)
        .values_list("cohort__targets__skill_area_id", "cohort__targets__level")
    )
    found: dict[int, int] = {}
    for area_id, level in rows:
        found[area_id] = max(level, found.get(area_id, 0))
    return found
