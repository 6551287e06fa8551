"""Write xAPI statements to the outbox (services), in the transaction of the event that caused them.

``listeners_connect`` (called by ``InteropConfig.ready``) connects one receiver to each event that ``learning`` and
``assessments`` announce. A receiver builds the statements (``interop.statements``) with the person's account name
(``StaffMember.opaque_id``) and hands them to ``statements_write``, which is one SQL statement: for each active LRS
endpoint of the person's organisation it inserts one outbox row per statement, with the registration of the
person's enrolment on the course (``Enrolment.opaque_id``) set into each payload by the database. With no active
endpoint that statement inserts nothing, so having an LRS costs a lesson completion no extra round trip to the
database, only the rows. Receivers that need more queries to build their statements (an assessment's course) first
ask whether anything will be sent (``actor_if_sending``). A row is unique per endpoint and statement id, and
statement ids name the event, so an event announced twice is written once. Nothing here talks to an LRS: delivery
is ``interop.delivery``, run by background workers.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from assessments import events as assessment_events
from interop import statements as xapi
from interop.models import LrsEndpoint, OutboxStatement
from learning import events as learning_events
from learning.models import CoursePage, Enrolment, StaffMember


def site_home_page() -> str:
    """Return the site's home page, the ``homePage`` of every actor's account and the root of activity ids."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


def actor_for(staff: StaffMember) -> xapi.Actor:
    """Return the person's actor: an account on the site's home page named by their opaque id (no query)."""
    return xapi.Actor(home_page=site_home_page(), name=str(staff.opaque_id))


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    models = {"outbox": OutboxStatement, "endpoint": LrsEndpoint, "staff": StaffMember, "enrolment": Enrolment}
    return {name: quote(model._meta.db_table) for name, model in models.items()}


