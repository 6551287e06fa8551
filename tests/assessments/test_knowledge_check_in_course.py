"""A required knowledge check sits in the course as a step: named in the outline, reached by "Next", and the
course is not shown as completed until it is passed."""

import pytest

from assessments import services
from assessments.pages import AssessmentPage
from learning import selectors
from learning import services as learning_services
from tests.assessments.test_services import answer_all
from tests.factories.assessments import QuestionFactory, fixed_assessment


@pytest.fixture
def check(course, area):
    module = course.get_children().first()
    return fixed_assessment(
        [QuestionFactory(area=area) for _ in range(2)],
        parent=module,
        title="Check your understanding: reading tables",
        kind=AssessmentPage.Kind.KNOWLEDGE_CHECK,
        pass_mark=100,
        required_for_module=True,
    )


def _complete_all(staff, course):
    lessons = selectors.lesson_list_for_course(course)
    for lesson in lessons:
        learning_services.lesson_complete(
            staff=staff, lesson=lesson, course=course, ordered_lesson_ids=[item.id for item in lessons]
        )


def test_the_outline_names_the_required_check(learner_client, course, check):
    page = learner_client.get(course.url).content.decode()
    assert "Check your understanding: reading tables" in page
    assert "Knowledge check, required" in page


def test_next_from_the_modules_last_lesson_leads_to_its_check(learner_client, course, lessons, check):
    last_of_module = lessons[2]
    response = learner_client.get(last_of_module.url)
    assert response.context["next_lesson"].id == check.id
    assert response.context["next_is_check"]
    assert f'href="{check.url}" rel="next"' in response.content.decode()
    response = learner_client.post(f"/learning/lessons/{last_of_module.id}/complete/")
    assert response["Location"] == check.url
    following = learner_client.get(lessons[3].url)  # the next module's first lesson goes back to the check
    assert following.context["previous_lesson"].id == check.id


def test_the_course_is_not_completed_until_the_check_is_passed(learner_client, staff, course, lessons, check):
    _complete_all(staff, course)
    response = learner_client.get(course.url)
    page = response.content.decode()
    assert response.context["progress"].is_complete  # every lesson done...
    assert not response.context["course_completed"]  # ...but the course is not
    assert 'govuk-tag--green">Completed</strong></p>' not in page
    assert "To complete the course, pass the knowledge check" in page
    assert [link.id for link in response.context["checks_outstanding"]] == [check.id]
    attempt = services.attempt_start(staff=staff, assessment=check)
    answer_all(attempt)
    services.attempt_submit(attempt=attempt)
    response = learner_client.get(course.url)
    assert response.context["course_completed"]
    assert 'govuk-tag--green">Completed</strong></p>' in response.content.decode()
    assert response.context["checks_outstanding"] == []


def test_unpublishing_the_required_check_completes_learners_who_did_every_lesson(
    staff, course, lessons, check, django_capture_on_commit_callbacks
):
    from learning.models import Enrolment

    _complete_all(staff, course)
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        check.unpublish()
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is not None


def test_the_course_length_is_the_sum_of_its_published_lessons(learner_client, course, lessons):
    from learning.models import LessonPage

    LessonPage.objects.filter(id=lessons[0].id).update(estimated_minutes=25)
    page = learner_client.get(course.url).content.decode()
    assert "About 75 minutes" in page  # 25 + 5 lessons of 10
    lessons[1].specific.unpublish()
    assert "About 65 minutes" in learner_client.get(course.url).content.decode()
    catalogue = learner_client.get(course.get_parent().url).content.decode()
    assert "About 65 minutes" in catalogue
