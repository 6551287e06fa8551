"""Shape figures the database has already counted (members per group, people per area and level) into the
same tables as ``readiness.engine.tables``, so the reports never load one row per person."""

from __future__ import annotations

import numpy as np
import pandas as pd

from readiness.engine.tables import (
    Targets,
    _areas_from,
    _breakdown_from,
    _fractions,
    _staff,
    _summary_from,
    _suppress,
    targeted_areas,
)

# --- shaping pre-aggregated figures ----------------------------------------------------------------------------
# At scale the database does the heavy part (the latest valid level per person and area, counted per group and
# level); these functions turn those counts into the same tables as ``readiness_report``.

GROUP_COUNT_COLUMNS = ["group", "members", "all_ready"]
LEVEL_COUNT_COLUMNS = ["group", "skill_area", "level", "count"]


def report_from_counts(groups: pd.DataFrame, level_counts: pd.DataFrame, targets: Targets) -> dict[str, pd.DataFrame]:
    """Return the summary, areas and groups tables from counts.

    ``groups``: one row per group (a team, say) with ``members`` and ``all_ready`` (members ready in every
    targeted area). ``level_counts``: members per group, area and assessed level E (unassessed members have no
    row). The ``groups`` table has the breakdown columns with the group key in ``group``, in ``groups`` order.

    The counts are few (a row per group, area and level), so they are summed in one plain loop and each table is
    built once: a chain of pandas steps costs more in fixed overhead than the sums themselves.
    """
    areas = targeted_areas(targets)
    slugs = areas["skill_area"].tolist()
    target_of = dict(zip(slugs, areas["target_level"].tolist(), strict=True))
    area_position = {slug: i for i, slug in enumerate(slugs)}
    group_keys = groups["group"].tolist()
    group_position = {key: i for i, key in enumerate(group_keys)}
    assessed, ready, gap = [0] * len(slugs), [0] * len(slugs), [0] * len(slugs)
    ready_cells = [0] * (len(slugs) * len(group_keys))  # area-major, groups in ``groups`` order
    for group, slug, level, count in zip(
        level_counts["group"].tolist(),
        level_counts["skill_area"].tolist(),
        level_counts["level"].tolist(),
        level_counts["count"].tolist(),
        strict=True,
    ):
        area = area_position.get(slug)
        if area is None:  # an area without a target
            continue
        below = target_of[slug] - level
        assessed[area] += count
        if below > 0:
            gap[area] += count * below
            continue
        ready[area] += count
        position = group_position.get(group)
        if position is not None:  # counts for a group that is not in ``groups`` are not shown
            ready_cells[area * len(group_keys) + position] += count
    member_count = int(sum(groups["members"].tolist()))
    table = areas.assign(
        members=member_count,
        assessed=np.array(assessed, dtype="int64"),
        ready=np.array(ready, dtype="int64"),
    )
    area_rows = _fractions(table, np.array(gap, dtype="float64"))

    # One row per area and group, areas in target order and groups in ``groups`` order within each area.
    grid = pd.DataFrame(
        {
            "group": np.tile(groups["group"].to_numpy(), len(slugs)),
            "skill_area": np.repeat(np.array(slugs, dtype=object), len(group_keys)),
            "members": np.tile(groups["members"].to_numpy(dtype="int64"), len(slugs)),
            "ready": np.array(ready_cells, dtype="int64"),
        }
    )
    breakdown = _suppress(grid, "group")

    all_ready = int(sum(groups["all_ready"].tolist()))
    summary_row = pd.DataFrame(
        {
            "members": [member_count],
            "readiness_mean": [float(area_rows["readiness"].mean()) if len(area_rows) else float("nan")],
            "readiness_all": [float(all_ready) / member_count if member_count and len(slugs) else float("nan")],
        }
    )
    return {"summary": summary_row, "areas": area_rows, "groups": breakdown}


def report_from_levels(current: pd.DataFrame, levels: pd.DataFrame, targets: Targets) -> dict[str, pd.DataFrame]:
    """Return the summary, areas, staff (and teams, when ``current`` has a team) tables from evidence levels
    already worked out elsewhere (one row per person and area: person, skill_area, level, assessed_on)."""
    areas = targeted_areas(targets)
    staff = _staff(current, levels, areas)
    area_rows = _areas_from(staff, areas)
    report = {"summary": _summary_from(staff, area_rows, len(current)), "areas": area_rows, "staff": staff}
    if "team" in staff:
        report["teams"] = _breakdown_from(staff, areas, "team")
    return report
