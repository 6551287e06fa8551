"""The lesson and course pages cost the same number of queries however long the course is."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.selectors import lesson_list_for_course
from tests.factories import StaffMemberFactory, course_with_lessons


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _counts(client, course):
    lessons = lesson_list_for_course(course)
    middle = lessons[len(lessons) // 2]
    client.post(f"/learning/lessons/{lessons[0].id}/complete/")
    first_view = _queries_for(client, middle.url)
    repeat_view = _queries_for(client, middle.url)
    course_view = _queries_for(client, course.url)
    return first_view, repeat_view, course_view


def test_lesson_and_course_page_queries_do_not_grow_with_the_course(client, db):
    staff = StaffMemberFactory()
    client.force_login(staff.user)
    small_course = course_with_lessons(modules=1, lessons_per_module=3, slug="small")
    large_course = course_with_lessons(modules=6, lessons_per_module=8, slug="large")
    client.get("/")  # warm the site-root cache that creating pages clears
    small = _counts(client, small_course)
    large = _counts(client, large_course)
    assert small == large
    first_view, repeat_view, _ = large
    assert repeat_view < first_view  # the first view records progress; later views only read
    assert (
        repeat_view <= 13
    )  # site, route (2), privacy (2), session, user, staff, course+lessons, progress, settings, nav


def test_my_learning_queries_do_not_grow_with_enrolments(client, db):
    staff = StaffMemberFactory()
    client.force_login(staff.user)
    courses = [course_with_lessons(modules=2, lessons_per_module=3, slug=f"course-{n}") for n in range(4)]
    client.get("/")
    client.post(f"/learning/lessons/{lesson_list_for_course(courses[0])[0].id}/complete/")
    with_one = _queries_for(client, "/learning/")
    for extra in courses[1:]:
        client.post(f"/learning/lessons/{lesson_list_for_course(extra)[0].id}/complete/")
    assert _queries_for(client, "/learning/") == with_one
