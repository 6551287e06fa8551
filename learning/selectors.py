"""Reads: staff records, course outlines and learner progress, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import FilteredRelation, Q
from django.utils import timezone
from wagtail.models import Page

from learning import progress, structure
from learning.models import CoursePage, Enrolment, LessonPage, LessonProgress, ModulePage, StaffMember
from learning.staffing import current_on


def staff_get_for_user(user) -> StaffMember | None:
    """Return the user's current staff record (cached on the user object), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_staff_record"):
        user._staff_record = (
            StaffMember.objects.filter(current_on(timezone.localdate()), user=user).order_by("id").first()
        )
    return user._staff_record


def lesson_list_for_course(course: CoursePage) -> list[LessonPage]:
    """Return the course's live lessons in course order, without their bodies."""
    return list(LessonPage.objects.live().descendant_of(course).order_by("path").defer("body"))


def module_list_for_course(course: CoursePage) -> list[ModulePage]:
    """Return the course's live modules in order."""
    return list(ModulePage.objects.live().child_of(course).order_by("path").defer("intro"))


def module_extras_for_course(course: CoursePage) -> list[Page]:
    """Return live pages inside modules that are not lessons (such as knowledge checks), in order."""
    return list(
        Page.objects.live()
        .descendant_of(course)
        .filter(depth=course.depth + 2)
        .not_type(LessonPage)
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path")
    )


def progress_map_for_course(staff: StaffMember | None, course: CoursePage) -> dict[int, LessonProgress]:
    """Return this staff member's progress rows in the course, by lesson id."""
    if staff is None:
        return {}
    rows = LessonProgress.objects.filter(staff=staff, course=course).only(
        "id", "lesson_id", "first_viewed_at", "completed_at"
    )
    return {row.lesson_id: row for row in rows}


def staff_progress_for_user(user, lesson_ids: list[int]) -> tuple[int | None, dict[int, object]]:
    """Return the user's current staff id and completion time (or None) per viewed lesson, in one query."""
    if not getattr(user, "is_authenticated", False):
        return None, {}
    rows = list(
        StaffMember.objects.filter(current_on(timezone.localdate()), user=user)
        .annotate(p=FilteredRelation("lesson_progress", condition=Q(lesson_progress__lesson_id__in=lesson_ids)))
        .order_by("id")
        .values_list("id", "p__lesson_id", "p__completed_at")
    )
    if not rows:
        return None, {}
    staff_id = rows[0][0]
    return staff_id, {lesson_id: done for sid, lesson_id, done in rows if sid == staff_id and lesson_id}


def enrolment_get(staff: StaffMember | None, course: CoursePage) -> Enrolment | None:
    """Return the staff member's enrolment on the course, if any."""
    if staff is None:
        return None
    return Enrolment.objects.filter(staff=staff, course=course).first()


COURSE_DEPTH_ABOVE_LESSON = 2  # lesson -> module -> course


def course_and_lessons_for_lesson(lesson: LessonPage) -> tuple[Page | None, list[Page]]:
    """Return the lesson's course and its live lessons in order, as light pages, in one query.

    The course and lessons come back as plain ``Page`` rows (id, title, URL path), which is all
    the lesson page and the completion need; the course is None if the lesson is not in one.
    """
    course_depth = lesson.depth - COURSE_DEPTH_ABOVE_LESSON
    course_path = lesson.path[: course_depth * LessonPage.steplen]

    def load() -> list[structure.PageRef]:
        rows = (
            Page.objects.live()
            .filter(
                Q(path=course_path, content_type=_content_type(CoursePage))
                | Q(path__startswith=course_path, depth=lesson.depth, content_type=_content_type(LessonPage))
            )
            .order_by("path")
            .values_list("id", "title", "url_path", "path", "depth")
        )
        return [structure.PageRef(*row) for row in rows]

    pages = structure.to_pages(structure.cached_outline(course_path, load))
    if not pages or pages[0].path != course_path:
        return None, []
    return pages[0], pages[1:]


def _content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)


@dataclass
class ModuleOutline:
    module: ModulePage
    lessons: list[dict]


def _lesson_state(lesson_id: int, progress_map: dict[int, LessonProgress]) -> str:
    row = progress_map.get(lesson_id)
    if row is None:
        return "not-started"
    return "completed" if row.completed_at else "in-progress"


