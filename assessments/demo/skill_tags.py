"""Tag the demo course and its lessons with the skill areas and levels they build (safe to run again).

Each lesson names the levels it helps a learner reach: a learner one level below is pointed to it. The tags are
saved as a new revision and published, as an editor's would be, so the page's next draft keeps them.
"""

from __future__ import annotations

from assessments.models import CourseSkillTag, LessonSkillTag, SkillArea, SkillFramework
from learning.models import CoursePage, LessonPage

READING = "reading-and-interpreting-data"
COMMUNICATING = "communicating-and-deciding-with-data"
PROTECTION = "data-protection-security-and-ethics"
INFORMATION = "finding-judging-and-managing-information"

COURSE_SLUG = "data-essentials"
COURSE_SKILLS = [(READING, 2), (COMMUNICATING, 2)]
LESSON_SKILLS: dict[str, list[tuple[str, int]]] = {
    "reading-a-table": [(READING, 1), (INFORMATION, 1)],
    "averages-and-spread": [(READING, 2)],
    "percentages-points-and-rates": [(READING, 2), (COMMUNICATING, 1)],
    "spotting-bad-data": [(INFORMATION, 2), (READING, 3)],
    "charts-that-mislead": [(READING, 3), (COMMUNICATING, 2)],
    "small-numbers-and-chance": [(READING, 3)],
    "handling-personal-data-safely": [(PROTECTION, 1), (PROTECTION, 2)],
    "telling-the-story-with-data": [(COMMUNICATING, 1), (COMMUNICATING, 2)],
    "making-a-decision-with-data": [(COMMUNICATING, 2), (COMMUNICATING, 3)],
}


def _tag(page, model, wanted: list[tuple[str, int]], areas: dict[str, SkillArea]) -> bool:
    wanted_keys = {(areas[slug].id, level) for slug, level in wanted if slug in areas}
    if {(tag.area_id, tag.level) for tag in page.skill_tags.all()} == wanted_keys:
        return False
    page.skill_tags = [model(area_id=area_id, level=level) for area_id, level in sorted(wanted_keys)]
    page.save_revision().publish()
    return True


def demo_skill_tags_create(framework: SkillFramework) -> int:
    """Tag the demo course and its lessons; return how many pages changed."""
    areas = {area.slug: area for area in SkillArea.objects.filter(framework=framework)}
    course = CoursePage.objects.filter(slug=COURSE_SLUG).first()
    if course is None:
        return 0
    changed = int(_tag(course, CourseSkillTag, COURSE_SKILLS, areas))
    for lesson in LessonPage.objects.descendant_of(course).filter(slug__in=LESSON_SKILLS):
        changed += int(_tag(lesson, LessonSkillTag, LESSON_SKILLS[lesson.slug], areas))
    return changed
