"""Learner views for anonymous and signed-in users."""

from django.test import Client
from django.urls import reverse

from learning.models import Enrolment, LessonProgress
from tests.factories import UserFactory


def complete_url(lesson):
    return reverse("learning:lesson_complete", args=[lesson.id])


def test_anonymous_visitor_reads_the_course_outline(client, course, lessons):
    response = client.get(course.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert lessons[0].title in body
    assert "Sign in" in body
    assert lessons[0].url not in body  # lesson links are for signed-in staff


def test_anonymous_visitor_is_sent_to_sign_in_for_a_lesson(client, lessons):
    response = client.get(lessons[0].url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_signed_in_learner_sees_the_lesson_and_first_view_is_recorded(learner_client, staff, lessons):
    response = learner_client.get(lessons[0].url)
    assert response.status_code == 200
    assert "Mark as complete and continue" in response.content.decode()
    row = LessonProgress.objects.get(staff=staff, lesson=lessons[0])
    assert row.completed_at is None
    assert Enrolment.objects.filter(staff=staff).count() == 1


def test_completion_post_redirects_to_the_next_lesson(learner_client, staff, lessons):
    response = learner_client.post(complete_url(lessons[0]))
    assert response.status_code == 302
    assert response["Location"] == lessons[1].url
    assert LessonProgress.objects.get(staff=staff, lesson=lessons[0]).completed_at is not None


def test_completing_the_last_lesson_returns_to_the_course_with_a_message(learner_client, staff, course, lessons):
    for lesson in lessons[:-1]:
        learner_client.post(complete_url(lesson))
    response = learner_client.post(complete_url(lessons[-1]), follow=True)
    assert response.redirect_chain[-1][0] == course.url
    assert f"You have completed {course.title}" in response.content.decode()
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is not None


def test_completion_needs_post(learner_client, staff, lessons):
    assert learner_client.get(complete_url(lessons[0])).status_code == 405
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_completion_without_csrf_token_is_refused(staff, lessons):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.user)
    assert client.post(complete_url(lessons[0])).status_code == 403
    assert not LessonProgress.objects.exists()


def test_completing_an_unknown_or_draft_lesson_is_404(learner_client, lessons):
    assert learner_client.post(reverse("learning:lesson_complete", args=[999_999])).status_code == 404
    lessons[1].unpublish()
    assert learner_client.post(complete_url(lessons[1])).status_code == 404
    assert not LessonProgress.objects.exists()


def test_anonymous_completion_is_sent_to_sign_in(client, lessons):
    response = client.post(complete_url(lessons[0]))
    assert response.status_code == 302
    assert not LessonProgress.objects.exists()


def test_user_without_staff_record_cannot_record_progress(client, course, lessons):
    client.force_login(UserFactory())
    response = client.post(complete_url(lessons[0]))
    assert response.status_code == 403
    assert "not linked to a staff record" in response.content.decode()
    assert client.post(reverse("learning:course_enrol", args=[course.id])).status_code == 403
    assert not LessonProgress.objects.exists() and not Enrolment.objects.exists()


def test_enrol_from_course_page_then_start_button_points_at_first_lesson(learner_client, staff, course, lessons):
    page = learner_client.get(course.url).content.decode()
    assert "Enrol and start" in page
    response = learner_client.post(reverse("learning:course_enrol", args=[course.id]), follow=True)
    body = response.content.decode()
    assert Enrolment.objects.filter(staff=staff, course=course).count() == 1
    assert f'href="{lessons[0].url}"' in body and ">Start<" in body


def test_continue_button_points_at_next_incomplete_lesson(learner_client, course, lessons):
    learner_client.post(complete_url(lessons[0]))
    learner_client.post(complete_url(lessons[1]))
    body = learner_client.get(course.url).content.decode()
    assert ">Continue<" in body
    assert f'href="{lessons[2].url}" role="button"' in body
    assert "2 of 6 lessons complete (33%)" in body


def test_my_learning_lists_courses_in_progress_and_completed(learner_client, course, lessons):
    empty = learner_client.get(reverse("learning:my_learning")).content.decode()
    assert "You have no courses in progress" in empty
    learner_client.post(complete_url(lessons[0]))
    body = learner_client.get(reverse("learning:my_learning")).content.decode()
    assert course.title in body
    assert "1 of 6 lessons complete" in body
    assert lessons[1].title in body  # next lesson
    for lesson in lessons[1:]:
        learner_client.post(complete_url(lesson))
    body = learner_client.get(reverse("learning:my_learning")).content.decode()
    assert "You have no courses in progress" in body
    assert "Completed</strong> on" in body


def test_my_learning_needs_sign_in(client, db):
    response = client.get(reverse("learning:my_learning"))
    assert response.status_code == 302
