"""A learner's target level per skill area, for the pages that tell them what to learn next.

The rule (the same as "My team", ``readiness.team_rows.target_level``): the highest target any cohort the person
belongs to today sets for the area, else the area's ``default_target_level``. Cohorts live in ``readiness``,
which ``assessments`` may not import, so ``readiness`` registers a source of cohort targets here when it loads
(``ReadinessConfig.ready``), as ``assessments`` registers completion checks with ``learning.completion``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

# source(staff_id, today) -> {area_id: highest cohort target}
TargetSource = Callable[[int, date], Mapping[int, int]]
_sources: list[TargetSource] = []


def register_target_source(source: TargetSource) -> TargetSource:
    """Register ``source(staff_id, today) -> {area_id: level}``; its targets replace the areas' defaults."""
    if source not in _sources:
        _sources.append(source)
    return source


def targets_from(defaults: Mapping[int, int], overrides: Iterable[Mapping[int, int]]) -> dict[int, int]:
    """Return the target per area id: the highest override for the area, else its default (pure)."""
    highest: dict[int, int] = {}
    for found in overrides:
        for area_id, level in found.items():
            highest[area_id] = max(level, highest.get(area_id, 0))
    return {area_id: highest.get(area_id, default) for area_id, default in defaults.items()}


def targets_for_staff(staff_id: int | None, defaults: Mapping[int, int], today: date) -> dict[int, int]:
    """Return the person's target per area id, given each area's default target."""
    if staff_id is None:
        return dict(defaults)
    return targets_from(defaults, (source(staff_id, today) for source in _sources))
