"""Build readiness reports for a cohort or a whole organisation: SQL counts in, export-shaped tables out.

Every table carries the columns of the export contract (docs/architecture.md) in their order;
extra columns used by the screens (ids for links) come after them and are dropped by the exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from assessments.selectors import areas_by_slug
from cms.calendar import end_of_local_day
from learning.models import CoursePage, Organisation, Team
from readiness import engine as readiness
from readiness.models import Cohort, CohortCourse, CohortTarget
from readiness.reports import parallel, queries
from readiness.reports.queries import Members
from readiness.reports.versions import cohort_settings, data_version  # noqa: F401 - the screens' cache keys
from readiness.suppression import is_suppressed

NO_TEAM = 0  # group key for members without a team
NO_TEAM_LABEL = "No team"

SUMMARY_COLUMNS = [
    "cohort",
    "as_of",
    "members",
    "readiness_mean",
    "readiness_all",
    "enrolments",
    "completed",
    "overdue",
]
AREA_COLUMNS = ["cohort", "as_of", *readiness.AREA_COLUMNS]
TEAM_COLUMNS = ["cohort", "as_of", "team", "skill_area", "members", "ready", "readiness", "suppressed"]
STAFF_COLUMNS = [
    "cohort",
    "as_of",
    "employee_number",
    "name",
    "team",
    "job_role",
    "band",
    "skill_area",
    "target_level",
    "assessed_level",
    "ready",
    "assessed_at",
]
COMPLETION_COLUMNS = ["course_id", "course", "enrolled", "started", "completed", "overdue"]
TEAM_COMPLETION_COLUMNS = ["team_id", "team", "members", "enrolled", "started", "completed", "overdue", "suppressed"]
TABLES = ("summary", "areas", "teams", "staff")


@dataclass(frozen=True)
class Area:
    id: int
    slug: str
    name: str
    target: int


@dataclass
class Report:
    """One readiness report: who it covers, on which day, against which targets, and its tables."""

    label: str  # the slug written in the "cohort" column
    title: str
    organisation_id: int
    as_of: date
    areas: list[Area]
    summary: pd.DataFrame
    area_table: pd.DataFrame
    teams: pd.DataFrame
    completion: pd.DataFrame
    completion_teams: pd.DataFrame
    directorates: pd.DataFrame | None = None
    extra: dict = field(default_factory=dict)

    @property
    def targets(self) -> dict[str, int]:
        return {area.slug: area.target for area in self.areas}


# --- targets and teams ------------------------------------------------------------------------------------------


def cohort_areas(cohort: Cohort) -> list[Area]:
    """Return the cohort's targeted areas (target >= 1) in framework order."""
    targets = (
        CohortTarget.objects.filter(cohort=cohort, level__gte=1)
        .order_by("skill_area__framework_id", "skill_area__sort_order", "skill_area__name")
        .values_list("skill_area_id", "skill_area__slug", "skill_area__name", "level")
    )
    return [Area(*row) for row in targets]


def default_areas() -> list[Area]:
    """Return every area with a default target (the organisation overview's yardstick) in framework order."""
    return [
        Area(a.id, a.slug, a.name, a.default_target_level)
        for a in areas_by_slug().values()
        if a.default_target_level >= 1
    ]


@dataclass(frozen=True)
class TeamInfo:
    label: str  # "Directorate / Team"
    root_id: int


def team_map(organisation_id: int) -> dict[int, TeamInfo]:
    """Return each team's full path and top-level team (its directorate). One query."""
    rows = {
        pk: (name, parent)
        for pk, name, parent in Team.objects.filter(organisation_id=organisation_id).values_list(
            "id", "name", "parent_id"
        )
    }
    found: dict[int, TeamInfo] = {NO_TEAM: TeamInfo(NO_TEAM_LABEL, NO_TEAM)}
    for pk in rows:
        names, current, seen = [], pk, set()
        while current is not None and current in rows and current not in seen:
            seen.add(current)
            names.append(rows[current][0])
            root, current = current, rows[current][1]
        found[pk] = TeamInfo(" / ".join(reversed(names)), root)
    return found


# --- shaping ---------------------------------------------------------------------------------------------------


