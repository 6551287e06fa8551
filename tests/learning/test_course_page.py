"""The course page: its outline is cached per content version, and it costs the same queries for any course."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.selectors import lesson_list_for_course, module_list_for_course
from tests.factories import EnrolmentFactory, StaffMemberFactory, course_with_lessons
from tests.factories.assessments import QuestionFactory, fixed_assessment


def _course_page_queries(client, course) -> tuple[int, str]:
    client.get(course.url)  # fills the outline cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(course.url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_course_page_queries_are_the_same_for_a_small_and_a_large_course(client, db):
    staff = StaffMemberFactory()
    client.force_login(staff.user)
    small = course_with_lessons(modules=1, lessons_per_module=2, slug="small")
    large = course_with_lessons(modules=5, lessons_per_module=9, slug="large")
    fixed_assessment([QuestionFactory()], parent=module_list_for_course(large)[0], title="Check your understanding")
    EnrolmentFactory(staff=staff, course=large)
    for course in (small, large):
        client.post(f"/learning/lessons/{lesson_list_for_course(course)[0].id}/complete/")
    client.get("/")  # the site-root cache that creating pages clears

    small_count, small_html = _course_page_queries(client, small)
    large_count, large_html = _course_page_queries(client, large)

    assert small_count == large_count
    assert large_count <= 12  # session, user, site, route (2), privacy (2), page, staff with progress, settings, nav
    assert "1 of 2 lessons complete" in small_html
    assert "1 of 45 lessons complete" in large_html and "Check your understanding" in large_html


def test_course_page_shows_each_lesson_state_and_continues_at_the_next_lesson(client, db):
    staff = StaffMemberFactory()
    client.force_login(staff.user)
    course = course_with_lessons(modules=2, lessons_per_module=2, slug="states")
    first, second, third, _ = lesson_list_for_course(course)
    client.post(f"/learning/lessons/{first.id}/complete/")
    client.get(third.url)  # viewed, not completed

    html = client.get(course.url).content.decode()

    assert html.count("Completed</strong>") == 1
    assert html.count("Started</strong>") == 1
    assert html.count("Not started</strong>") == 2
    assert f'href="{second.url}" role="button"' in html
    assert "Continue" in html


def test_a_published_change_to_a_lesson_shows_on_the_course_page_at_once(client, db):
    staff = StaffMemberFactory()
    client.force_login(staff.user)
    course = course_with_lessons(modules=1, lessons_per_module=2, slug="edited")
    assert "Spotting bad data" not in client.get(course.url).content.decode()  # the outline is now cached

    lesson = lesson_list_for_course(course)[1]
    lesson.title = "Spotting bad data"
    lesson.save_revision().publish()

    assert "Spotting bad data" in client.get(course.url).content.decode()


def test_the_due_date_of_an_enrolment_is_shown(client, db):
    import datetime

    staff = StaffMemberFactory()
    client.force_login(staff.user)
    course = course_with_lessons(modules=1, lessons_per_module=1, slug="due")
    EnrolmentFactory(staff=staff, course=course, due_date=datetime.date(2027, 3, 31))

    html = client.get(course.url).content.decode()

    assert "31 March 2027" in html
    assert "Enrol and start" not in html
