"""The demo seed builds a usable site and running it twice changes nothing."""

import pytest
from django.core.management import call_command
from django.test import Client

from learning.models import CoursePage, Enrolment, LessonPage, LessonProgress, StaffMember, Team


def _fingerprint():
    from django.contrib.auth import get_user_model

    from learning.models import AuditLogEntry

    return (
        get_user_model().objects.count(),
        AuditLogEntry.objects.count(),
        StaffMember.objects.count(),
        Team.objects.count(),
        Enrolment.objects.count(),
        LessonProgress.objects.count(),
        LessonProgress.objects.filter(completed_at__isnull=False).count(),
        sorted(LessonProgress.objects.values_list("staff__employee_number", "lesson__slug", "completed_at")),
        sorted(Enrolment.objects.values_list("staff__employee_number", "due_date", "completed_at")),
        LessonPage.objects.count(),
    )


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = _fingerprint()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert _fingerprint() == first
    assert first[2] >= 300
    assert first[9] >= 9


@pytest.mark.django_db
def test_seeded_course_has_three_modules_of_three_lessons_and_learner_can_sign_in():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    course = CoursePage.objects.get(slug="data-essentials")
    modules = course.get_children().live()
    assert modules.count() == 3
    assert all(module.get_children().live().count() >= 3 for module in modules)
    client = Client()
    assert client.login(username="learner@northbrook.example", password="upskill-demo")
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert "Check your understanding" in response.content.decode()
    assert client.get("/").status_code == 200
    assert client.get(course.url).status_code == 200


@pytest.mark.django_db
def test_seeded_progress_is_realistic():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    completed = Enrolment.objects.filter(completed_at__isnull=False).count()
    in_progress = Enrolment.objects.filter(completed_at__isnull=True).count()
    assert completed > 0 and in_progress > 0
    assert Enrolment.objects.filter(due_date__isnull=False).exists()
