"""Read the raw figures behind the readiness reports in SQL for SQLite and PostgreSQL.

The expensive step, each member's latest valid level per area, runs once in the database (DISTINCT ON on
PostgreSQL, an index look-up per member on SQLite: see ``level_counts``); the statements return counts per team,
area and level, or one row per member when a staff list is asked for, and the service shapes them with the
readiness engine. Every function runs a fixed number of statements however large the group is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from assessments import validity
from assessments.models import SkillResult
from cms.calendar import end_of_local_day
from learning.models import Enrolment, StaffMember
from learning.staffing import current_on_sql
from learning.team_history import team_on_sql
from readiness.models import CohortMembership

ALL_READY = -2  # marker levels in the people-count rows of level_counts
MEMBERS = -1
WINDOW = "window"  # rank every result per member and area, keep the first: one sort of all the results
LOOKUP = "lookup"  # per member and area, read the newest valid result from the (staff, area, date) index
STRATEGIES = (WINDOW, LOOKUP)

STAFF = StaffMember._meta.db_table
SPELL = CohortMembership._meta.db_table
RESULT = SkillResult._meta.db_table
ENROLMENT = Enrolment._meta.db_table


def _moment(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _day(value: date):
    return connection.ops.adapt_datefield_value(value)


@dataclass(frozen=True)
class Members:
    """The members of a report on one day, as a SQL fragment selecting (staff_id, team_id), with its params."""

    sql: str
    params: tuple

    @classmethod
    def of_cohort(cls, cohort_id: int, as_of: date) -> Members:
        """Return the cohort's members on ``as_of``: a spell covering the day and current staff that day
        (``learning.staffing``), each with the team they were in that day (``learning.team_history``)."""
        d = _day(as_of)
        sql = (
            f"SELECT DISTINCT s.id AS staff_id, {_TEAM_ON} AS team_id FROM {SPELL} cm "
            f"JOIN {STAFF} s ON s.id = cm.staff_id {_TEAM_SPELL_JOIN} "
            "WHERE cm.cohort_id = %s AND cm.joined_on <= %s AND (cm.left_on IS NULL OR cm.left_on > %s) "
            f"AND {_CURRENT}"
        )
        return cls(sql, (d, d, cohort_id, d, d, d, d))

    @classmethod
    def of_organisation(cls, organisation_id: int, as_of: date) -> Members:
        """Return the organisation's staff on ``as_of``: current staff that day (``learning.staffing``; an
        anonymised leaver counts on the days they were employed), each with the team they were in that day."""
        d = _day(as_of)
        sql = (
            f"SELECT s.id AS staff_id, {_TEAM_ON} AS team_id FROM {STAFF} s {_TEAM_SPELL_JOIN} "
            f"WHERE s.organisation_id = %s AND {_CURRENT}"
        )
        return cls(sql, (d, d, organisation_id, d, d))


_TEAM_SPELL_JOIN, _TEAM_ON = team_on_sql("s", "ts")  # two parameters: the day twice
_CURRENT = current_on_sql("s")  # two parameters: the day twice


def _latest_ctes(
    members: Members, area_targets: Mapping[int, int], end: datetime, *, dated: bool = False
) -> tuple[str, list]:
    """Return the WITH clause defining members, targets and latest (E per member and area, with the team and,
    when ``dated``, the result's date), with params. Narrow rows keep the window's sort small."""
    values = ", ".join(["(%s, %s)"] * len(area_targets))
    date, kept = (", r.assessed_at AS assessed_at", ", assessed_at") if dated else ("", "")
    evidence = (
        f"FROM {RESULT} r JOIN members m ON m.staff_id = r.staff_id "
        f"WHERE r.area_id IN (SELECT area_id FROM targets) AND {validity.evidence_sql('r')}"
    )
    if connection.vendor == "postgresql":  # keeps the first row per (person, area) in one sort: no numbering
        latest = (
            f"latest AS (SELECT DISTINCT ON (r.staff_id, r.area_id) r.staff_id, m.team_id, r.area_id, r.level{date} "
            f"{evidence} ORDER BY r.staff_id, r.area_id, r.assessed_at DESC, r.id DESC) "
        )
    else:
        latest = (
            f"ranked AS (SELECT r.staff_id, m.team_id, r.area_id, r.level{date}, ROW_NUMBER() OVER ("
            f"PARTITION BY r.staff_id, r.area_id ORDER BY r.assessed_at DESC, r.id DESC) AS position {evidence}), "
            f"latest AS (SELECT staff_id, team_id, area_id, level{kept} FROM ranked WHERE position = 1) "
        )
    sql = f"WITH members AS ({members.sql}), targets (area_id, target) AS (VALUES {values}), {latest}"
    params = [*members.params]
    for area_id, target in area_targets.items():
        params += [area_id, target]
    params += validity.evidence_sql_params(_moment(end))
    return sql, params


def level_counts(
    members: Members, area_targets: Mapping[int, int], end: datetime, *, strategy: str | None = None
) -> list[tuple]:
    """Return (team_id, area_id, level, count) rows: members per team, area and level E.

    Rows with area_id None count people per team instead: level MEMBERS for every member, ALL_READY for
    those ready in every targeted area. One statement, in one of two equivalent shapes (STRATEGIES): the
    database's own choice unless ``strategy`` names one.
    """
    if not area_targets:
        return []
    chosen = strategy or preferred_strategy()
    if chosen not in STRATEGIES:
        raise ValueError(f"Unknown strategy {chosen!r}: choose one of {', '.join(STRATEGIES)}.")
    sql, params = (_counts_by_window if chosen == WINDOW else _counts_by_lookup)(members, area_targets, end)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def preferred_strategy() -> str:
    """Return the faster shape on this database (measured in bench/ at 50,000 staff).

    PostgreSQL sorts once for DISTINCT ON in well under the SQL baseline, while 300,000 index look-ups cost it
    three times as much; SQLite is the other way round: its window sort is the slow step and each look-up
    stops at the first index entry that counts.
    """
    return WINDOW if connection.vendor == "postgresql" else LOOKUP


def _counts_by_window(members: Members, area_targets: Mapping[int, int], end: datetime) -> tuple[str, list]:
    """The team comes along with each result row, so no step joins the per-person rows back to the members.

    Whether a person is ready in every area is a window over their rows, which arrive grouped by person from the
    latest-result step, so nothing is sorted or hashed per person again; the target is a CASE on the area (a join
    to the targets would lose that order). The count is carried on the person's row for the first targeted area
    (anyone ready everywhere has one), and the people-count rows come from the small per-team table.
    """
    ctes, params = _latest_ctes(members, area_targets, end)
    target = "CASE l.area_id " + " ".join(["WHEN %s THEN %s"] * len(area_targets)) + " END"
    sql = (
        ctes + ", counted AS (SELECT team_id, area_id, level, COUNT(*) AS people, "
        "SUM(CASE WHEN area_id = %s AND ready_areas = %s THEN 1 ELSE 0 END) AS all_ready FROM ("
        f"SELECT l.team_id, l.area_id, l.level, SUM(CASE WHEN l.level >= {target} THEN 1 ELSE 0 END) "
        "OVER (PARTITION BY l.staff_id) AS ready_areas FROM latest l) w GROUP BY team_id, area_id, level) "
        "SELECT team_id, area_id, level, people FROM counted "
        "UNION ALL SELECT team_id, NULL, %s, SUM(all_ready) FROM counted GROUP BY team_id HAVING SUM(all_ready) > 0 "
        "UNION ALL SELECT team_id, NULL, %s, COUNT(*) FROM members GROUP BY team_id"
    )
    pairs = [value for pair in area_targets.items() for value in pair]
    first_area = next(iter(area_targets))
    return sql, [*params, first_area, len(area_targets), *pairs, ALL_READY, MEMBERS]


def _counts_by_lookup(members: Members, area_targets: Mapping[int, int], end: datetime) -> tuple[str, list]:
    """One row per member with a column per area (its newest valid level, a correlated look-up that walks the
    index backwards and stops at the first match), then a count per team and level for each column."""
    moment = _moment(end)
    lookup = (
        f"(SELECT r.level FROM {RESULT} r WHERE r.staff_id = m.staff_id AND r.area_id = %s "
        f"AND {validity.evidence_sql('r')} ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1)"
    )
    columns, params = [], [*members.params]
    for position, area_id in enumerate(area_targets):
        columns.append(f"{lookup} AS l{position}")
        params += [area_id, *validity.evidence_sql_params(moment)]
    sql = f"WITH members AS ({members.sql}), person AS (SELECT m.team_id, {', '.join(columns)} FROM members m) "
    parts = []
    for position, area_id in enumerate(area_targets):
        parts.append(
            f"SELECT team_id, %s, l{position}, COUNT(*) FROM person WHERE l{position} IS NOT NULL "
            f"GROUP BY team_id, l{position}"
        )
        params.append(area_id)
    ready = " AND ".join(f"l{position} >= %s" for position in range(len(area_targets)))
    parts.append(f"SELECT team_id, NULL, %s, COUNT(*) FROM person WHERE {ready} GROUP BY team_id")
    parts.append("SELECT team_id, NULL, %s, COUNT(*) FROM person GROUP BY team_id")
    params += [ALL_READY, *area_targets.values(), MEMBERS]
    return sql + " UNION ALL ".join(parts), params


def member_levels(members: Members, area_targets: Mapping[int, int], end: datetime) -> list[tuple]:
    """Return (staff_id, area_id, level, assessed_at) for every member with valid evidence. One statement."""
    if not area_targets:
        return []
    ctes, params = _latest_ctes(members, area_targets, end, dated=True)
    with connection.cursor() as cursor:
        cursor.execute(ctes + "SELECT staff_id, area_id, level, assessed_at FROM latest", params)
        rows = cursor.fetchall()
    return [(staff_id, area_id, level, _as_datetime(at)) for staff_id, area_id, level, at in rows]


def _as_datetime(value) -> datetime:
    """Return a raw datetime column as an aware datetime (SQLite hands back text in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def member_rows(members: Members) -> list[tuple]:
    """Return (staff_id, employee_number, first_name, last_name, team_id, job_role, band) per member, with the
    team they were in on the members' day."""
    sql = (
        f"WITH members AS ({members.sql}) "
        "SELECT s.id, s.employee_number, s.first_name, s.last_name, m.team_id, s.job_role, s.band "
        f"FROM {STAFF} s JOIN members m ON m.staff_id = s.id ORDER BY s.last_name, s.first_name, s.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(members.params))
        return cursor.fetchall()


def _course_filter(course_ids: Iterable[int] | None) -> tuple[str, list] | None:
    """Return the SQL limiting enrolments to ``course_ids`` (empty for None), or None when the list is empty."""
    if course_ids is None:
        return "", []
    course_ids = list(course_ids)
    if not course_ids:
        return None
    return f" AND e.course_id IN ({', '.join(['%s'] * len(course_ids))})", course_ids


def completion_counts(members: Members, as_of: date, course_ids: Iterable[int] | None) -> list[tuple]:
    """Return (course_id, team_id, enrolled, started, completed, overdue) for members' enrolments by ``as_of``.

    Started means a lesson opened (the enrolment's ``started_at``, its first lesson view) or the course
    complete; overdue means the due date has passed and the course is not complete. ``course_ids`` limits the
    courses (a cohort's assigned ones); None means every course.
    """
    limit = _course_filter(course_ids)
    if limit is None:
        return []
    end = _moment(end_of_local_day(as_of))
    done = "(e.completed_at IS NOT NULL AND e.completed_at < %s)"
    sql = (
        f"WITH members AS ({members.sql}) "
        f"SELECT e.course_id, m.team_id, COUNT(*), "
        f"SUM(CASE WHEN {done} OR (e.started_at IS NOT NULL AND e.started_at < %s) THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {done} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN e.due_date IS NOT NULL AND e.due_date < %s AND NOT {done} THEN 1 ELSE 0 END) "
        f"FROM {ENROLMENT} e JOIN members m ON m.staff_id = e.staff_id "
        f"WHERE e.enrolled_at < %s{limit[0]} GROUP BY e.course_id, m.team_id"
    )
    params = [*members.params, end, end, end, _day(as_of), end, end, *limit[1]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def overdue_staff_ids(members: Members, as_of: date, course_ids: Iterable[int] | None) -> set[int]:
    """Return the members with at least one overdue enrolment (in ``course_ids`` when given) on ``as_of``."""
    limit = _course_filter(course_ids)
    if limit is None:
        return set()
    end = _moment(end_of_local_day(as_of))
    sql = (
        f"WITH members AS ({members.sql}) SELECT DISTINCT e.staff_id FROM {ENROLMENT} e "
        "JOIN members m ON m.staff_id = e.staff_id WHERE e.enrolled_at < %s AND e.due_date IS NOT NULL "
        "AND e.due_date < %s AND NOT (e.completed_at IS NOT NULL AND e.completed_at < %s)" + limit[0]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*members.params, end, _day(as_of), end, *limit[1]])
        return {row[0] for row in cursor.fetchall()}
