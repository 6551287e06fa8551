"""The demo course's SCORM lesson and the demo learner's saved place in it."""

import pytest
from django.core.management import call_command
from django.test import Client

from learning.demo import scorm as demo_scorm
from learning.models import CoursePage, LessonPage, ScormAttempt, ScormLessonPage

pytestmark = pytest.mark.django_db


def test_the_demo_course_ends_with_a_scorm_lesson_and_the_learner_can_resume_it():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    course = CoursePage.objects.get(slug="data-essentials")
    lesson = ScormLessonPage.objects.descendant_of(course).get(slug=demo_scorm.SLUG)
    last = LessonPage.objects.live().descendant_of(course).order_by("path").last()
    assert last.id == lesson.id  # counted among the course's lessons, last in order
    attempt = ScormAttempt.objects.get(staff__user__email="learner@northbrook.example", version=lesson.package_version)
    assert (attempt.completion_status, attempt.location, attempt.total_seconds) == ("incomplete", "4", 420)
    client = Client()
    assert client.login(username="learner@northbrook.example", password="upskill-demo")
    html = client.get(lesson.url).content.decode()
    assert "Creative Commons Attribution 3.0" in html
    assert "In progress" in html
    assert '"cmi.location": "4"' in html and '"cmi.entry": "resume"' in html


def test_seeding_twice_adds_no_second_lesson_version_or_attempt():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert ScormLessonPage.objects.count() == 1
    assert ScormAttempt.objects.count() == 1
