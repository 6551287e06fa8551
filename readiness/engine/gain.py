"""Learning gain: the same people's levels on a baseline date and a later date, and the change per area."""

from __future__ import annotations

import pandas as pd

from readiness.engine.tables import (
    GAIN_COLUMNS,
    PAIRED_COLUMNS,
    DateLike,
    ExpiryMonths,
    Targets,
    staff_table,
    targeted_areas,
)


def paired_levels(
    members: pd.DataFrame,
    results: pd.DataFrame,
    targets: Targets,
    baseline: DateLike,
    as_of: DateLike,
    *,
    expiry_months: ExpiryMonths = None,
) -> pd.DataFrame:
    """Return people who are members on both dates and assessed on both, per area, with both levels."""
    before, after = (
        staff_table(members, results, targets, day, expiry_months=expiry_months) for day in (baseline, as_of)
    )
    return pair_staff(before, after)


def pair_staff(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Return the people assessed in both staff tables (baseline first), per area, with both levels."""
    keep = ["person", "skill_area", "target_level", "assessed_level"]
    before, after = (table[keep].dropna(subset=["assessed_level"]) for table in (before, after))
    pairs = before.rename(columns={"assessed_level": "baseline_level"}).merge(
        after.rename(columns={"assessed_level": "level"}).drop(columns="target_level"), on=["person", "skill_area"]
    )
    pairs["level_change"] = pairs["level"] - pairs["baseline_level"]
    return pairs[PAIRED_COLUMNS]


def learning_gain(
    members: pd.DataFrame,
    results: pd.DataFrame,
    targets: Targets,
    baseline: DateLike,
    as_of: DateLike,
    *,
    expiry_months: ExpiryMonths = None,
) -> pd.DataFrame:
    """Return per targeted area: people paired on both dates, their mean level change, how many were not ready
    at the baseline, how many of those are ready now, and conversion (NaN when nobody was not ready)."""
    pairs = paired_levels(members, results, targets, baseline, as_of, expiry_months=expiry_months)
    return gain_from_pairs(pairs, targets)


def gain_from_pairs(pairs: pd.DataFrame, targets: Targets) -> pd.DataFrame:
    """Return the learning gain table (GAIN_COLUMNS, one row per targeted area) from ``paired_levels`` rows."""
    not_ready = pairs["baseline_level"] < pairs["target_level"]
    converted = not_ready & (pairs["level"] >= pairs["target_level"])
    counts = (
        pairs.assign(not_ready=not_ready.astype("int64"), converted=converted.astype("int64"))
        .groupby("skill_area", sort=False)
        .agg(
            people=("person", "size"),
            change=("level_change", "sum"),
            not_ready_at_baseline=("not_ready", "sum"),
            converted=("converted", "sum"),
        )
    )
    table = targeted_areas(targets).merge(counts, how="left", left_on="skill_area", right_index=True)
    numbers = ["people", "change", "not_ready_at_baseline", "converted"]
    table = table.fillna(dict.fromkeys(numbers, 0)).astype(dict.fromkeys(numbers, "int64"))
    table["mean_level_change"] = table["change"] / table["people"].where(table["people"] > 0)
    table["conversion"] = table["converted"] / table["not_ready_at_baseline"].where(table["not_ready_at_baseline"] > 0)
    return table[GAIN_COLUMNS].reset_index(drop=True)
