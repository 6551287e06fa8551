"""Skills checks the demo cohorts sat together, so their dashboards have something true to say.

The adult social care data academy sat the skills check when it started (September 2025) and again
after Data essentials (October 2026): reading data improved most, communicating with data somewhat,
and data protection least (and its first results have expired, as data protection results do after
12 months). The team managers sat a check in June 2026. Everything else comes from the general demo
history. Written once: a second run finds the results by their fixed times and adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q

from assessments.demo.seed import assessed_result
from assessments.models import SkillArea, SkillFramework, SkillResult
from assessments.selectors import expiry_months_by_area
from cms.calendar import local_day
from readiness.models import Cohort, CohortMembership

SEED = 20261122
SPREAD_DAYS = 10  # a sitting is spread over this many working days, at 14:00 (the general history is at 10:00)


@dataclass(frozen=True)
class Sitting:
    cohort: str  # slug (the demo cohorts' slugs are unique across the demo organisations)
    starts: datetime
    share: float  # of the members on the first day who sit it
    # per area: weights of the level change from the person's previous level (-1, 0, +1, +2);
    # at the first sitting, weights of the starting level 0-3 instead
    changes: dict[str, tuple[float, ...]]


BASELINE = (0.2, 0.45, 0.3, 0.05)
SITTINGS = [
    Sitting(
        "asc-data-academy",
        datetime(2025, 9, 15, 14, 0, tzinfo=UTC),
        0.9,
        {
            "digital-working-and-collaboration": (0.05, 0.45, 0.4, 0.1),
            "reading-and-interpreting-data": BASELINE,
            "communicating-and-deciding-with-data": BASELINE,
            "data-protection-security-and-ethics": (0.15, 0.45, 0.35, 0.05),
        },
    ),
    Sitting(
        "asc-data-academy",
        datetime(2026, 10, 5, 14, 0, tzinfo=UTC),
        0.94,
        {
            "digital-working-and-collaboration": (0.0, 0.7, 0.3, 0.0),
            "reading-and-interpreting-data": (0.0, 0.1, 0.7, 0.2),
            "communicating-and-deciding-with-data": (0.05, 0.35, 0.5, 0.1),
            "data-protection-security-and-ethics": (0.1, 0.6, 0.3, 0.0),
        },
    ),
    Sitting(
        "team-managers",
        datetime(2026, 6, 8, 14, 0, tzinfo=UTC),
        0.85,
        {
            "digital-working-and-collaboration": (0.0, 0.2, 0.5, 0.3),
            "finding-judging-and-managing-information": (0.05, 0.25, 0.5, 0.2),
            "reading-and-interpreting-data": (0.05, 0.3, 0.45, 0.2),
            "communicating-and-deciding-with-data": (0.05, 0.3, 0.45, 0.2),
            "data-protection-security-and-ethics": (0.0, 0.3, 0.5, 0.2),
            "using-ai-responsibly": (0.0, 0.25, 0.5, 0.25),
        },
    ),
]


def _moments(sitting: Sitting) -> list[datetime]:
    return [sitting.starts + timedelta(days=offset) for offset in range(SPREAD_DAYS)]


def _members_on(cohort: Cohort, day) -> list[int]:
    return list(
        CohortMembership.objects.filter(cohort=cohort, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .order_by("staff_id")
        .values_list("staff_id", flat=True)
    )


def cohort_sittings_create(framework: SkillFramework) -> int:
    """Write the demo cohorts' skills-check sittings once; return how many results were added."""
    areas = {area.slug: area for area in SkillArea.objects.filter(framework=framework)}
    months = expiry_months_by_area(area.id for area in areas.values())
    cohorts = {cohort.slug: cohort for cohort in Cohort.objects.filter(slug__in={s.cohort for s in SITTINGS})}
    every_moment = [moment for sitting in SITTINGS for moment in _moments(sitting)]
    if not cohorts or SkillResult.objects.filter(assessed_at__in=every_moment, attempt__isnull=True).exists():
        return 0
    rows: list[SkillResult] = []
    levels: dict[tuple[str, int, str], int] = {}  # (cohort, staff, area) -> level at the last sitting
    for sitting in SITTINGS:
        cohort = cohorts.get(sitting.cohort)
        if cohort is None:
            continue
        rng = random.Random(f"{SEED}-{sitting.cohort}-{sitting.starts:%Y%m%d}")
        moments = _moments(sitting)
        for staff_id in _members_on(cohort, local_day(sitting.starts)):
            if rng.random() >= sitting.share:
                continue
            moment = rng.choice(moments)
            for slug, weights in sitting.changes.items():
                area = areas.get(slug)
                if area is None:
                    continue
                key = (sitting.cohort, staff_id, slug)
                if key in levels:
                    change = rng.choices((-1, 0, 1, 2), weights=weights)[0]
                    level = max(0, min(3, levels[key] + change))
                else:
                    level = rng.choices((0, 1, 2, 3), weights=weights)[0]
                levels[key] = level
                rows.append(assessed_result(rng, staff_id, area, level, moment, months[area.id]))
    SkillResult.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