def _count_frames(rows: list[tuple], areas: list[Area]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split level_counts rows into (groups, level_counts) frames keyed by team id."""
    slugs = {area.id: area.slug for area in areas}
    levels, members, all_ready = [], {}, {}
    for team_id, area_id, level, count in rows:
        team_id = team_id or NO_TEAM
        if area_id is None:
            counts = members if level == queries.MEMBERS else all_ready
            counts[team_id] = counts.get(team_id, 0) + count
        else:
            levels.append((team_id, slugs[area_id], level, count))
    teams = list(members)
    groups = pd.DataFrame(
        {
            "group": np.array(teams, dtype="int64"),
            "members": np.array([members[t] for t in teams], dtype="int64"),
            "all_ready": np.array([all_ready.get(t, 0) for t in teams], dtype="int64"),
        },
        columns=readiness.GROUP_COUNT_COLUMNS,
    )
    columns = list(zip(*levels, strict=True)) or [(), (), (), ()]
    level_frame = pd.DataFrame(
        {
            "group": np.array(columns[0], dtype="int64"),
            "skill_area": np.array(columns[1], dtype=object),
            "level": np.array(columns[2], dtype="int64"),
            "count": np.array(columns[3], dtype="int64"),
        },
        columns=readiness.LEVEL_COUNT_COLUMNS,
    )
    return groups, level_frame


def _by_directorate(groups: pd.DataFrame, levels: pd.DataFrame, teams: dict[int, TeamInfo]):
    """Return (groups, level_counts) re-keyed from teams to their directorates, summed in plain Python (a few
    thousand rows: cheaper than mapping and grouping frames)."""
    root = {pk: info.root_id for pk, info in teams.items()}
    people: dict[int, list[int]] = {}
    for team, members, all_ready in zip(
        groups["group"].tolist(), groups["members"].tolist(), groups["all_ready"].tolist(), strict=True
    ):
        total = people.setdefault(root.get(team, NO_TEAM), [0, 0])
        total[0] += members
        total[1] += all_ready
    counts: dict[tuple, int] = {}
    for team, slug, level, count in zip(
        levels["group"].tolist(),
        levels["skill_area"].tolist(),
        levels["level"].tolist(),
        levels["count"].tolist(),
        strict=True,
    ):
        key = (root.get(team, NO_TEAM), slug, level)
        counts[key] = counts.get(key, 0) + count
    keys = list(people)
    d_groups = pd.DataFrame(
        {
            "group": np.array(keys, dtype="int64"),
            "members": np.array([people[k][0] for k in keys], dtype="int64"),
            "all_ready": np.array([people[k][1] for k in keys], dtype="int64"),
        },
        columns=readiness.GROUP_COUNT_COLUMNS,
    )
    columns = list(zip(*((*key, count) for key, count in counts.items()), strict=True)) or [(), (), (), ()]
    d_levels = pd.DataFrame(
        {
            "group": np.array(columns[0], dtype="int64"),
            "skill_area": np.array(columns[1], dtype=object),
            "level": np.array(columns[2], dtype="int64"),
            "count": np.array(columns[3], dtype="int64"),
        },
        columns=readiness.LEVEL_COUNT_COLUMNS,
    )
    return d_groups, d_levels


def _sorted_groups(groups: pd.DataFrame, teams: dict[int, TeamInfo]) -> pd.DataFrame:
    labels = groups["group"].map(lambda t: teams.get(t, teams[NO_TEAM]).label)
    return (
        groups.assign(_label=labels).sort_values("_label", kind="stable").drop(columns="_label").reset_index(drop=True)
    )


def _breakdown(shaped: pd.DataFrame, teams: dict[int, TeamInfo], label: str, as_of: date) -> pd.DataFrame:
    """Return the contract teams table (plus team_id and directorate_id, its top-level team) from an engine
    breakdown keyed by team id."""
    table = shaped.rename(columns={"group": "team_id"})
    info = [teams.get(t, teams[NO_TEAM]) for t in table["team_id"]]
    table.insert(0, "team", [i.label for i in info])
    table.insert(0, "as_of", as_of)
    table.insert(0, "cohort", label)
    table["directorate_id"] = np.array([i.root_id for i in info], dtype="int64")
    return table[[*TEAM_COLUMNS, "team_id", "directorate_id"]]


def _with_keys(table: pd.DataFrame, label: str, as_of: date) -> pd.DataFrame:
    table = table.copy()
    table.insert(0, "as_of", as_of)
    table.insert(0, "cohort", label)
    return table


def _summed(rows: list[tuple], key, totals: dict | None = None) -> dict:
    """Return the enrolled, started, completed and overdue counts of ``queries.completion_counts`` rows summed
    per ``key(course_id, team_id)``, added to ``totals`` (a key given there with zeros is kept without rows)."""
    totals = {} if totals is None else totals
    for course_id, team_id, *counts in rows:
        total = totals.setdefault(key(course_id, team_id), [0, 0, 0, 0])
        for position, value in enumerate(counts):
            total[position] += int(value or 0)
    return totals


def _completion(rows: list[tuple], course_ids: list[int] | None) -> pd.DataFrame:
    """Return enrolled, started, completed and overdue per course (COMPLETION_COLUMNS), by course title, from
    ``queries.completion_counts`` rows. The rows are few (a course per team), so they are summed in plain Python
    and the frame is built once, column by column."""
    totals = _summed(rows, lambda course_id, _team_id: course_id, {pk: [0, 0, 0, 0] for pk in course_ids or []})
    titles = dict(CoursePage.objects.filter(id__in=list(totals)).values_list("id", "title"))
    table = sorted(
        ([pk, titles.get(pk, "(deleted course)"), *counts] for pk, counts in totals.items()),
        key=lambda row: row[1],
    )
    columns = list(zip(*table, strict=True)) or [()] * len(COMPLETION_COLUMNS)
    return pd.DataFrame(
        {
            name: np.array(values, dtype=object if name == "course" else "int64")
            for name, values in zip(COMPLETION_COLUMNS, columns, strict=True)
        },
        columns=COMPLETION_COLUMNS,
    )


def _team_completion(rows: list[tuple], groups: pd.DataFrame, teams: dict[int, TeamInfo]) -> pd.DataFrame:
    """Return enrolled, started, completed and overdue per team over all the report's courses
    (TEAM_COMPLETION_COLUMNS), in the heatmap's team order; a team under the privacy threshold shows no counts."""
    totals = _summed(rows, lambda _course_id, team_id: team_id or NO_TEAM)
    team_ids, labels, hidden = [], [], []
    counts: list[list[int]] = [[], [], [], [], []]  # members, enrolled, started, completed, overdue
    for team_id, members in zip(groups["group"].tolist(), groups["members"].tolist(), strict=True):
        team_ids.append(int(team_id))
        labels.append(teams.get(team_id, teams[NO_TEAM]).label)
        hidden.append(is_suppressed(int(members)))
        for position, value in enumerate([members, *totals.get(team_id, [0, 0, 0, 0])]):
            counts[position].append(int(value))
    mask = np.array(hidden, dtype=bool)
    frame = {"team_id": np.array(team_ids, dtype="int64"), "team": np.array(labels, dtype=object)}
    for name, values in zip(TEAM_COMPLETION_COLUMNS[2:7], counts, strict=True):
        frame[name] = pd.arrays.IntegerArray(np.array(values, dtype="int64"), mask.copy())
    frame["suppressed"] = mask.astype("int64")
    return pd.DataFrame(frame, columns=TEAM_COMPLETION_COLUMNS)


def _report(
    *,
    label: str,
    title: str,
    organisation_id: int,
    members: Members,
    areas: list[Area],
    as_of: date,
    course_ids: list[int] | None,
    directorates: bool,
) -> Report:
    teams = team_map(organisation_id)
    targets = {area.slug: area.target for area in areas}
    rows, completion_rows = parallel.together(  # independent statements: side by side where that is safe
        lambda: queries.level_counts(members, {area.id: area.target for area in areas}, end_of_local_day(as_of)),
        lambda: queries.completion_counts(members, as_of, course_ids),
    )
    groups, levels = _count_frames(rows, areas)
    groups = _sorted_groups(groups, teams)
    shaped = readiness.report_from_counts(groups, levels, targets)
    completion = _completion(completion_rows, course_ids)
    summary = shaped["summary"].assign(
        enrolments=int(completion["enrolled"].sum()),
        completed=int(completion["completed"].sum()),
        overdue=int(completion["overdue"].sum()),
    )
    report = Report(
        label=label,
        title=title,
        organisation_id=organisation_id,
        as_of=as_of,
        areas=areas,
        summary=_with_keys(summary, label, as_of)[SUMMARY_COLUMNS],
        area_table=_with_keys(shaped["areas"], label, as_of)[AREA_COLUMNS],
        teams=_breakdown(shaped["groups"], teams, label, as_of),
        completion=completion,
        completion_teams=_team_completion(completion_rows, groups, teams),
    )
    if directorates:
        d_groups, d_levels = _by_directorate(groups, levels, teams)
        d_shaped = readiness.report_from_counts(_sorted_groups(d_groups, teams), d_levels, targets)
        report.directorates = _breakdown(d_shaped["groups"], teams, label, as_of)
    return report


def cohort_course_ids(cohort: Cohort) -> list[int]:
    return list(
        CohortCourse.objects.filter(cohort=cohort).order_by("due_date", "id").values_list("course_id", flat=True)
    )


def cohort_report(cohort: Cohort, as_of: date) -> Report:
    """Return the cohort's readiness on ``as_of``: summary, areas, teams and completion of its courses."""
    return _report(
        label=cohort.slug,
        title=cohort.name,
        organisation_id=cohort.organisation_id,
        members=Members.of_cohort(cohort.id, as_of),
        areas=cohort_areas(cohort),
        as_of=as_of,
        course_ids=cohort_course_ids(cohort),
        directorates=False,
    )


def organisation_report(organisation: Organisation, as_of: date) -> Report:
    """Return all of an organisation's staff against the default targets, by directorate and team."""
    return _report(
        label=organisation.slug,
        title=organisation.name,
        organisation_id=organisation.id,
        members=Members.of_organisation(organisation.id, as_of),
        areas=default_areas(),
        as_of=as_of,
        course_ids=None,
        directorates=True,
    )
