"""What learning announces to the apps above it, which it does not import.

``scorm_lesson_passed`` is sent when a SCORM lesson's attempt first says passed (see below).

``staff_records_changed`` is sent, inside the writer's transaction, whenever staff records or teams change (an
import, an admin edit, a team moved or deleted, a record anonymised). Readiness listens and re-applies cohort
rules. A listener may return a sentence for the person who made the change (for example which cohorts someone
joined); ``staff_records_changed_send`` collects those.
"""

from __future__ import annotations

from datetime import date, datetime

from django.dispatch import Signal

from learning.models import Organisation, StaffMember

staff_records_changed = Signal()

# Sent, inside the writer's transaction, the first time a learner's attempt at a SCORM lesson says "passed".
# Assessments listens and records the skill levels an editor said a pass gives (``assessments.scorm_results``).
scorm_lesson_passed = Signal()


def staff_records_changed_send(
    *, organisation: Organisation, today: date | None = None, staff_ids: set[int] | None = None
) -> str:
    """Tell every listener that an organisation's staff records changed; return their sentences joined.

    ``staff_ids`` narrows the change to those people (a single record edit); ``None`` means the whole organisation.
    Errors are not swallowed: a listener that fails rolls back the change that caused it.
    """
    responses = staff_records_changed.send(
        sender=Organisation, organisation=organisation, today=today, staff_ids=staff_ids
    )
    return "".join(sentence for _, sentence in responses if sentence)


# Learning events for the record, each sent inside the transaction that records it, once: an app above may
# write its own rows in that transaction (``interop`` writes xAPI statements to its outbox), so a rollback
# undoes both and a commit keeps both. Each receives plain values; ``now`` is the moment the event happened.
lesson_completed = Signal()  # staff, lesson (LessonPage), course (Page), now
course_completed = Signal()  # staff, course (Page), now
scorm_result_recorded = Signal()  # staff, lesson, course, now, completed, passed, score_raw/min/max, attempt_key


def lesson_completed_send(*, staff, lesson, course, now: datetime) -> None:
    """Announce that a staff member has just completed a lesson (the first time). Call inside the writer's
    transaction; a listener's error rolls the completion back."""
    lesson_completed.send(sender=StaffMember, staff=staff, lesson=lesson, course=course, now=now)


def course_completed_send(*, staff, course, now: datetime) -> None:
    """Announce that a staff member's enrolment on a course has just been dated complete (the first time)."""
    course_completed.send(sender=StaffMember, staff=staff, course=course, now=now)


def scorm_result_send(
    *,
    staff,
    lesson,
    course,
    now: datetime,
    completed: bool,
    passed: bool | None = None,
    score_raw: float | None = None,
    score_min: float | None = None,
    score_max: float | None = None,
    attempt_key: str = "",
) -> None:
    """Announce a SCORM attempt's result as the SCORM runtime commits it (the SCORM lesson's hook).

    ``completed`` is the package's completion (1.2 ``lesson_status`` completed/passed/failed; 2004
    ``completion_status`` completed), ``passed`` its success (1.2 passed/failed; 2004 ``success_status``; ``None``
    when unknown), and the score raw/min/max as the package reported them (``None`` when it gave none).
    ``attempt_key`` names the attempt (say ``"<attempt id>"``): an announcement repeated for the same attempt, key
    and result adds nothing twice for a listener that keys on it. Call inside the writer's transaction.
    """
    scorm_result_recorded.send(
        sender=StaffMember,
        staff=staff,
        lesson=lesson,
        course=course,
        now=now,
        completed=completed,
        passed=passed,
        score_raw=score_raw,
        score_min=score_min,
        score_max=score_max,
        attempt_key=attempt_key,
    )


def scorm_lesson_passed_send(*, attempt, now) -> None:
    """Tell every listener that a learner passed a SCORM lesson (``attempt`` is the ``ScormAttempt``)."""
    scorm_lesson_passed.send(sender=type(attempt), attempt=attempt, now=now)
