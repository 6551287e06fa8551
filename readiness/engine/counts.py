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
    """
    areas = targeted_areas(targets)
    slugs = areas["skill_area"]
    target = level_counts["skill_area"].map(dict(zip(slugs, areas["target_level"], strict=True)))
    counts = level_counts[target.notna()].assign(target_level=target[target.notna()].astype("int64"))
    below = (counts["target_level"] - counts["level"]).clip(lower=0)
    counts = counts.assign(ready=counts["count"].where(below == 0, 0), gap=counts["count"] * below)
    member_count = int(groups["members"].sum())
    per_area = counts.groupby("skill_area", sort=False)[["count", "ready", "gap"]].sum().reindex(slugs, fill_value=0)
    table = areas.assign(
        members=member_count,
        assessed=per_area["count"].to_numpy().astype("int64"),
        ready=per_area["ready"].to_numpy().astype("int64"),
    )
    area_rows = _fractions(table, per_area["gap"].to_numpy())

    # One row per area and group, areas in target order and groups in ``groups`` order within each area.
    group_keys = groups["group"].to_numpy()
    area_position = counts["skill_area"].map({slug: i for i, slug in enumerate(slugs)}).to_numpy()
    group_position = counts["group"].map({key: i for i, key in enumerate(group_keys)}).to_numpy(dtype="float64")
    known = ~np.isnan(group_position)  # counts for a group that is not in ``groups`` are not shown
    cell = area_position[known].astype("int64") * len(group_keys) + group_position[known].astype("int64")
    ready = np.bincount(cell, weights=counts["ready"].to_numpy()[known], minlength=len(slugs) * len(group_keys))
    grid = pd.DataFrame(
        {
            "group": np.tile(group_keys, len(slugs)),
            "skill_area": np.repeat(slugs.to_numpy(dtype=object), len(group_keys)),
            "members": np.tile(groups["members"].to_numpy(dtype="int64"), len(slugs)),
            "ready": ready.astype("int64"),
        }
    )
    breakdown = _suppress(grid, "group")

    summary_row = pd.DataFrame(
        {
            "members": [member_count],
            "readiness_mean": [float(area_rows["readiness"].mean()) if len(area_rows) else float("nan")],
            "readiness_all": [
                float(groups["all_ready"].sum()) / member_count if member_count and len(areas) else float("nan")
            ],
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
