"""Reads: staff records, course outlines and learner progress, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from learning import completion, progress, structure
from learning.models import CoursePage, Enrolment, LessonPage, LessonProgress, ModulePage, StaffMember
from learning.staffing import current_on, current_on_sql


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


def staff_progress_for_user(user, lesson_ids: list[int]) -> tuple[int | None, dict[int, object]]:
    """Return the user's current staff id and completion time (or None) per viewed lesson, in one query."""
    if not getattr(user, "is_authenticated", False):
        return None, {}
    if not lesson_ids:
        return _current_staff_id(user.pk), {}
    placeholders = ", ".join(["%s"] * len(lesson_ids))
    rows = _rows(
        f"SELECT s.id, p.lesson_id, p.completed_at FROM {STAFF} s "
        f"LEFT JOIN {PROGRESS} p ON p.staff_id = s.id AND p.lesson_id IN ({placeholders}) "
        f"WHERE s.user_id = %s AND {current_on_sql('s')} ORDER BY s.id",
        [*lesson_ids, user.pk, *_today_twice()],
    )
    if not rows:
        return None, {}
    staff_id = rows[0][0]
    return staff_id, {lesson_id: done for sid, lesson_id, done in rows if sid == staff_id and lesson_id}


STAFF, PROGRESS, ENROLMENT = (m._meta.db_table for m in (StaffMember, LessonProgress, Enrolment))


def _today_twice() -> list:
    """The parameters of ``current_on_sql``: today (the local day), as the database wants it, twice."""
    day = connection.ops.adapt_datefield_value(timezone.localdate())
    return [day, day]


def _rows(sql: str, params: list) -> list[tuple]:
    """Run one hand-written SELECT and return its rows, times made timezone-aware as the ORM makes them.

    The learner's own progress is read on every course and lesson page; building that query with the ORM
    (FilteredRelation joins) cost about 1 ms a request to compile, the statement itself a few hundredths.
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor != "sqlite" or not rows:
        return rows
    aware = connection.ops.convert_datetimefield_value  # SQLite stores times without their zone (UTC)
    return [tuple(aware(v, None, connection) if isinstance(v, datetime) else v for v in row) for row in rows]


def _current_staff_id(user_id: int) -> int | None:
    rows = _rows(
        f"SELECT s.id FROM {STAFF} s WHERE s.user_id = %s AND {current_on_sql('s')} ORDER BY s.id",
        [user_id, *_today_twice()],
    )
    return rows[0][0] if rows else None


COURSE_DEPTH_ABOVE_LESSON = 2  # lesson -> module -> course


def course_and_step_refs_for_lesson(lesson: LessonPage) -> tuple[structure.PageRef | None, list[structure.PageRef]]:
    """Return the lesson's course and the live pages of its modules in course order: lessons and the knowledge
    checks between them (``PageRef.is_lesson`` tells them apart), from the cached outline (one query on a miss).

    The course is None if the lesson is not in one.
    """
    course_depth = lesson.depth - COURSE_DEPTH_ABOVE_LESSON
    course_path = lesson.path[: course_depth * LessonPage.steplen]

    def load() -> list[structure.PageRef]:
        lesson_types = _lesson_type_ids()
        rows = (
            Page.objects.live()
            .filter(
                Q(path=course_path, content_type=_content_type(CoursePage))
                | Q(path__startswith=course_path, depth=lesson.depth)
            )
            .order_by("path")
            .values_list("id", "title", "url_path", "path", "depth", "content_type_id")
        )
        return [structure.PageRef(*row[:5], is_lesson=row[5] in lesson_types) for row in rows]

    refs = structure.cached_outline(course_path, load, kind="steps")
    if not refs or refs[0].path != course_path:
        return None, []
    return refs[0], list(refs[1:])


def course_and_lesson_refs_for_lesson(lesson: LessonPage) -> tuple[structure.PageRef | None, list[structure.PageRef]]:
    """Return the lesson's course and its live lessons in order (``course_and_step_refs_for_lesson`` without the
    checks). The course is None if the lesson is not in one."""
    course, steps = course_and_step_refs_for_lesson(lesson)
    return course, [step for step in steps if step.is_lesson]


def check_after_lesson(lesson: LessonPage) -> structure.PageRef | None:
    """Return the knowledge check that comes straight after the lesson in course order, if there is one."""
    _, steps = course_and_step_refs_for_lesson(lesson)
    _, following = progress.neighbours([step.id for step in steps], lesson.id)
    step = next((step for step in steps if step.id == following), None)
    return step if step is not None and not step.is_lesson else None


def course_and_lessons_for_lesson(lesson: LessonPage) -> tuple[Page | None, list[Page]]:
    """Return the lesson's course and its live lessons in order, as light ``Page`` objects (id, title, URL path)."""
    course, lessons = course_and_lesson_refs_for_lesson(lesson)
    if course is None:
        return None, []
    return structure.to_page(course), structure.to_pages(lessons)


