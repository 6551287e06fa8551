"""The readiness tables from members and results: who counts, their evidence, the area, summary and team tables.

See the package docstring (``readiness.engine``) for the input frames and the rules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd

from assessments.validity import EVIDENCE_SOURCES
from cms.calendar import LOCAL_ZONE_NAME, add_months
from readiness.suppression import SUPPRESSED_LABEL, is_suppressed

FRACTION_PLACES = 4

AREA_COLUMNS = [
    "skill_area",
    "target_level",
    "members",
    "assessed",
    "ready",
    "coverage",
    "readiness",
    "readiness_assessed",
    "readiness_upper",
    "mean_gap",
]
SUMMARY_COLUMNS = ["members", "readiness_mean", "readiness_all"]
LEVEL_COLUMNS = ["person", "skill_area", "level", "assessed_on", "expires_on"]
STAFF_RESULT_COLUMNS = ["skill_area", "target_level", "assessed_level", "ready", "assessed_on"]
BREAKDOWN_COLUMNS = ["skill_area", "members", "ready", "readiness", "suppressed"]
PAIRED_COLUMNS = ["person", "skill_area", "target_level", "baseline_level", "level", "level_change"]
GAIN_COLUMNS = ["skill_area", "people", "mean_level_change", "not_ready_at_baseline", "converted", "conversion"]
MEMBER_DATE_COLUMNS = ("joined_on", "left_on", "left_org_on")

DateLike = date | datetime | str | pd.Timestamp
Targets = Mapping[str, int]
ExpiryMonths = Mapping[str, int] | None

ERROR_NO_EXPIRY = "Results without expires_on need expiry_months for their area: missing for {areas}."


def _stamps(values: pd.Series) -> pd.Series:
    """Return ``values`` as naive datetimes in microseconds (local wall-clock time for aware values)."""
    stamps = pd.to_datetime(values)
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert(LOCAL_ZONE_NAME).dt.tz_localize(None)
    return stamps.dt.as_unit("us")


def _day_end(as_of: DateLike) -> pd.Timestamp:
    """Return the first moment after day ``as_of`` (naive), so "on or before d" is "< end" and "after d" is ">= end"."""
    stamp = pd.Timestamp(as_of)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(LOCAL_ZONE_NAME).tz_localize(None)
    return stamp.normalize() + pd.Timedelta(days=1)


def targeted_areas(targets: Targets) -> pd.DataFrame:
    """Return the targeted areas (target >= 1) as skill_area, target_level rows in mapping order."""
    pairs = [(area, int(level)) for area, level in targets.items() if int(level) >= 1]
    areas = pd.Series([a for a, _ in pairs], dtype=object).infer_objects()  # empty stays object, not float
    return pd.DataFrame({"skill_area": areas, "target_level": pd.Series([t for _, t in pairs], dtype="int64")})


def members_on(members: pd.DataFrame, as_of: DateLike) -> pd.DataFrame:
    """Return the members N on ``as_of``, one row per person, without the spell dates, in input order."""
    end = _day_end(as_of)
    frame = members.reset_index(drop=True)
    joined = _stamps(frame["joined_on"])
    current = joined < end
    for column in ("left_on", "left_org_on"):
        if column in frame:
            ends = _stamps(frame[column])
            current &= ends.isna() | (ends.dt.normalize() >= end)  # still a member only if it ends after d
    latest = frame.loc[current]
    if latest["person"].duplicated().any():
        # Overlapping spells of one person count once; the latest spell supplies team, role and band.
        latest = (
            latest.assign(_joined=joined[current])
            .sort_values("_joined", kind="stable")
            .drop_duplicates("person", keep="last")
            .sort_index()
        )
    return latest[[c for c in frame.columns if c not in MEMBER_DATE_COLUMNS]].reset_index(drop=True)


def _expiry(evidence: pd.DataFrame, assessed: pd.Series, expiry_months: ExpiryMonths) -> pd.Series:
    """Return each result's expiry, filling missing ones by the validity rule: the start of the local day the
    area's months after the result's local day (``cms.calendar.add_months``, once per distinct day and period)."""
    if "expires_on" in evidence:
        expires = _stamps(evidence["expires_on"])
    else:
        expires = pd.Series(pd.NaT, index=evidence.index, dtype=assessed.dtype)
    missing = expires.isna()
    if not missing.any():
        return expires
    periods = dict(expiry_months or {})
    unknown = sorted(set(evidence.loc[missing, "skill_area"]) - set(periods))
    if unknown:
        raise ValueError(ERROR_NO_EXPIRY.format(areas=", ".join(map(str, unknown))))
    wanted = pd.DataFrame({"day": assessed[missing].dt.normalize(), "months": evidence.loc[missing, "skill_area"]})
    wanted["months"] = wanted["months"].map(periods).astype("int64")
    shifted = {
        (day, months): pd.Timestamp(add_months(day.date(), int(months)))
        for day, months in wanted.drop_duplicates().itertuples(index=False)
    }
    filled = [shifted[(day, months)] for day, months in wanted.itertuples(index=False)]
    expires.loc[missing] = pd.Series(filled, index=wanted.index, dtype=expires.dtype)
    return expires


def evidence_levels(results: pd.DataFrame, as_of: DateLike, *, expiry_months: ExpiryMonths = None) -> pd.DataFrame:
    """Return E(p, a): each person's most recent assessed/observed level per area, valid at the end of ``as_of``.

    Columns: person, skill_area, level, assessed_on, expires_on; people without valid evidence have no row.
    Ties on assessed_on go to the higher ``id`` (when given), then to the higher level.
    """
    end = _day_end(as_of)
    evidence = results.loc[results["source"].isin(EVIDENCE_SOURCES)]
    assessed = _stamps(evidence["assessed_on"])
    expires = _expiry(evidence, assessed, expiry_months)
    valid = (assessed < end) & (expires >= end)
    ties = ["id"] if "id" in evidence else []
    latest = (
        evidence.loc[valid, ["person", "skill_area", "level", *ties]]
        .assign(assessed_on=assessed[valid], expires_on=expires[valid])
        .sort_values(["assessed_on", *ties, "level"], kind="stable")
        .drop_duplicates(["person", "skill_area"], keep="last")
    )
    return latest[LEVEL_COLUMNS].astype({"level": "int64"}).reset_index(drop=True)


def _staff(current: pd.DataFrame, levels: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Return one row per current member per targeted area with the member's evidence and readiness."""
    grid = current.merge(areas, how="cross")
    staff = grid.merge(
        levels[["person", "skill_area", "level", "assessed_on"]], on=["person", "skill_area"], how="left"
    )
    staff["assessed_level"] = staff.pop("level").astype("Int64")
    staff["ready"] = (staff["assessed_level"] >= staff["target_level"]).fillna(False).astype("int64")
    extras = [c for c in current.columns if c != "person"]
    return staff[["person", *extras, *STAFF_RESULT_COLUMNS]]


