"""The demo's SCORM lesson: a golf example package (CC BY 3.0, see packages/SOURCE.md) at the end of the demo
course, and the demo learner's saved place in it, written through the same services as a real upload and commit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from learning.demo.site import _publish
from learning.models import CoursePage, LessonProgress, ModulePage, ScormAttempt, ScormLessonPage, StaffMember
from learning.scorm.manifest import package_check
from learning.scorm.services import attempt_commit, package_version_store

PACKAGE = Path(__file__).resolve().parent / "packages" / "golf-scorm2004-3rd-basic-runtime-calls.zip"
SLUG = "golf-explained-scorm"
TITLE = "An e-learning package from elsewhere: Golf Explained"
SUMMARY = "A SCORM 2004 package played inside Upskill: your place, score and completion are saved as you go."
ATTRIBUTION = (
    "“Golf Explained” is an example SCORM package by Rustici Software (scorm.com), licensed under Creative Commons "
    "Attribution 3.0; its text quotes Wikipedia articles, credited in its pages."
)


def scorm_lesson_create(course: CoursePage) -> ScormLessonPage:
    """Add the SCORM lesson as the last lesson of the course's last module, unless it is there already."""
    existing = ScormLessonPage.objects.descendant_of(course).filter(slug=SLUG).first()
    if existing is not None:
        return existing
    module = ModulePage.objects.child_of(course).order_by("path").last()
    with PACKAGE.open("rb") as file:
        version = package_version_store(checked=package_check(file), original_name=PACKAGE.name)
    lesson = ScormLessonPage(
        title=TITLE,
        slug=SLUG,
        summary=SUMMARY,
        search_description=SUMMARY,
        estimated_minutes=20,
        package_version=version,
        attribution=ATTRIBUTION,
    )
    module.add_child(instance=lesson)
    _publish(lesson)
    return lesson


def scorm_progress_create(*, lesson: ScormLessonPage, learner: StaffMember, now: datetime) -> ScormAttempt:
    """Give the demo learner a saved place in the package (page 5 of 15, seven minutes in), unless they have one."""
    found = ScormAttempt.objects.filter(staff=learner, version_id=lesson.package_version_id).first()
    if found is not None:
        return found
    values = {"cmi.completion_status": "incomplete", "cmi.location": "4", "cmi.session_time": "PT7M"}
    result = attempt_commit(
        staff=learner,
        lesson=lesson,
        version=lesson.package_version,
        item="item_1",
        values=values,
        session_key="demo",
        now=now,
    )
    return result.attempt


def scorm_completions_fill(*, lesson: ScormLessonPage, course: CoursePage) -> int:
    """Complete the SCORM lesson for the synthetic staff whose enrolment is complete, so their records agree with
    the course outline (their progress was made before the lesson was added). Returns the rows written."""
    from learning.models import Enrolment

    rows = [
        LessonProgress(staff_id=staff_id, lesson=lesson, course=course, first_viewed_at=done, completed_at=done)
        for staff_id, done in Enrolment.objects.filter(course=course, completed_at__isnull=False).values_list(
            "staff_id", "completed_at"
        )
    ]
    return len(LessonProgress.objects.bulk_create(rows, ignore_conflicts=True))
