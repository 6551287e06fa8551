"""Below the headline figures: staff lists (the drill-down and the staff export), the monthly trend and the
learning gain, built from the same queries and shapes as the report service."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from cms.calendar import end_of_local_day, local_day
from learning.models import Organisation
from readiness import engine as readiness
from readiness.models import Cohort
from readiness.reports import queries
from readiness.reports.queries import Members
from readiness.reports.service import (
    NO_TEAM,
    STAFF_COLUMNS,
    Area,
    Report,
    TeamInfo,
    _count_frames,
    cohort_areas,
    cohort_course_ids,
    team_map,
)


def _staff_frame(members: Members, areas: list[Area], as_of: date, teams: dict[int, TeamInfo]) -> pd.DataFrame:
    """Return one row per member and targeted area (engine staff columns plus the member's details)."""
    people = pd.DataFrame(
        queries.member_rows(members),
        columns=["person", "employee_number", "first_name", "last_name", "team_id", "job_role", "band"],
    )
    people["team_id"] = people["team_id"].fillna(NO_TEAM).astype("int64")
    people["team"] = people["team_id"].map(lambda t: teams.get(t, teams[NO_TEAM]).label)
    people["name"] = (people.pop("first_name") + " " + people.pop("last_name")).str.strip()
    slugs = {area.id: area.slug for area in areas}
    levels = pd.DataFrame(
        queries.member_levels(members, {a.id: a.target for a in areas}, end_of_local_day(as_of)),
        columns=["person", "area_id", "level", "assessed_on"],
    )
    levels.insert(1, "skill_area", levels.pop("area_id").map(slugs).astype(object))
    levels = levels.astype({"person": "int64", "level": "int64"})
    return readiness.report_from_levels(people, levels, {a.slug: a.target for a in areas})["staff"]


def staff_table(report: Report, members: Members, *, overdue_ids: set[int] | None = None) -> pd.DataFrame:
    """Return the contract staff table for ``report`` (plus staff_id, team_id and overdue for the screens)."""
    staff = _staff_frame(members, report.areas, report.as_of, team_map(report.organisation_id))
    assessed_at = staff["assessed_on"]
    staff = staff.assign(
        cohort=report.label,
        as_of=report.as_of,
        assessed_at=[None if pd.isna(v) else local_day(v) for v in assessed_at] if len(staff) else [],
        staff_id=staff["person"],
        overdue=staff["person"].isin(overdue_ids or set()).astype("int64"),
    )
    return staff[[*STAFF_COLUMNS, "staff_id", "team_id", "overdue"]].reset_index(drop=True)


def cohort_staff(cohort: Cohort, report: Report) -> pd.DataFrame:
    """Return the cohort's staff table on the report's day, with each member's overdue flag."""
    members = Members.of_cohort(cohort.id, report.as_of)
    overdue = queries.overdue_staff_ids(members, report.as_of, cohort_course_ids(cohort))
    return staff_table(report, members, overdue_ids=overdue)


def organisation_staff(organisation: Organisation, report: Report) -> pd.DataFrame:
    members = Members.of_organisation(organisation.id, report.as_of)
    return staff_table(report, members, overdue_ids=queries.overdue_staff_ids(members, report.as_of, None))


def month_ends(as_of: date, months: int) -> list[date]:
    """Return the last day of each of the ``months - 1`` months before ``as_of``'s month, then ``as_of``."""
    points, current = [as_of], as_of.replace(day=1) - timedelta(days=1)
    while len(points) < months:
        points.append(current)
        current = current.replace(day=1) - timedelta(days=1)
    return list(reversed(points))


def cohort_trend(cohort: Cohort, as_of: date, months: int = 12) -> pd.DataFrame:
    """Return readiness and coverage per area at each month end (and ``as_of``): one statement per point."""
    areas = cohort_areas(cohort)
    frames = []
    for day in month_ends(as_of, months):
        rows = queries.level_counts(
            Members.of_cohort(cohort.id, day), {a.id: a.target for a in areas}, end_of_local_day(day)
        )
        groups, levels = _count_frames(rows, areas)
        table = readiness.report_from_counts(groups, levels, {a.slug: a.target for a in areas})["areas"]
        frames.append(table.assign(as_of=day))
    if not frames:
        return pd.DataFrame(columns=["as_of", *readiness.AREA_COLUMNS])
    return pd.concat(frames, ignore_index=True)[["as_of", *readiness.AREA_COLUMNS]]


def cohort_learning_gain(cohort: Cohort, baseline: date, as_of: date) -> pd.DataFrame:
    """Return the learning gain per area between ``baseline`` and ``as_of`` (readiness.GAIN_COLUMNS)."""
    areas = cohort_areas(cohort)
    teams = team_map(cohort.organisation_id)
    before, after = (_staff_frame(Members.of_cohort(cohort.id, day), areas, day, teams) for day in (baseline, as_of))
    targets = {a.slug: a.target for a in areas}
    return readiness.gain_from_pairs(readiness.pair_staff(before, after), targets)