def actor_if_sending(staff_id: int) -> xapi.Actor | None:
    """Return the person's actor when their organisation has an active endpoint, else None (one query)."""
    tables = _tables()
    sql = (
        f"SELECT s.opaque_id FROM {tables['staff']} s WHERE s.id = %s AND EXISTS ("
        f"SELECT 1 FROM {tables['endpoint']} e WHERE e.organisation_id = s.organisation_id AND e.active)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [staff_id])
        row = cursor.fetchone()
    if row is None:
        return None
    name = StaffMember._meta.get_field("opaque_id").to_python(row[0])
    return xapi.Actor(home_page=site_home_page(), name=str(name))


# How each database is told the types of the values, and writes the enrolment's registration (its UUID as text)
# into a payload's context. SQLite keeps a UUID as 32 hex digits and JSON as text.
_DIALECTS = {
    "postgresql": {
        "uuid": "CAST({} AS uuid)",
        "json": "CAST({} AS jsonb)",
        "time": "CAST({} AS timestamptz)",
        "registered": "jsonb_set({payload}, '{{context,registration}}', to_jsonb(CAST(r.opaque_id AS text)))",
    },
    "sqlite": {
        "uuid": "{}",
        "json": "{}",
        "time": "{}",
        "registered": (
            "json_set({payload}, '$.context.registration', substr(r.opaque_id, 1, 8) || '-' ||"
            " substr(r.opaque_id, 9, 4) || '-' || substr(r.opaque_id, 13, 4) || '-' || substr(r.opaque_id, 17, 4)"
            " || '-' || substr(r.opaque_id, 21, 12))"
        ),
    },
}


@functools.cache
def _insert_sql(vendor: str, statements: int) -> str:
    """The one statement of ``statements_write`` for ``statements`` statements, written out once per process."""
    dialect, tables = _DIALECTS[vendor], _tables()
    payload = dialect["json"].format("v.column3")
    values = ", ".join(["(%s, %s, %s)"] * statements)
    return (
        f"INSERT INTO {tables['outbox']} (endpoint_id, statement_id, verb, payload, status, attempts, created_at,"
        " next_attempt_at, last_error)"
        f" SELECT e.id, {dialect['uuid'].format('v.column1')}, v.column2,"
        f" CASE WHEN r.opaque_id IS NULL THEN {payload} ELSE {dialect['registered'].format(payload=payload)} END,"
        f" 'pending', 0, {dialect['time'].format('%s')}, {dialect['time'].format('%s')}, ''"
        f" FROM {tables['endpoint']} e INNER JOIN {tables['staff']} s ON s.organisation_id = e.organisation_id"
        f" LEFT JOIN {tables['enrolment']} r ON r.staff_id = s.id AND r.course_id = %s"
        f" CROSS JOIN (VALUES {values}) v"
        " WHERE s.id = %s AND e.active"
        " ON CONFLICT DO NOTHING"
    )


def statements_write(*, staff_id: int, course_id: int | None, statements: list[dict], now: datetime) -> int:
    """Insert each statement once for each active endpoint of the person's organisation, waiting to be sent, with
    the registration of their enrolment on ``course_id`` (when they have one) in its context; a row already there
    is kept. One query in the caller's transaction; return the rows inserted (0 with no active endpoint)."""
    if not statements:
        return 0
    moment = connection.ops.adapt_datetimefield_value(now)
    statement_id = OutboxStatement._meta.get_field("statement_id")  # stored as the ORM stores it (SQLite: hex)
    values = []
    for statement in statements:
        values += [
            statement_id.get_db_prep_value(statement["id"], connection),
            statement["verb"]["display"]["en-US"],
            json.dumps(statement, cls=DjangoJSONEncoder),
        ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(connection.vendor, len(statements)), [moment, moment, course_id, *values, staff_id])
        return cursor.rowcount


def page_activity(page_id: int, kind: str, title: str) -> xapi.Activity:
    return xapi.Activity(xapi.activity_id(site_home_page(), "pages", page_id), kind, title)


def _course_of(page) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(page).only("id", "title").first()


# --- receivers: each is given what the sender announced (see learning/events.py, assessments/events.py) ---


def on_lesson_completed(sender, *, staff: StaffMember, lesson, course, now: datetime, **kwargs) -> None:
    built = xapi.lesson_completed(
        actor=actor_for(staff),
        base_url=site_home_page(),
        lesson_id=lesson.id,
        lesson_title=lesson.title,
        course=page_activity(course.id, xapi.COURSE, course.title),
        registration=None,  # set by statements_write
        at=now,
    )
    statements_write(staff_id=staff.id, course_id=course.id, statements=[built], now=now)


def on_course_completed(sender, *, staff: StaffMember, course, now: datetime, **kwargs) -> None:
    built = xapi.course_completed(
        actor=actor_for(staff),
        course=page_activity(course.id, xapi.COURSE, course.title),
        registration=None,  # set by statements_write
        at=now,
    )
    statements_write(staff_id=staff.id, course_id=course.id, statements=[built], now=now)


def on_assessment_result(sender, *, attempt, passed: bool, score_raw, score_max, now: datetime, **kwargs) -> None:
    actor = actor_if_sending(attempt.staff_id)
    if actor is None:
        return  # nothing will be sent: spare the course look-up
    assessment = attempt.assessment
    course = _course_of(assessment)
    built = xapi.assessment_result(
        actor=actor,
        assessment=page_activity(assessment.id, xapi.ASSESSMENT, assessment.title),
        attempt_key=str(attempt.pk),
        passed=passed,
        score=xapi.Score(raw=float(score_raw), min=0, max=float(score_max)),
        course=page_activity(course.id, xapi.COURSE, course.title) if course else None,
        registration=None,  # set by statements_write
        at=now,
    )
    statements_write(staff_id=attempt.staff_id, course_id=course.id if course else None, statements=[built], now=now)


def on_skill_levels_reached(sender, *, attempt, staff_id: int, reached, now: datetime, **kwargs) -> None:
    actor = actor_if_sending(staff_id)
    if actor is None:
        return  # nothing will be sent: spare the look-ups
    from assessments.models import SkillArea

    names = dict(SkillArea.objects.filter(id__in=[r.area_id for r in reached]).values_list("id", "name"))
    assessment = page_activity(attempt.assessment_id, xapi.ASSESSMENT, attempt.assessment.title) if attempt else None
    built = [
        xapi.skill_level_reached(
            actor=actor,
            base_url=site_home_page(),
            area_id=level.area_id,
            area_name=names.get(level.area_id, "Skill area"),
            level=level.level,
            percent=level.percent,
            attempt_key=str(attempt.pk) if attempt else now.isoformat(),
            assessment=assessment,
            at=now,
        )
        for level in reached
    ]
    statements_write(staff_id=staff_id, course_id=None, statements=built, now=now)


def on_scorm_result(
    sender,
    *,
    staff: StaffMember,
    lesson,
    course,
    now: datetime,
    completed: bool,
    passed,
    score_raw,
    score_min,
    score_max,
    attempt_key: str,
    **kwargs,
) -> None:
    score = None
    if score_raw is not None and score_max is not None:
        try:
            score = xapi.Score(raw=float(score_raw), min=float(score_min or 0), max=float(score_max))
        except ValueError:
            score = None  # a package's score out of its own range: the statement goes without it
    built = xapi.scorm_results(
        actor=actor_for(staff),
        lesson=page_activity(lesson.id, xapi.LESSON, lesson.title),
        course=page_activity(course.id, xapi.COURSE, course.title) if course else None,
        registration=None,  # set by statements_write
        attempt_key=attempt_key or now.isoformat(),
        completed=completed,
        passed=passed,
        score=score,
        at=now,
    )
    statements_write(staff_id=staff.id, course_id=course.id if course else None, statements=built, now=now)


def listeners_connect() -> None:
    """Listen to every event a statement is written for (once: the receivers are connected by a fixed uid)."""
    pairs = (
        (learning_events.lesson_completed, on_lesson_completed),
        (learning_events.course_completed, on_course_completed),
        (learning_events.scorm_result_recorded, on_scorm_result),
        (assessment_events.assessment_result_recorded, on_assessment_result),
        (assessment_events.skill_levels_reached, on_skill_levels_reached),
    )
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"interop.{receiver.__name__}")
