"""The hand-written baseline of the readiness suite: one SQL statement per report that returns the ``areas`` table.

Written straight from the readiness rules (docs/architecture.md) without the project's code, in the form a
database engineer would choose for each engine to find each person's latest result per area (issue 12):

- PostgreSQL: ``SELECT DISTINCT ON (staff, area) ... ORDER BY staff, area, assessed_at DESC, id DESC``, which
  keeps the first row of each group as it sorts, with no window to number and filter;
- SQLite (no DISTINCT ON): a ``ROW_NUMBER()`` window over the same order, keeping row 1. SQLite's other
  idiom, a bare column beside ``MAX(assessed_at)``, cannot break a tie on ``assessed_at`` by the higher id.

The rest is the same on both (CASE, COALESCE, NULLIF, CAST AS DOUBLE PRECISION). The rules:

- members: for the organisation, its staff on day d (start date empty or on or before d, leave date empty or
  after d, not anonymised); for a cohort, staff with a membership spell covering d (joined_on <= d, left_on
  empty or after d) who have not left the organisation by d;
- E(p, a): the level of p's latest ``assessed`` or ``observed`` result in a recorded before the end of day d in
  the site's time zone and not expired then (expires_at empty or at or after that moment), ties to the higher id;
- targets: the areas' default target levels (organisation), or the cohort's targets (level >= 1); an area slug
  in more than one framework is the first framework's.

Fractions are computed by the database; undefined ones (nothing to divide by) are NULL.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

COLUMNS = [
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

_FIRST_FRAMEWORK = "a.framework_id = (SELECT MIN(a2.framework_id) FROM assessments_skillarea a2 WHERE a2.slug = a.slug)"

ORGANISATION_MEMBERS = (
    "SELECT s.id AS staff_id FROM learning_staffmember s WHERE s.organisation_id = %(owner)s "
    "AND (s.start_date IS NULL OR s.start_date <= %(day)s) "
    "AND (s.leave_date IS NULL OR s.leave_date > %(day)s)"  # current staff that day, anonymised or not
)
ORGANISATION_TARGETS = (
    "SELECT a.id AS area_id, a.slug AS skill_area, a.default_target_level AS target_level, "
    "a.framework_id, a.sort_order, a.name FROM assessments_skillarea a "
    f"WHERE a.default_target_level >= 1 AND {_FIRST_FRAMEWORK}"
)
COHORT_MEMBERS = (
    "SELECT DISTINCT cm.staff_id FROM readiness_cohortmembership cm "
    "JOIN learning_staffmember s ON s.id = cm.staff_id "
    "WHERE cm.cohort_id = %(owner)s AND cm.joined_on <= %(day)s AND (cm.left_on IS NULL OR cm.left_on > %(day)s) "
    "AND (s.start_date IS NULL OR s.start_date <= %(day)s) AND (s.leave_date IS NULL OR s.leave_date > %(day)s)"
)
COHORT_TARGETS = (
    "SELECT a.id AS area_id, a.slug AS skill_area, ct.level AS target_level, "
    "a.framework_id, a.sort_order, a.name FROM readiness_cohorttarget ct "
    "JOIN assessments_skillarea a ON a.id = ct.skill_area_id "
    f"WHERE ct.cohort_id = %(owner)s AND ct.level >= 1 AND {_FIRST_FRAMEWORK}"
)

# The results that count on the day: recorded before its end, not expired then, from a check or an observation.
_COUNTING_RESULTS = """
    FROM assessments_skillresult r
    JOIN ({members}) m ON m.staff_id = r.staff_id
    WHERE r.area_id IN (SELECT area_id FROM targets)
      AND r.source IN ('assessed', 'observed')
      AND r.assessed_at < %(end)s
      AND (r.expires_at IS NULL OR r.expires_at >= %(end)s)"""

# Each person's latest counting result per area (ties to the higher id), as (area_id, level) rows.
LATEST = {
    "postgresql": f"""SELECT DISTINCT ON (r.staff_id, r.area_id) r.area_id, r.level{_COUNTING_RESULTS}
    ORDER BY r.staff_id, r.area_id, r.assessed_at DESC, r.id DESC""",
    "sqlite": f"""SELECT area_id, level FROM (
    SELECT r.area_id, r.level,
           ROW_NUMBER() OVER (PARTITION BY r.staff_id, r.area_id ORDER BY r.assessed_at DESC, r.id DESC) AS position
    {_COUNTING_RESULTS.strip()}
    ) ranked WHERE position = 1""",
}

AREAS_SQL = """
WITH targets AS ({targets}),
latest AS ({latest}),
evidence AS (
    SELECT l.area_id, COUNT(*) AS assessed,
           SUM(CASE WHEN l.level >= t.target_level THEN 1 ELSE 0 END) AS ready,
           SUM(CASE WHEN l.level < t.target_level THEN t.target_level - l.level ELSE 0 END) AS gap
    FROM latest l JOIN targets t ON t.area_id = l.area_id
    GROUP BY l.area_id
),
headcount AS (SELECT COUNT(*) AS members FROM ({members}) everyone),
counts AS (
    SELECT t.skill_area, t.target_level, t.framework_id, t.sort_order, t.name, h.members,
           COALESCE(e.assessed, 0) AS assessed, COALESCE(e.ready, 0) AS ready, COALESCE(e.gap, 0) AS gap
    FROM targets t CROSS JOIN headcount h LEFT JOIN evidence e ON e.area_id = t.area_id
)
SELECT skill_area, target_level, members, assessed, ready,
       CAST(assessed AS DOUBLE PRECISION) / NULLIF(members, 0) AS coverage,
       CAST(ready AS DOUBLE PRECISION) / NULLIF(members, 0) AS readiness,
       CAST(ready AS DOUBLE PRECISION) / NULLIF(assessed, 0) AS readiness_assessed,
       CAST(ready + members - assessed AS DOUBLE PRECISION) / NULLIF(members, 0) AS readiness_upper,
       CAST(gap AS DOUBLE PRECISION) / NULLIF(assessed, 0) AS mean_gap
FROM counts
ORDER BY framework_id, sort_order, name
"""


def day_end(as_of: date) -> datetime:
    """Return the first moment after ``as_of`` in the site's time zone (results recorded before it count)."""
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))


def areas_statement(kind: str, owner_id: int, as_of: date) -> tuple[str, dict]:
    """Return the statement and its parameters for ``kind`` "organisation" or "cohort"."""
    from django.db import connection

    members, targets = {
        "organisation": (ORGANISATION_MEMBERS, ORGANISATION_TARGETS),
        "cohort": (COHORT_MEMBERS, COHORT_TARGETS),
    }[kind]
    params = {
        "owner": owner_id,
        "day": connection.ops.adapt_datefield_value(as_of),
        "end": connection.ops.adapt_datetimefield_value(day_end(as_of)),
    }
    latest = LATEST.get(connection.vendor, LATEST["sqlite"]).replace("{members}", members)
    return AREAS_SQL.format(members=members, targets=targets, latest=latest), params


def areas_rows(kind: str, owner_id: int, as_of: date) -> list[dict]:
    """Run the statement once and return the areas table as a list of dicts (fractions as floats or None)."""
    from django.db import connection

    sql, params = areas_statement(kind, owner_id, as_of)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]
