"""Simultaneous commits to one attempt on PostgreSQL: one row, every batch applied, no error."""

import pytest
from django.db import connection

from learning.models import LessonProgress, ModulePage, ScormAttempt
from learning.scorm.services import attempt_commit
from tests.factories import StaffMemberFactory, course_with_lessons
from tests.factories.scorm import scorm_lesson_in
from tests.learning.scorm.packages import GOLF_12
from tests.learning.test_concurrency import _run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _needs_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL: set DATABASE_URL (CI runs them)")


def test_twenty_simultaneous_first_commits_make_one_attempt_and_count_every_one():
    course = course_with_lessons(modules=1, lessons_per_module=1)
    lesson = scorm_lesson_in(ModulePage.objects.child_of(course).get(), GOLF_12)
    staff = StaffMemberFactory()

    def commit(number):
        return lambda: attempt_commit(
            staff=staff,
            lesson=lesson,
            version=lesson.package_version,
            item="item_1",
            values={"cmi.core.lesson_status": "passed", "cmi.suspend_data": f"batch {number}"},
        )

    _run_together([commit(number) for number in range(20)])
    attempt = ScormAttempt.objects.get(staff=staff)
    assert attempt.commits == 20
    assert attempt.completion_status == "completed"
    assert LessonProgress.objects.filter(staff=staff, lesson_id=lesson.id, completed_at__isnull=False).count() == 1
