"""The learner's own state on course and lesson pages: one hand-written query, one cache round trip."""

import datetime

from django.core.cache import cache
from django.utils import timezone

from learning import selectors, structure
from learning.selectors import lesson_list_for_course
from tests.factories import EnrolmentFactory, StaffMemberFactory, course_with_lessons


def test_course_state_gives_the_staff_id_progress_with_aware_times_and_the_enrolment(client, db):
    staff = StaffMemberFactory()
    client.force_login(staff.user)
    course = course_with_lessons(modules=1, lessons_per_module=3, slug="state")
    first, second, _ = lesson_list_for_course(course)
    EnrolmentFactory(staff=staff, course=course, due_date=datetime.date(2027, 1, 31))
    client.post(f"/learning/lessons/{first.id}/complete/")
    client.get(second.url)  # viewed, not completed

    staff_id, done, enrolment = selectors.staff_course_state_for_user(staff.user, course.id)

    assert staff_id == staff.id
    assert set(done) == {first.id, second.id} and done[second.id] is None
    assert timezone.is_aware(done[first.id])
    assert enrolment is not None and enrolment.due_date == datetime.date(2027, 1, 31)
    lesson_staff_id, lesson_done = selectors.staff_progress_for_user(staff.user, [first.id, second.id])
    assert (lesson_staff_id, lesson_done) == (staff.id, done)


def test_a_leaver_has_no_current_staff_record_on_the_course_or_lesson_page(db):
    staff = StaffMemberFactory(leave_date=datetime.date(2026, 1, 31))
    course = course_with_lessons(modules=1, lessons_per_module=1, slug="leaver")
    lesson_ids = [lesson.id for lesson in lesson_list_for_course(course)]

    assert selectors.staff_course_state_for_user(staff.user, course.id) == (None, {}, None)
    assert selectors.staff_progress_for_user(staff.user, lesson_ids) == (None, {})
    assert selectors.staff_progress_for_user(staff.user, []) == (None, {})


class RecordingCache:
    """Stands in for the cache in ``learning.structure``, recording each call that would be a round trip."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        def call(*args, **kwargs):
            self.calls.append(name)
            return getattr(self.real, name)(*args, **kwargs)

        return call


def test_an_outline_is_read_with_its_version_in_one_round_trip_and_rebuilt_after_a_bump(db, monkeypatch):
    structure.cached_outline("0001", lambda: "first")
    recording = RecordingCache(cache)
    monkeypatch.setattr(structure, "cache", recording)

    assert structure.cached_outline("0001", lambda: "second") == "first"
    assert recording.calls == ["get_many"]

    structure.content_version_bump()
    assert structure.cached_outline("0001", lambda: "third") == "third"
    assert structure.cached_outline("0001", lambda: "fourth") == "third"