def _content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)


def _lesson_type_ids() -> set[int]:
    """Return the content types of every kind of lesson: ``LessonPage`` and the page types built on it (the
    SCORM lesson), which count toward a course the same way."""
    from wagtail.models import get_page_models

    return {_content_type(model).id for model in get_page_models() if issubclass(model, LessonPage)}


def _course_outline_load(course: CoursePage) -> structure.CourseOutline:
    """Read the course's catalogue page, live modules and the live pages in them, in one query."""
    parent_path = course.path[: -Page.steplen]
    kinds = {_content_type(ModulePage).id: "module", **dict.fromkeys(_lesson_type_ids(), "lesson")}
    rows = (
        Page.objects.filter(
            Q(path=parent_path)
            | Q(live=True, path__startswith=course.path, depth__in=(course.depth + 1, course.depth + 2))
        )
        .order_by("path")
        .values_list("id", "title", "url_path", "path", "depth", "content_type_id", "lessonpage__estimated_minutes")
    )
    parent = None
    pages = []
    for *fields, content_type_id, minutes in rows:
        ref = structure.PageRef(*fields)
        if ref.path == parent_path:
            parent = ref
        else:
            pages.append((ref, kinds.get(content_type_id, "other"), minutes))
    return structure.course_outline_build(parent, course.depth, pages, completion.required_page_ids(course))


def course_minutes_for_courses(courses: list[CoursePage]) -> dict[int, int]:
    """Return each course's length in minutes: the sum of its live lessons' minutes, in one query."""
    if not courses:
        return {}
    path_filter = Q()
    for course in courses:
        path_filter |= Q(path__startswith=course.path)
    totals = dict.fromkeys((course.id for course in courses), 0)
    by_path = {course.path: course.id for course in courses}
    steplen = Page.steplen
    for path, minutes in LessonPage.objects.live().filter(path_filter).values_list("path", "estimated_minutes"):
        for depth_end in range(steplen, len(path), steplen):
            course_id = by_path.get(path[:depth_end])
            if course_id is not None:
                totals[course_id] += minutes
                break
    return totals


def course_outline_get(course: CoursePage) -> structure.CourseOutline:
    """Return the course's outline, cached until any page is next published, moved or deleted."""
    return structure.cached_outline(course.path, lambda: _course_outline_load(course), kind="course-outline")


@dataclass(frozen=True)
class EnrolmentSummary:
    id: int
    due_date: object
    completed_at: object = None


def staff_course_state_for_user(user, course_id: int) -> tuple[int | None, dict[int, object], EnrolmentSummary | None]:
    """Return the user's current staff id, completion time (or None) per viewed lesson of the course, and
    their enrolment on it, in one query."""
    if not getattr(user, "is_authenticated", False):
        return None, {}, None
    rows = _rows(
        f"SELECT s.id, p.lesson_id, p.completed_at, e.id, e.due_date, e.completed_at FROM {STAFF} s "
        f"LEFT JOIN {PROGRESS} p ON p.staff_id = s.id AND p.course_id = %s "
        f"LEFT JOIN {ENROLMENT} e ON e.staff_id = s.id AND e.course_id = %s "
        f"WHERE s.user_id = %s AND {current_on_sql('s')} ORDER BY s.id",
        [course_id, course_id, user.pk, *_today_twice()],
    )
    if not rows:
        return None, {}, None
    staff_id, _, _, enrolment_id, due_date, course_completed_at = rows[0]
    enrolment = EnrolmentSummary(enrolment_id, due_date, course_completed_at) if enrolment_id else None
    done = {lesson_id: completed for sid, lesson_id, completed, *_ in rows if sid == staff_id and lesson_id}
    return staff_id, done, enrolment


def _lesson_state(lesson_id: int, progress_map: dict[int, object]) -> str:
    if lesson_id not in progress_map:
        return "not-started"
    return "completed" if progress_map[lesson_id] else "in-progress"