def _areas_from(staff: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Return the per-area figures of section 5 from staff rows."""
    assessed_level = staff["assessed_level"]
    counts = (
        pd.DataFrame(
            {
                "members": np.ones(len(staff), dtype="int64"),
                "assessed": assessed_level.notna().astype("int64"),
                "ready": staff["ready"],
                "gap": (staff["target_level"] - assessed_level).clip(lower=0).fillna(0).astype("int64"),
            }
        )
        .groupby(staff["skill_area"], sort=False)
        .sum()
        .reindex(areas["skill_area"], fill_value=0)
    )
    table = areas.assign(**{c: counts[c].to_numpy() for c in ("members", "assessed", "ready")})
    return _fractions(table, counts["gap"].to_numpy())


def _summary_from(staff: pd.DataFrame, areas: pd.DataFrame, member_count: int) -> pd.DataFrame:
    """Return the one-row cohort summary from staff rows and the area table."""
    if member_count and len(areas):
        every_area = staff.groupby("person", sort=False)["ready"].min()
        readiness_all = float(every_area.sum()) / member_count
    else:
        readiness_all = float("nan")
    return pd.DataFrame(
        {
            "members": [member_count],
            "readiness_mean": [float(areas["readiness"].mean()) if len(areas) else float("nan")],
            "readiness_all": [readiness_all],
        }
    )


def _breakdown_from(staff: pd.DataFrame, areas: pd.DataFrame, by: str) -> pd.DataFrame:
    """Return readiness per ``by`` group and area, suppressing groups under MIN_GROUP_SIZE members."""
    grouped = staff["ready"].groupby([staff[by], staff["skill_area"]], sort=False, dropna=False)
    groups = pd.DataFrame({"members": grouped.size(), "ready": grouped.sum()}).reset_index()
    position = {area: i for i, area in enumerate(areas["skill_area"])}
    groups = groups.assign(_area=groups["skill_area"].map(position))
    groups = groups.sort_values(["_area", by], kind="stable", na_position="last").reset_index(drop=True)
    return _suppress(groups, by)


def staff_table(
    members: pd.DataFrame,
    results: pd.DataFrame,
    targets: Targets,
    as_of: DateLike,
    *,
    expiry_months: ExpiryMonths = None,
) -> pd.DataFrame:
    """Return one row per member per targeted area: person, member columns, skill_area, target_level,
    assessed_level (NA when unassessed), ready (1/0), assessed_on (NaT when unassessed)."""
    levels = evidence_levels(results, as_of, expiry_months=expiry_months)
    return _staff(members_on(members, as_of), levels, targeted_areas(targets))


def area_table(
    members: pd.DataFrame,
    results: pd.DataFrame,
    targets: Targets,
    as_of: DateLike,
    *,
    expiry_months: ExpiryMonths = None,
) -> pd.DataFrame:
    """Return one row per targeted area with the ``areas`` export columns (without cohort and as_of)."""
    staff = staff_table(members, results, targets, as_of, expiry_months=expiry_months)
    return _areas_from(staff, targeted_areas(targets))


def summary(
    members: pd.DataFrame,
    results: pd.DataFrame,
    targets: Targets,
    as_of: DateLike,
    *,
    expiry_months: ExpiryMonths = None,
) -> pd.DataFrame:
    """Return one row: members, readiness_mean (over targeted areas), readiness_all (ready in every area)."""
    return readiness_report(members, results, targets, as_of, expiry_months=expiry_months)["summary"]


def team_table(
    members: pd.DataFrame,
    results: pd.DataFrame,
    targets: Targets,
    as_of: DateLike,
    *,
    by: str = "team",
    expiry_months: ExpiryMonths = None,
) -> pd.DataFrame:
    """Return readiness per group (team by default; job_role or band also work) and area, area by area.

    Columns: <by>, skill_area, members, ready, readiness, suppressed. Groups of fewer than MIN_GROUP_SIZE
    members have NA counts, NaN readiness and suppressed = 1.
    """
    staff = staff_table(members, results, targets, as_of, expiry_months=expiry_months)
    return _breakdown_from(staff, targeted_areas(targets), by)


def readiness_report(
    members: pd.DataFrame,
    results: pd.DataFrame,
    targets: Targets,
    as_of: DateLike,
    *,
    expiry_months: ExpiryMonths = None,
) -> dict[str, pd.DataFrame]:
    """Return the summary, areas, staff and (when members have a team) teams tables from one pass over the data."""
    areas = targeted_areas(targets)
    current = members_on(members, as_of)
    staff = _staff(current, evidence_levels(results, as_of, expiry_months=expiry_months), areas)
    area_rows = _areas_from(staff, areas)
    report = {"summary": _summary_from(staff, area_rows, len(current)), "areas": area_rows, "staff": staff}
    if "team" in staff:
        report["teams"] = _breakdown_from(staff, areas, "team")
    return report


def rounded(frame: pd.DataFrame, places: int = FRACTION_PLACES) -> pd.DataFrame:
    """Return ``frame`` with its fraction (float) columns rounded to ``places`` decimals, as exports show them."""
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    return frame.round(dict.fromkeys(floats, places))


def label_suppressed(breakdown: pd.DataFrame) -> pd.DataFrame:
    """Return a breakdown with suppressed counts shown as "<5" (for screens and exports)."""
    labelled = breakdown.astype({"members": "object", "ready": "object"})
    hidden = labelled["suppressed"] == 1
    labelled.loc[hidden, ["members", "ready"]] = SUPPRESSED_LABEL
    return labelled


def colour_band(fraction: float | None, green: float = 0.8, amber: float = 0.6) -> str | None:
    """Return "green" (>= green), "amber" (>= amber) or "red"; None when there is no figure (NaN/None)."""
    if fraction is None or pd.isna(fraction):
        return None
    if fraction >= green:
        return "green"
    return "amber" if fraction >= amber else "red"


def _fractions(table: pd.DataFrame, gap_sum) -> pd.DataFrame:
    """Return ``table`` (members, assessed, ready per area) with the section 5 fractions added (NaN where there is
    nothing to divide by)."""
    members = table["members"].to_numpy(dtype="float64")
    assessed = table["assessed"].to_numpy(dtype="float64")
    ready = table["ready"].to_numpy(dtype="float64")
    per_member = np.where(members > 0, members, np.nan)
    per_assessed = np.where(assessed > 0, assessed, np.nan)
    table = table.assign(
        coverage=assessed / per_member,
        readiness=ready / per_member,
        readiness_assessed=ready / per_assessed,
        readiness_upper=(ready + members - assessed) / per_member,
        mean_gap=np.asarray(gap_sum, dtype="float64") / per_assessed,
    )
    return table[AREA_COLUMNS].reset_index(drop=True)


def _suppress(groups: pd.DataFrame, by: str) -> pd.DataFrame:
    """Return breakdown rows with readiness, hiding counts of groups under MIN_GROUP_SIZE members."""
    members = groups["members"].to_numpy(dtype="int64")
    ready = groups["ready"].to_numpy(dtype="int64")
    suppressed = is_suppressed(members)
    share = np.full(len(members), np.nan)
    np.divide(ready, members, out=share, where=~suppressed)
    return pd.DataFrame(
        {
            by: groups[by].to_numpy(),
            "skill_area": groups["skill_area"].to_numpy(),
            "members": pd.arrays.IntegerArray(members.copy(), suppressed.copy()),
            "ready": pd.arrays.IntegerArray(ready.copy(), suppressed.copy()),
            "readiness": share,
            "suppressed": suppressed.astype("int64"),
        },
        index=groups.index,
    )
