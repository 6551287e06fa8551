"""Simultaneous commits to one attempt on PostgreSQL: one row, every batch applied, no error."""

import pytest
from django.db import connection

from learning.models import LessonProgress, ModulePage, ScormAttempt, ScormPackageVersion
from learning.scorm.services import attempt_commit
from tests.factories import StaffMemberFactory, course_with_lessons
from tests.factories.scorm import package_store, scorm_lesson_in
from tests.learning.scorm.packages import GOLF_12, revised
from tests.learning.scorm.stored import stored_files
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


@pytest.mark.usefixtures("own_storage")
def test_two_saves_of_one_new_zip_at_once_store_one_version_and_one_set_of_files():
    """Two autosaves (or an autosave and Publish) sending the same new zip for a lesson at the same moment: the
    second waits for the first and finds its version, instead of numbering a version 2 of its own."""
    first = package_store(GOLF_12)
    zip_bytes = revised(GOLF_12)
    stored = []

    def store():
        stored.append(package_store(zip_bytes, package=first.package))

    _run_together([store, store])
    assert list(ScormPackageVersion.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert stored[0].pk == stored[1].pk
    assert len(stored_files()) == first.file_count + stored[0].file_count
