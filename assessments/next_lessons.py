"""What a learner should take next in each skill area: lessons (and courses) tagged for the next level up.

For every area where the learner is below their target (``assessments.targets``), the next level is one above
their current level (0 when not assessed). The suggestions are the live lessons tagged with that area and level
(``LessonSkillTag``) that the learner has not completed, in course order, and the courses tagged the same way
that they have not completed. When nothing is tagged, or they have completed everything that is, the page
says so. A fixed number of queries however many areas, tags and lessons there are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from assessments.models import CourseSkillTag, LessonSkillTag, SkillArea
from assessments.targets import targets_for_staff
from cms.calendar import local_day
from learning.models import CoursePage, Enrolment, LessonPage, LessonProgress

MAX_LESSONS_PER_AREA = 5
NONE_TAGGED = "No lessons are tagged for this level yet. Ask your manager or the learning team what would help."
ALL_DONE = "You have completed every lesson tagged for this level. Take the skills check again to show your level."
AT_TARGET = "You have reached your target level in this area."


def next_level(level: int | None, target: int) -> int | None:
    """Return the level to work towards (one above the current level) while below target, else None (pure)."""
    current = level or 0
    return current + 1 if current < target else None


@dataclass
class LessonSuggestion:
    lesson: LessonPage
    course: CoursePage


@dataclass
class AreaNextSteps:
    area_id: int
    level: int | None
    target: int
    next_level: int | None
    lessons: list[LessonSuggestion] = field(default_factory=list)
    courses: list[CoursePage] = field(default_factory=list)
    tagged: bool = False  # anything (done or not) is tagged for the area at next_level

    @property
    def below_target(self) -> bool:
        return self.next_level is not None

    @property
    def message(self) -> str:
        """The sentence shown instead of suggestions when there are none."""
        if not self.below_target:
            return AT_TARGET
        if self.lessons or self.courses:
            return ""
        return ALL_DONE if self.tagged else NONE_TAGGED


def _tag_filter(wanted: Mapping[int, int]) -> Q:
    q = Q()
    for area_id, level in wanted.items():
        q |= Q(area_id=area_id, level=level)
    return q


def _courses_for_lessons(lessons: Sequence[LessonPage]) -> dict[int, CoursePage]:
    """Return the live, public course of each lesson (by lesson id). One query."""
    steplen = LessonPage.steplen
    prefixes = {lesson.path[:n] for lesson in lessons for n in range(steplen, len(lesson.path), steplen)}
    courses = list(CoursePage.objects.live().public().filter(path__in=prefixes))
    found = {}
    for lesson in lessons:
        course = next((c for c in courses if lesson.path.startswith(c.path)), None)
        if course is not None:
            found[lesson.id] = course
    return found


def next_steps_for_staff(
    staff_id: int | None,
    levels: Mapping[int, int | None],
    areas: Sequence[SkillArea],
    today: date | None = None,
) -> dict[int, AreaNextSteps]:
    """Return, per area id, the learner's target, next level and what to take next for it.

    ``levels`` is the learner's current level per area id (missing or None when not assessed).
    """
    today = today or local_day(timezone.now())
    targets = targets_for_staff(staff_id, {area.id: area.default_target_level for area in areas}, today)
    steps = {
        area.id: AreaNextSteps(
            area.id, levels.get(area.id), targets[area.id], next_level(levels.get(area.id), targets[area.id])
        )
        for area in areas
    }
    wanted = {area_id: step.next_level for area_id, step in steps.items() if step.next_level is not None}
    if not wanted:
        return steps
    lesson_tags = set(LessonSkillTag.objects.filter(_tag_filter(wanted)).values_list("area_id", "page_id"))
    course_tags = set(CourseSkillTag.objects.filter(_tag_filter(wanted)).values_list("area_id", "page_id"))
    lessons = list(
        LessonPage.objects.live().public().filter(id__in={page_id for _, page_id in lesson_tags}).defer("body")
    )
    course_of = _courses_for_lessons(lessons)
    tagged_courses = list(CoursePage.objects.live().public().filter(id__in={page_id for _, page_id in course_tags}))
    done_lessons: set[int] = set()
    done_courses: set[int] = set()
    if staff_id is not None:
        done_lessons = set(
            LessonProgress.objects.filter(
                staff_id=staff_id, lesson_id__in=[lesson.id for lesson in lessons], completed_at__isnull=False
            ).values_list("lesson_id", flat=True)
        )
        done_courses = set(
            Enrolment.objects.filter(
                staff_id=staff_id, course_id__in=[course.id for course in tagged_courses], completed_at__isnull=False
            ).values_list("course_id", flat=True)
        )
    lessons_by_id = {lesson.id: lesson for lesson in sorted(lessons, key=lambda lesson: lesson.path)}
    courses_by_id = {course.id: course for course in sorted(tagged_courses, key=lambda course: course.path)}
    for area_id, step in steps.items():
        if step.next_level is None:
            continue
        tagged_lessons = [
            lesson
            for lesson_id, lesson in lessons_by_id.items()
            if (area_id, lesson_id) in lesson_tags and lesson_id in course_of
        ]
        tagged_courses_here = [
            course for course_id, course in courses_by_id.items() if (area_id, course_id) in course_tags
        ]
        step.tagged = bool(tagged_lessons or tagged_courses_here)
        step.lessons = [
            LessonSuggestion(lesson, course_of[lesson.id]) for lesson in tagged_lessons if lesson.id not in done_lessons
        ][:MAX_LESSONS_PER_AREA]
        step.courses = [course for course in tagged_courses_here if course.id not in done_courses]
    return steps
