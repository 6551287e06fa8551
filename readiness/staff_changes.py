"""Cohort rules follow staff record changes: the listener for ``learning.events.staff_records_changed``.

A change to one person re-checks only that person, and the sentence returned says which cohorts they joined or
left (shown in the admin's success message); a change to a whole organisation re-checks everyone in it.
"""

from __future__ import annotations

from datetime import date

from learning.models import Organisation
from readiness.cohorts import cohort_memberships_refresh_all
from readiness.models import Cohort


def cohort_change_sentence(moves: dict[str, list[str]] | None) -> str:
    """Return e.g. " Joined cohort: Ward managers. Left cohort: All staff." (empty when nothing moved)."""
    if not moves:
        return ""
    parts = []
    for key, verb in (("joined", "Joined"), ("left", "Left")):
        names = moves.get(key) or []
        if names:
            noun = "cohort" if len(names) == 1 else "cohorts"
            parts.append(f"{verb} {noun}: {', '.join(names)}.")
    return (" " + " ".join(parts)) if parts else ""


def cohorts_reapply_for_staff_change(
    sender, *, organisation: Organisation, today: date | None = None, staff_ids: set[int] | None = None, **kwargs
) -> str:
    """Re-apply the organisation's cohort rules; for named people, say which cohorts they joined or left."""
    result = cohort_memberships_refresh_all(organisation=organisation, today=today, staff_ids=staff_ids)
    if staff_ids is None:
        return ""
    moved = {slug for slug, change in result.items() if change.joined or change.left}
    names = dict(Cohort.objects.filter(organisation=organisation, slug__in=moved).values_list("slug", "name"))
    return cohort_change_sentence(
        {
            "joined": sorted(names[slug] for slug in moved if result[slug].joined),
            "left": sorted(names[slug] for slug in moved if result[slug].left),
        }
    )
