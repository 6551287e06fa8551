"""Turn report tables into what the dashboard templates show: headline figures, heatmap cells, chart rows.

No queries here: everything comes from the report the service built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from readiness import engine as readiness
from readiness.reports import charts
from readiness.reports.service import Area, Report
from readiness.suppression import SUPPRESSED_LABEL

STATUS_CHOICES = [
    ("not-ready", "Not ready (below target or not assessed)"),
    ("below", "Assessed below target"),
    ("unassessed", "Not assessed"),
    ("overdue", "Overdue on a course"),
    ("ready", "Ready"),
    ("all", "Everyone"),
]
STATUSES = dict(STATUS_CHOICES)
BAND_NAMES = {"green": "On track", "amber": "Some way to go", "red": "Needs attention", None: "No figure"}


@dataclass(frozen=True)
class Bands:
    green: float = 0.8
    amber: float = 0.6

    @classmethod
    def of(cls, cohort) -> Bands:
        return cls(cohort.green_from / 100, cohort.amber_from / 100) if cohort is not None else cls()

    def band(self, fraction) -> str | None:
        return readiness.colour_band(fraction, self.green, self.amber)


def number(value) -> float | None:
    """Return a plain float, or None for NaN/NA."""
    if value is None or pd.isna(value):
        return None
    return float(value)


def percent(value) -> str:
    value = number(value)
    return "–" if value is None else f"{round(value * 100)}%"


def headline(report: Report, bands: Bands) -> dict:
    """Return the headline figures: members, readiness (mean over areas), ready in every area, coverage, completion."""
    summary = report.summary.iloc[0]
    areas = report.area_table
    coverage = number(areas["coverage"].mean()) if len(areas) else None
    enrolments = int(summary["enrolments"])
    completion = int(summary["completed"]) / enrolments if enrolments else None
    readiness_mean = number(summary["readiness_mean"])
    return {
        "members": int(summary["members"]),
        "readiness": readiness_mean,
        "readiness_text": percent(readiness_mean),
        "band": bands.band(readiness_mean),
        "band_name": BAND_NAMES[bands.band(readiness_mean)],
        "readiness_all_text": percent(summary["readiness_all"]),
        "coverage_text": percent(coverage),
        "enrolments": enrolments,
        "completed": int(summary["completed"]),
        "overdue": int(summary["overdue"]),
        "completion_text": percent(completion),
    }


def area_rows(report: Report, bands: Bands, link: Callable[[dict], str] | None = None) -> list[dict]:
    """Return one row per targeted area with its figures as text, band and drill-down link."""
    names = {area.slug: area.name for area in report.areas}
    rows = []
    for row in report.area_table.itertuples():
        value = number(row.readiness)
        rows.append(
            {
                "slug": row.skill_area,
                "name": names[row.skill_area],
                "target": int(row.target_level),
                "members": int(row.members),
                "assessed": int(row.assessed),
                "ready": int(row.ready),
                "coverage": percent(row.coverage),
                "readiness": percent(value),
                "readiness_value": value,
                "readiness_assessed": percent(row.readiness_assessed),
                "readiness_upper": percent(row.readiness_upper),
                "upper_value": number(row.readiness_upper),
                "mean_gap": "–" if number(row.mean_gap) is None else f"{row.mean_gap:.2f}",
                "band": bands.band(value),
                "band_name": BAND_NAMES[bands.band(value)],
                "url": link({"area": row.skill_area, "status": "not-ready"}) if link else "",
            }
        )
    return rows


def area_chart(rows: list[dict], title: str):
    bars = [charts.Bar(r["name"], r["readiness_value"], r["band"], r["upper_value"]) for r in rows]
    return charts.bar_chart(bars, title)


def heatmap(
    table: pd.DataFrame,
    areas: list[Area],
    bands: Bands,
    link: Callable[[dict], str] | None,
    *,
    sub_teams: bool = False,
) -> list[dict]:
    """Return heatmap rows (one per team or directorate) with one cell per area: figures, band, link.

    Suppressed cells (fewer than 5 members) show "<5" and no percentage or link. A cell links to the people it
    counts: the team alone for team rows, the team with its sub-teams when ``sub_teams`` (directorate rows).
    """
    scope = {} if sub_teams else {"team_only": 1}
    cells: dict[int, dict] = {}
    order: list[int] = []
    for row in table.itertuples():
        if row.team_id not in cells:
            cells[row.team_id] = {"label": row.team, "team_id": int(row.team_id), "cells": {}, "members": None}
            order.append(row.team_id)
        suppressed = bool(row.suppressed)
        value = None if suppressed else number(row.readiness)
        band = bands.band(value)
        entry = cells[row.team_id]
        if not suppressed:
            entry["members"] = int(row.members)
        entry["cells"][row.skill_area] = {
            "suppressed": suppressed,
            "text": SUPPRESSED_LABEL if suppressed else percent(value),
            "counts": "" if suppressed else f"{int(row.ready)} of {int(row.members)}",
            "band": band,
            "band_name": BAND_NAMES[band],
            "url": ""
            if suppressed or link is None
            else link({"team": int(row.team_id), **scope, "area": row.skill_area, "status": "not-ready"}),
        }
    return [
        {**cells[t], "row": [cells[t]["cells"].get(area.slug) for area in areas], "small": cells[t]["members"] is None}
        for t in order
    ]


def completion_rows(report: Report) -> list[dict]:
    """Return one row per course; "not started" and "in progress" are None when the report has no start counts."""
    rows = []
    for row in report.completion.itertuples():
        enrolled, completed = int(row.enrolled), int(row.completed)
        started = None if pd.isna(row.started) else int(row.started)
        rows.append(
            {
                "course": row.course,
                "enrolled": enrolled,
                "not_started": None if started is None else enrolled - started,
                "in_progress": None if started is None else started - completed,
                "started": started,
                "completed": completed,
                "overdue": int(row.overdue),
                "completed_text": percent(completed / enrolled if enrolled else None),
            }
        )
    return rows


def completion_team_rows(report: Report, link: Callable[[dict], str] | None = None) -> list[dict]:
    """Return one row per team: its enrolments on the report's courses split into not started, in progress and
    completed, and how many are overdue (linking to the overdue people); counts hidden for teams under 5."""
    rows = []
    for row in report.completion_teams.itertuples():
        if row.suppressed:
            rows.append({"team": row.team, "suppressed": True})
            continue
        enrolled, started, completed, overdue = (
            int(v) for v in (row.enrolled, row.started, row.completed, row.overdue)
        )
        rows.append(
            {
                "team": row.team,
                "suppressed": False,
                "members": int(row.members),
                "enrolled": enrolled,
                "not_started": enrolled - started,
                "in_progress": started - completed,
                "completed": completed,
                "completed_text": percent(completed / enrolled if enrolled else None),
                "overdue": overdue,
                "overdue_url": link({"team": int(row.team_id), "team_only": 1, "status": "overdue"})
                if link and overdue and row.team_id
                else "",
            }
        )
    return rows


def completion_chart(rows: list[dict], title: str):
    return charts.stacked_bars(
        [
            (
                r["course"],
                {"completed": r["completed"], "in progress": r["in_progress"], "not started": r["not_started"]},
            )
            for r in rows
        ],
        title,
    )


def trend(table: pd.DataFrame, areas: list[Area]) -> dict:
    """Return the over-time chart and its table: one row per month, one column per area (readiness %)."""
    points = sorted(set(table["as_of"]))
    names = [area.name for area in areas]
    values: dict[str, list[float | None]] = {area.name: [] for area in areas}
    indexed = table.set_index(["as_of", "skill_area"])
    rows = []
    for point in points:
        cells = []
        for area in areas:
            value = (
                number(indexed.loc[(point, area.slug), "readiness"]) if (point, area.slug) in indexed.index else None
            )
            members = indexed.loc[(point, area.slug), "members"] if (point, area.slug) in indexed.index else 0
            value = value if members else None
            values[area.name].append(value)
            cells.append(percent(value))
        rows.append({"as_of": point, "cells": cells})
    return {
        "points": points,
        "rows": rows,
        "legend": charts.legend(names),
        "chart": charts.line_chart(points, values, "Readiness per skill area, month by month"),
    }


def gain_rows(table: pd.DataFrame, areas: list[Area]) -> list[dict]:
    names = {area.slug: area.name for area in areas}
    rows = []
    for row in table.itertuples():
        change = number(row.mean_level_change)
        rows.append(
            {
                "name": names.get(row.skill_area, row.skill_area),
                "people": int(row.people),
                "mean_level_change": "–" if change is None else f"{change:+.2f}",
                "not_ready_at_baseline": int(row.not_ready_at_baseline),
                "converted": int(row.converted),
                "conversion": percent(row.conversion),
            }
        )
    return rows


def name_matches(search: str, name: str, employee_number: str) -> bool:
    """Return True when every word searched for is part of the name or the employee number (any case)."""
    text = f"{name} {employee_number}".casefold()
    return all(word in text for word in search.casefold().split())


def staff_people(
    staff: pd.DataFrame,
    areas: list[Area],
    *,
    area: str | None,
    team_ids: set[int] | None,
    status: str,
    search: str = "",
) -> list[dict]:
    """Return one row per person, filtered by area, teams, status and a name search, with a cell per area shown
    (the chosen area, or every targeted area) holding the level, the target and whether they are ready."""
    if team_ids is not None:
        staff = staff[staff["team_id"].isin(team_ids)]
    if search.strip():
        pairs = zip(staff["name"], staff["employee_number"], strict=True)
        staff = staff[[name_matches(search, str(name), str(number)) for name, number in pairs]] if len(staff) else staff
    people: dict[int, dict] = {}
    for row in staff.itertuples():
        person = people.get(row.staff_id)
        if person is None:
            person = people[row.staff_id] = {
                "staff_id": int(row.staff_id),
                "name": row.name or "(no name)",
                "employee_number": row.employee_number,
                "team": row.team,
                "job_role": row.job_role,
                "band": row.band,
                "overdue": bool(row.overdue),
                "levels": {},
            }
        level = None if pd.isna(row.assessed_level) else int(row.assessed_level)
        person["levels"][row.skill_area] = {"level": level, "target": int(row.target_level), "ready": bool(row.ready)}
    chosen = [area] if area else [a.slug for a in areas]

    def keep(person: dict) -> bool:
        levels = [person["levels"][slug] for slug in chosen if slug in person["levels"]]
        if status == "all":
            return True
        if status == "overdue":
            return person["overdue"]
        if status == "ready":
            return bool(levels) and all(lv["ready"] for lv in levels)
        if status == "unassessed":
            return any(lv["level"] is None for lv in levels)
        if status == "below":
            return any(lv["level"] is not None and not lv["ready"] for lv in levels)
        return any(not lv["ready"] for lv in levels)  # not-ready

    rows = [p for p in people.values() if keep(p)]
    for person in rows:
        person["cells"] = [person["levels"].get(slug) for slug in chosen]
    return rows
