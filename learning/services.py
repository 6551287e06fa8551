"""Writes: enrolment and lesson progress. Database constraints, not check-then-insert, keep them single."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from wagtail.models import Page

from learning import completion, events, progress, selectors
from learning.models import CoursePage, Enrolment, LessonPage, LessonProgress, StaffMember
from learning.staffing import is_current_on

NO_STAFF_RECORD = "Your account is not linked to a staff record, so your progress cannot be saved."
NOT_CURRENT_CANNOT_LEARN = "This staff record is not current staff today, so it cannot be enrolled."


def enrolment_create(
    *,
    staff: StaffMember,
    course: CoursePage,
    source: str = Enrolment.Source.SELF,
    due_date: date | None = None,
    now: datetime | None = None,
) -> Enrolment:
    """Enrol a staff member on a course; enrolling twice returns the existing enrolment unchanged."""
    now = now or timezone.now()
    if not is_current_on(staff.start_date, staff.leave_date, timezone.localdate(now)):
        raise ValueError(NOT_CURRENT_CANNOT_LEARN)
    enrolment, _ = Enrolment.objects.get_or_create(
        staff=staff,
        course=course,
        defaults={"source": source, "due_date": due_date, "enrolled_at": now},
    )
    return enrolment


def lesson_open(*, lesson: LessonPage, request) -> dict:
    """Return what the lesson page shows (``selectors.lesson_context_for_request``) and record the learner's first
    view of the lesson (not in preview), which enrols them on its course if needed."""
    context = selectors.lesson_context_for_request(lesson=lesson, request=request)
    if context["course"] is None or context["staff"] is None or context["lesson_viewed"]:
        return context
    if not getattr(request, "is_preview", False):
        lesson_view_record(staff_id=context["staff"], lesson=lesson, course_id=context["course"].id)
    return context


def lesson_view_record(*, staff_id: int, lesson: LessonPage, course_id: int) -> None:
    """Record that a staff member opened a lesson (once) and enrol them on its course if needed."""
    with transaction.atomic():
        _first_view_insert(staff_id=staff_id, lesson=lesson, course_id=course_id, now=timezone.now())


def _first_view_insert(*, staff_id: int, lesson: LessonPage, course_id: int, now: datetime, completed=None) -> None:
    """Insert the lesson's progress row and, if missing, the enrolment (both guarded by their constraints),
    and date the enrolment's start if this is the course's first lesson opened. Call inside a transaction."""
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(
                staff_id=staff_id, lesson=lesson, course_id=course_id, first_viewed_at=now, completed_at=completed
            )
        ],
        ignore_conflicts=True,
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                staff_id=staff_id, course_id=course_id, source=Enrolment.Source.SELF, enrolled_at=now, started_at=now
            )
        ],
        ignore_conflicts=True,
    )
    Enrolment.objects.filter(staff_id=staff_id, course_id=course_id, started_at__isnull=True).update(started_at=now)


def enrolment_starts_fill(*, staff_ids: list[int] | None = None) -> int:
    """Date the start of every enrolment (of ``staff_ids``, or everyone's) that has lesson progress but no start
    yet, from its earliest first view: for writers that insert progress rows in bulk. Returns the rows changed."""
    first_view = (
        LessonProgress.objects.filter(staff_id=OuterRef("staff_id"), course_id=OuterRef("course_id"))
        .order_by("first_viewed_at")
        .values("first_viewed_at")[:1]
    )
    pending = Enrolment.objects.filter(started_at__isnull=True).filter(
        Exists(LessonProgress.objects.filter(staff_id=OuterRef("staff_id"), course_id=OuterRef("course_id")))
    )
    if staff_ids is not None:
        pending = pending.filter(staff_id__in=staff_ids)
    return pending.update(started_at=Subquery(first_view))


@dataclass(frozen=True)
class CompletionResult:
    """What recording a completion changed, and where the learner goes next."""

    course_completed: bool
    next_lesson_id: int | None


def lesson_complete(
    *,
    staff: StaffMember,
    lesson: LessonPage,
    course: Page,
    ordered_lesson_ids: list[int],
    now: datetime | None = None,
) -> CompletionResult:
    """Mark a lesson complete for a staff member; repeating it changes nothing.

    Safe under concurrent requests: an existing unfinished row is finished by a conditional UPDATE;
    only when there is no row at all is one inserted, with ON CONFLICT DO NOTHING, so no completion
    is lost or doubled. ``course`` may be a light ``Page``: only its id is used here.
    """
    now = now or timezone.now()
    with transaction.atomic():
        updated = LessonProgress.objects.filter(staff=staff, lesson=lesson, completed_at__isnull=True).update(
            completed_at=now
        )
        completed_ids = set(
            LessonProgress.objects.filter(
                staff=staff, lesson_id__in=ordered_lesson_ids, completed_at__isnull=False
            ).values_list("lesson_id", flat=True)
        )
        newly = bool(updated)
        if not updated and lesson.id not in completed_ids:
            # Never viewed (the view records a row): insert it, and enrol, guarded by the constraints.
            _first_view_insert(staff_id=staff.id, lesson=lesson, course_id=course.id, now=now, completed=now)
            completed_ids.add(lesson.id)
            newly = True
        if newly:
            events.lesson_completed_send(staff=staff, lesson=lesson, course=course, now=now)
        course_completed = _course_completion_record(
            staff=staff, course=course, ordered_lesson_ids=ordered_lesson_ids, completed_ids=completed_ids, now=now
        )
    return CompletionResult(
        course_completed=course_completed,
        next_lesson_id=progress.continue_after(ordered_lesson_ids, lesson.id, completed_ids),
    )


def course_completion_refresh(*, staff: StaffMember, course: CoursePage, now: datetime | None = None) -> bool:
    """Mark the enrolment complete if every lesson and every registered requirement is done; return it."""
    lesson_ids = list(LessonPage.objects.live().descendant_of(course).order_by("path").values_list("id", flat=True))
    completed_ids = set(
        LessonProgress.objects.filter(staff=staff, lesson_id__in=lesson_ids, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    with transaction.atomic():
        return _course_completion_record(
            staff=staff, course=course, ordered_lesson_ids=lesson_ids, completed_ids=completed_ids, now=now
        )


def course_completions_refresh(*, course: Page, now: datetime | None = None) -> int:
    """After a course's content changed (a lesson or check unpublished, deleted or moved away), complete the
    enrolments of learners still in progress who have now done every live lesson and met every requirement.

    Completed enrolments are never reopened, whatever changes. Returns how many enrolments were completed.
    """
    now = now or timezone.now()
    lesson_ids = list(LessonPage.objects.live().descendant_of(course).order_by("path").values_list("id", flat=True))
    if not lesson_ids:
        return 0
    done: dict[int, set[int]] = {}
    rows = LessonProgress.objects.filter(
        lesson_id__in=lesson_ids,
        completed_at__isnull=False,
        staff__enrolments__course_id=course.id,
        staff__enrolments__completed_at__isnull=True,
    ).values_list("staff_id", "lesson_id")
    for staff_id, lesson_id in rows:
        done.setdefault(staff_id, set()).add(lesson_id)
    finished = [staff_id for staff_id, ids in done.items() if ids >= set(lesson_ids)]
    completed = 0
    for staff in StaffMember.objects.filter(id__in=finished):
        with transaction.atomic():
            completed += _course_completion_record(
                staff=staff, course=course, ordered_lesson_ids=lesson_ids, completed_ids=done[staff.id], now=now
            )
    return completed


def lesson_progress_archive(*, lesson: LessonPage) -> int:
    """Keep the lesson's title on its progress rows before the lesson is deleted (the rows themselves are kept:
    ``LessonProgress.lesson`` is set to empty, never cascaded). Returns the rows kept."""
    return LessonProgress.objects.filter(lesson_id=lesson.id).update(lesson_title=lesson.title[:255])


def _course_completion_record(
    *, staff: StaffMember, course: Page, ordered_lesson_ids: list[int], completed_ids: set[int], now: datetime | None
) -> bool:
    """Decide whether the course is complete (every live lesson done, ``progress.CourseProgress.is_complete``, and
    every registered requirement met, ``completion.requirements_met``) and if so date the enrolment's completion
    once, announcing it (``events.course_completed``). The one place course completion is decided. Return whether it
    is complete."""
    complete = progress.course_progress(ordered_lesson_ids, completed_ids).is_complete and (
        completion.requirements_met(staff, course)
    )
    if complete:
        now = now or timezone.now()
        if Enrolment.objects.filter(staff=staff, course_id=course.id, completed_at__isnull=True).update(
            completed_at=now
        ):
            events.course_completed_send(staff=staff, course=course, now=now)
    return complete
