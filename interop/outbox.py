"""Write xAPI statements to the outbox (services), in the transaction of the event that caused them.

``listeners_connect`` (called by ``InteropConfig.ready``) connects one receiver to each event that ``learning`` and
``assessments`` announce. Each receiver first asks whether the person's organisation has an active LRS endpoint
(one query); with none it does nothing more. Otherwise it builds the statements (``interop.statements``) and
inserts one outbox row per statement and endpoint. A row is unique per endpoint and statement id, and statement ids
name the event, so an event announced twice is written once. Nothing here talks to an LRS: delivery is
``interop.delivery``, run by background workers.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from assessments import events as assessment_events
from interop import statements as xapi
from interop.models import ActorAccount, LrsEndpoint, OutboxStatement, Registration
from learning import events as learning_events
from learning.models import CoursePage, Enrolment, StaffMember


def site_home_page() -> str:
    """Return the site's home page, the ``homePage`` of every actor's account and the root of activity ids."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


def _active_endpoint_ids(organisation_id: int) -> list[int]:
    return list(LrsEndpoint.objects.filter(organisation_id=organisation_id, active=True).values_list("id", flat=True))


def actor_for(staff_id: int) -> xapi.Actor:
    """Return the person's actor, giving the staff record its opaque account name the first time."""
    name = ActorAccount.objects.filter(staff_id=staff_id).values_list("name", flat=True).first()
    if name is None:
        ActorAccount.objects.bulk_create([ActorAccount(staff_id=staff_id)], ignore_conflicts=True)
        name = ActorAccount.objects.filter(staff_id=staff_id).values_list("name", flat=True).get()
    return xapi.Actor(home_page=site_home_page(), name=str(name))


def _enrolment_identities(staff_id: int, course_id: int):
    return (
        Enrolment.objects.filter(staff_id=staff_id, course_id=course_id)
        .values_list("id", "staff__xapi_account__name", "xapi_registration__registration")
        .first()
    )


def actor_and_registration(staff_id: int, course_id: int) -> tuple[xapi.Actor, str | None]:
    """Return the person's actor and the registration of their enrolment on the course (None without one), making
    either the first time it is needed: one query when both exist. Concurrent first uses agree: the rows are unique
    and read back after the insert."""
    found = _enrolment_identities(staff_id, course_id)
    if found is None:
        return actor_for(staff_id), None
    enrolment_id, name, registration = found
    if name is None or registration is None:
        if name is None:
            ActorAccount.objects.bulk_create([ActorAccount(staff_id=staff_id)], ignore_conflicts=True)
        if registration is None:
            Registration.objects.bulk_create([Registration(enrolment_id=enrolment_id)], ignore_conflicts=True)
        enrolment_id, name, registration = _enrolment_identities(staff_id, course_id)
    return xapi.Actor(home_page=site_home_page(), name=str(name)), str(registration)


def page_activity(page_id: int, kind: str, title: str) -> xapi.Activity:
    return xapi.Activity(xapi.activity_id(site_home_page(), "pages", page_id), kind, title)


def statements_write(*, endpoint_ids: list[int], statements: list[dict], now: datetime) -> int:
    """Insert one waiting row per statement and endpoint (a row already there is kept); return the rows asked for."""
    rows = [
        OutboxStatement(
            endpoint_id=endpoint_id,
            statement_id=statement["id"],
            verb=statement["verb"]["display"]["en-US"],
            payload=statement,
            created_at=now,
            next_attempt_at=now,
        )
        for endpoint_id in endpoint_ids
        for statement in statements
    ]
    OutboxStatement.objects.bulk_create(rows, ignore_conflicts=True)  # in the caller's transaction
    return len(rows)


def _course_of(page) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(page).only("id", "title").first()


# --- receivers: each is given what the sender announced (see learning/events.py, assessments/events.py) ---


def on_lesson_completed(sender, *, staff: StaffMember, lesson, course, now: datetime, **kwargs) -> None:
    endpoint_ids = _active_endpoint_ids(staff.organisation_id)
    if not endpoint_ids:
        return
    actor, registration = actor_and_registration(staff.id, course.id)
    built = xapi.lesson_completed(
        actor=actor,
        base_url=site_home_page(),
        lesson_id=lesson.id,
        lesson_title=lesson.title,
        course=page_activity(course.id, xapi.COURSE, course.title),
        registration=registration,
        at=now,
    )
    statements_write(endpoint_ids=endpoint_ids, statements=[built], now=now)


def on_course_completed(sender, *, staff: StaffMember, course, now: datetime, **kwargs) -> None:
    endpoint_ids = _active_endpoint_ids(staff.organisation_id)
    if not endpoint_ids:
        return
    actor, registration = actor_and_registration(staff.id, course.id)
    built = xapi.course_completed(
        actor=actor, course=page_activity(course.id, xapi.COURSE, course.title), registration=registration, at=now
    )
    statements_write(endpoint_ids=endpoint_ids, statements=[built], now=now)


def _staff_organisation_id(staff_id: int) -> int:
    return StaffMember.objects.filter(id=staff_id).values_list("organisation_id", flat=True).get()


def on_assessment_result(sender, *, attempt, passed: bool, score_raw, score_max, now: datetime, **kwargs) -> None:
    endpoint_ids = _active_endpoint_ids(_staff_organisation_id(attempt.staff_id))
    if not endpoint_ids:
        return
    assessment = attempt.assessment
    course = _course_of(assessment)
    actor, registration = (
        actor_and_registration(attempt.staff_id, course.id) if course else (actor_for(attempt.staff_id), None)
    )
    built = xapi.assessment_result(
        actor=actor,
        assessment=page_activity(assessment.id, xapi.ASSESSMENT, assessment.title),
        attempt_key=str(attempt.pk),
        passed=passed,
        score=xapi.Score(raw=float(score_raw), min=0, max=float(score_max)),
        course=page_activity(course.id, xapi.COURSE, course.title) if course else None,
        registration=registration,
        at=now,
    )
    statements_write(endpoint_ids=endpoint_ids, statements=[built], now=now)


def on_skill_levels_reached(sender, *, attempt, staff_id: int, reached, now: datetime, **kwargs) -> None:
    endpoint_ids = _active_endpoint_ids(_staff_organisation_id(staff_id))
    if not endpoint_ids:
        return
    from assessments.models import SkillArea

    names = dict(SkillArea.objects.filter(id__in=[r.area_id for r in reached]).values_list("id", "name"))
    actor = actor_for(staff_id)
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
    statements_write(endpoint_ids=endpoint_ids, statements=built, now=now)


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
    endpoint_ids = _active_endpoint_ids(staff.organisation_id)
    if not endpoint_ids:
        return
    score = None
    if score_raw is not None and score_max is not None:
        try:
            score = xapi.Score(raw=float(score_raw), min=float(score_min or 0), max=float(score_max))
        except ValueError:
            score = None  # a package's score out of its own range: the statement goes without it
    actor, registration = actor_and_registration(staff.id, course.id) if course else (actor_for(staff.id), None)
    built = xapi.scorm_results(
        actor=actor,
        lesson=page_activity(lesson.id, xapi.LESSON, lesson.title),
        course=page_activity(course.id, xapi.COURSE, course.title) if course else None,
        registration=registration,
        attempt_key=attempt_key or now.isoformat(),
        completed=completed,
        passed=passed,
        score=score,
        at=now,
    )
    if built:
        statements_write(endpoint_ids=endpoint_ids, statements=built, now=now)


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