def course_outline_for_request(*, course: CoursePage, request) -> dict:
    """Return the modules, lessons with their state, progress and the Start/Continue target.

    The outline is cached per content version and the learner's progress and enrolment come in one query,
    so the page costs the same number of queries however long the course is.
    """
    outline = course_outline_get(course)
    course_url = course.get_url(request)
    staff_id, progress_map, enrolment = staff_course_state_for_user(request.user, course.id)
    completed = {lesson_id for lesson_id, completed_at in progress_map.items() if completed_at}
    summary = progress.course_progress(outline.lesson_ids, completed, progress_map.keys())
    modules = []
    lesson_links: dict[int, structure.PageLink] = {}
    for module in outline.modules:
        entries = []
        for entry in module.entries:
            link = structure.link_beside(entry.page, course_url, course.url_path)
            if entry.is_lesson:
                lesson_links[link.id] = link
            state = _lesson_state(link.id, progress_map) if entry.is_lesson else "other"
            entries.append({"page": link, "state": state, "minutes": entry.minutes, "required": entry.required})
        modules.append({"module": module.page, "lessons": entries})
    target_id = summary.next_lesson_id or (outline.lesson_ids[0] if outline.lesson_ids else None)
    course_completed = bool(enrolment and enrolment.completed_at)
    return {
        "staff": staff_id,
        "outline": modules,
        "progress": summary,
        "enrolment": enrolment,
        "course_minutes": outline.minutes,
        # The course counts as completed only once ``services._course_completion_record`` has dated it, so a
        # learner who has read every lesson but not passed a required check is not told it is done.
        "course_completed": course_completed,
        "checks_outstanding": (
            [structure.link_beside(ref, course_url, course.url_path) for ref in outline.required_checks]
            if summary.is_complete and not course_completed
            else []
        ),
        "continue_lesson": lesson_links.get(target_id) if target_id else None,
        "catalogue": structure.link_beside(outline.parent, course_url, course.url_path) if outline.parent else None,
    }


def lesson_context_for_request(*, lesson: LessonPage, request) -> dict:
    """Return the course, previous/next lessons and progress for a lesson page, and whether the learner has
    opened it before (``lesson_viewed``). Reads only: ``services.lesson_open`` records the first view."""
    course, steps = course_and_step_refs_for_lesson(lesson)
    if course is None:
        return {"staff": staff_get_for_user(request.user), "course": None}
    lesson_url = lesson.get_url(request)
    ordered_ids = [item.id for item in steps if item.is_lesson]
    staff_id, progress_map = staff_progress_for_user(request.user, ordered_ids)
    completed = {lid for lid, completed_at in progress_map.items() if completed_at}
    # Previous and next follow the course outline, knowledge checks included: "Next" from a module's last
    # lesson leads to its check.
    previous_id, next_id = progress.neighbours([item.id for item in steps], lesson.id)
    by_id = {item.id: item for item in steps}
    position = ordered_ids.index(lesson.id) + 1 if lesson.id in ordered_ids else None

    def link(item_id: int | None) -> structure.PageLink | None:
        return structure.link_beside(by_id[item_id], lesson_url, lesson.url_path) if item_id in by_id else None

    return {
        "staff": staff_id,
        "course": structure.link_beside(course, lesson_url, lesson.url_path),
        "progress": progress.course_progress(ordered_ids, completed, progress_map.keys()),
        "lesson_completed": lesson.id in completed,
        "lesson_viewed": lesson.id in progress_map,
        "previous_lesson": link(previous_id),
        "next_lesson": link(next_id),
        "next_is_check": next_id in by_id and not by_id[next_id].is_lesson,
        "previous_is_check": previous_id in by_id and not by_id[previous_id].is_lesson,
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


@dataclass(frozen=True)
class LearnerRecordCounts:
    """How many learners have records on the lessons at or under a page."""

    completed: int
    started: int  # opened at least one of the lessons but completed none of them
    enrolled: int  # enrolments on the courses at or under the page


def learner_record_counts(page: Page) -> LearnerRecordCounts:
    """Return how many learners completed, or only started, the lessons at or under ``page``, and how many are
    enrolled on the courses at or under it (what the delete and unpublish screens tell the editor)."""
    from django.db.models import Count

    rows = (
        LessonProgress.objects.filter(lesson__path__startswith=page.path)
        .values("staff_id")
        .annotate(done=Count("id", filter=Q(completed_at__isnull=False)))
    )
    completed = started = 0
    for row in rows:
        if row["done"]:
            completed += 1
        else:
            started += 1
    enrolled = Enrolment.objects.filter(course__path__startswith=page.path).count()
    return LearnerRecordCounts(completed=completed, started=started, enrolled=enrolled)
