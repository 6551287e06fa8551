"""Write xAPI statements to the outbox (services), in the transaction of the event that caused them.

``listeners_connect`` (called by ``InteropConfig.ready``) connects one receiver to each event that ``learning`` and
``assessments`` announce. Each receiver first asks for the active LRS endpoints of the person's organisation, with
the person's account name and registration in the same query (``targets_for``: the ``opaque_id`` of the staff
record and of the enrolment); with no endpoint it does nothing more. Otherwise it builds the statements
(``interop.statements``) and inserts one outbox row per statement and endpoint. A row is unique per endpoint
and statement id, and statement ids name the event, so an event announced twice is written once. Nothing here
talks to an LRS: delivery is ``interop.delivery``, run by background workers.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection

from assessments import events as assessment_events
from interop import statements as xapi
from interop.models import LrsEndpoint, OutboxStatement
from learning import events as learning_events
from learning.models import CoursePage, Enrolment, StaffMember
from learning.staff_import.bulk import rows_insert


def site_home_page() -> str:
    """Return the site's home page, the ``homePage`` of every actor's account and the root of activity ids."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


@dataclass(frozen=True)
class Targets:
    """Where a person's statements go (the active endpoints of their organisation) and who they are in them."""

    endpoint_ids: list[int]
    actor: xapi.Actor
    registration: str | None


@functools.cache
def _targets_sql(vendor: str) -> str:
    """The one query of ``targets_for``, written out once per process: compiling it through the ORM took about
    0.5 ms of every completion (eight times what the database takes to answer it)."""
    quote = connection.ops.quote_name
    endpoint, staff, enrolment = (quote(model._meta.db_table) for model in (LrsEndpoint, StaffMember, Enrolment))
    return (
        "SELECT e.id, s.opaque_id,"
        f" (SELECT r.opaque_id FROM {enrolment} r WHERE r.staff_id = s.id AND r.course_id = %s)"
        f" FROM {endpoint} e INNER JOIN {staff} s ON s.organisation_id = e.organisation_id"
        " WHERE s.id = %s AND e.active"
    )


def _uuid_text(value) -> str | None:
    """A UUID column's value as the text statements carry (PostgreSQL gives a UUID, SQLite its 32 hex digits)."""
    return None if value is None else str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


def targets_for(staff_id: int, course_id: int | None = None) -> Targets | None:
    """Return the active endpoints of the person's organisation with their actor and, given a course, the
    registration of their enrolment on it (None without one); None when there is no active endpoint.
    One query, and nothing written: both ids are made with the staff record and the enrolment."""
    with connection.cursor() as cursor:
        cursor.execute(_targets_sql(connection.vendor), [course_id, staff_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    _, actor_name, registration = rows[0]
    return Targets(
        endpoint_ids=[row[0] for row in rows],
        actor=xapi.Actor(home_page=site_home_page(), name=_uuid_text(actor_name)),
        registration=_uuid_text(registration),
    )


def page_activity(page_id: int, kind: str, title: str) -> xapi.Activity:
    return xapi.Activity(xapi.activity_id(site_home_page(), "pages", page_id), kind, title)


def statements_write(*, endpoint_ids: list[int], statements: list[dict], now: datetime) -> int:
    """Insert one waiting row per statement and endpoint (a row already there is kept); return the rows asked for."""
    rows = [
        {
            "endpoint_id": endpoint_id,
            "statement_id": statement["id"],
            "verb": statement["verb"]["display"]["en-US"],
            "payload": statement,
            "created_at": now,
            "next_attempt_at": now,
        }
        for endpoint_id in endpoint_ids
        for statement in statements
    ]
    # in the caller's transaction; the plain insert costs a third of bulk_create's on this hot path
    return rows_insert(OutboxStatement, rows, ignore_conflicts=True)


def _course_of(page) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(page).only("id", "title").first()


# --- receivers: each is given what the sender announced (see learning/events.py, assessments/events.py) ---


def on_lesson_completed(sender, *, staff: StaffMember, lesson, course, now: datetime, **kwargs) -> None:
    targets = targets_for(staff.id, course.id)
    if targets is None:
        return
    built = xapi.lesson_completed(
        actor=targets.actor,
        base_url=site_home_page(),
        lesson_id=lesson.id,
        lesson_title=lesson.title,
        course=page_activity(course.id, xapi.COURSE, course.title),
        registration=targets.registration,
        at=now,
    )
    statements_write(endpoint_ids=targets.endpoint_ids, statements=[built], now=now)


def on_course_completed(sender, *, staff: StaffMember, course, now: datetime, **kwargs) -> None:
    targets = targets_for(staff.id, course.id)
    if targets is None:
        return
    built = xapi.course_completed(
        actor=targets.actor,
        course=page_activity(course.id, xapi.COURSE, course.title),
        registration=targets.registration,
        at=now,
    )
    statements_write(endpoint_ids=targets.endpoint_ids, statements=[built], now=now)


def on_assessment_result(sender, *, attempt, passed: bool, score_raw, score_max, now: datetime, **kwargs) -> None:
    if targets_for(attempt.staff_id) is None:
        return
    assessment = attempt.assessment
    course = _course_of(assessment)
    targets = targets_for(attempt.staff_id, course.id if course else None)
    built = xapi.assessment_result(
        actor=targets.actor,
        assessment=page_activity(assessment.id, xapi.ASSESSMENT, assessment.title),
        attempt_key=str(attempt.pk),
        passed=passed,
        score=xapi.Score(raw=float(score_raw), min=0, max=float(score_max)),
        course=page_activity(course.id, xapi.COURSE, course.title) if course else None,
        registration=targets.registration,
        at=now,
    )
    statements_write(endpoint_ids=targets.endpoint_ids, statements=[built], now=now)


def on_skill_levels_reached(sender, *, attempt, staff_id: int, reached, now: datetime, **kwargs) -> None:
    targets = targets_for(staff_id)
    if targets is None:
        return
    from assessments.models import SkillArea

    names = dict(SkillArea.objects.filter(id__in=[r.area_id for r in reached]).values_list("id", "name"))
    assessment = page_activity(attempt.assessment_id, xapi.ASSESSMENT, attempt.assessment.title) if attempt else None
    built = [
        xapi.skill_level_reached(
            actor=targets.actor,
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
    statements_write(endpoint_ids=targets.endpoint_ids, statements=built, now=now)


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
    targets = targets_for(staff.id, course.id if course else None)
    if targets is None:
        return
    score = None
    if score_raw is not None and score_max is not None:
        try:
            score = xapi.Score(raw=float(score_raw), min=float(score_min or 0), max=float(score_max))
        except ValueError:
            score = None  # a package's score out of its own range: the statement goes without it
    built = xapi.scorm_results(
        actor=targets.actor,
        lesson=page_activity(lesson.id, xapi.LESSON, lesson.title),
        course=page_activity(course.id, xapi.COURSE, course.title) if course else None,
        registration=targets.registration,
        attempt_key=attempt_key or now.isoformat(),
        completed=completed,
        passed=passed,
        score=score,
        at=now,
    )
    if built:
        statements_write(endpoint_ids=targets.endpoint_ids, statements=built, now=now)


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