def course_outline_for_request(*, course: CoursePage, request) -> dict:
    """Return the modules, lessons with their state, progress and the Start/Continue target."""
    staff = staff_get_for_user(request.user)
    modules = module_list_for_course(course)
    lessons = lesson_list_for_course(course)
    progress_map = progress_map_for_course(staff, course)
    ordered_ids = [lesson.id for lesson in lessons]
    completed = {lid for lid, row in progress_map.items() if row.completed_at}
    summary = progress.course_progress(ordered_ids, completed, progress_map.keys())
    by_module: dict[str, list[dict]] = defaultdict(list)
    for lesson in lessons:
        by_module[lesson.path[: -LessonPage.steplen]].append(
            {"page": lesson, "state": _lesson_state(lesson.id, progress_map)}
        )
    for extra in module_extras_for_course(course):
        by_module[extra.path[: -LessonPage.steplen]].append({"page": extra, "state": "other"})
    outline = [ModuleOutline(module=module, lessons=by_module.get(module.path, [])) for module in modules]
    lessons_by_id = {lesson.id: lesson for lesson in lessons}
    target_id = summary.next_lesson_id or (ordered_ids[0] if ordered_ids else None)
    return {
        "staff": staff,
        "outline": outline,
        "progress": summary,
        "enrolment": enrolment_get(staff, course),
        "continue_lesson": lessons_by_id.get(target_id) if target_id else None,
    }


def lesson_context_for_request(*, lesson: LessonPage, request) -> dict:
    """Return the course, previous/next lessons and progress for a lesson page, and whether the learner has
    opened it before (``lesson_viewed``). Reads only: ``services.lesson_open`` records the first view."""
    course, lessons = course_and_lessons_for_lesson(lesson)
    if course is None:
        return {"staff": staff_get_for_user(request.user), "course": None}
    ordered_ids = [item.id for item in lessons]
    staff_id, progress_map = staff_progress_for_user(request.user, ordered_ids)
    completed = {lid for lid, completed_at in progress_map.items() if completed_at}
    previous_id, next_id = progress.neighbours(ordered_ids, lesson.id)
    by_id = {item.id: item for item in lessons}
    position = ordered_ids.index(lesson.id) + 1 if lesson.id in by_id else None
    return {
        "staff": staff_id,
        "course": course,
        "progress": progress.course_progress(ordered_ids, completed, progress_map.keys()),
        "lesson_completed": lesson.id in completed,
        "lesson_viewed": lesson.id in progress_map,
        "previous_lesson": by_id.get(previous_id),
        "next_lesson": by_id.get(next_id),
        "position": position,
        "lesson_count": len(ordered_ids),
    }


@dataclass
class LearningRow:
    enrolment: Enrolment
    progress: progress.CourseProgress
    next_lesson: LessonPage | None


def enrolment_list_for_staff(staff: StaffMember) -> list[LearningRow]:
    """Return the staff member's enrolments with progress and next lesson, in three queries."""
    enrolments = list(
        Enrolment.objects.filter(staff=staff, course__live=True)
        .select_related("course")
        .order_by("completed_at", "due_date", "-enrolled_at")
    )
    if not enrolments:
        return []
    path_filter = Q()
    for enrolment in enrolments:
        path_filter |= Q(path__startswith=enrolment.course.path)
    lessons = list(LessonPage.objects.live().filter(path_filter).order_by("path").defer("body"))
    rows = LessonProgress.objects.filter(staff=staff, course_id__in=[e.course_id for e in enrolments]).values_list(
        "lesson_id", "completed_at"
    )
    completed = {lesson_id for lesson_id, completed_at in rows if completed_at}
    viewed = {lesson_id for lesson_id, _ in rows}
    result = []
    for enrolment in enrolments:
        course_lessons = [lesson for lesson in lessons if lesson.path.startswith(enrolment.course.path)]
        ordered_ids = [lesson.id for lesson in course_lessons]
        summary = progress.course_progress(ordered_ids, completed, viewed)
        by_id = {lesson.id: lesson for lesson in course_lessons}
        result.append(LearningRow(enrolment, summary, by_id.get(summary.next_lesson_id)))
    return result
