"""Saving you can trust: what a write sent by the page's script gets back, the confirmation on the next
page, a retry that changes nothing, and a practice question answered without JavaScript."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Page

from assessments.views import ANSWER_SAVED, ANSWERS_SUBMITTED
from cms.saving import FETCH_HEADER, LOCATION_HEADER
from learning.models import LessonProgress
from learning.views import LESSON_SAVED

FETCH = {"headers": {FETCH_HEADER: "1"}}


def complete_url(lesson) -> str:
    return reverse("learning:lesson_complete", args=[lesson.id])


def test_a_scripted_post_learns_where_it_leads_and_the_next_page_confirms(learner_client, staff, lessons):
    response = learner_client.post(complete_url(lessons[0]), **FETCH)
    assert response.status_code == 204 and response.content == b""
    assert response[LOCATION_HEADER] == lessons[1].url and not response.has_header("Location")
    body = learner_client.get(response[LOCATION_HEADER]).content.decode()
    assert LESSON_SAVED.format(title=lessons[0].title) in body


def test_without_the_script_the_same_post_is_an_ordinary_redirect(learner_client, staff, lessons):
    response = learner_client.post(complete_url(lessons[0]))
    assert response.status_code == 302 and response["Location"] == lessons[1].url
    assert not response.has_header(LOCATION_HEADER)


def test_a_retry_after_a_lost_answer_records_the_completion_once(learner_client, staff, lessons):
    for _ in range(3):
        assert learner_client.post(complete_url(lessons[0]), **FETCH).status_code == 204
    progress = LessonProgress.objects.get(staff=staff, lesson=lessons[0])
    first = progress.completed_at
    learner_client.post(complete_url(lessons[0]), **FETCH)
    progress.refresh_from_db()
    assert progress.completed_at == first
    assert LessonProgress.objects.filter(staff=staff, completed_at__isnull=False).count() == 1


def test_an_error_answer_passes_through_unchanged(learner_client, lessons):
    lessons[0].unpublish()
    response = learner_client.post(complete_url(lessons[0]), **FETCH)
    assert response.status_code == 404 and not response.has_header(LOCATION_HEADER)


def test_saving_an_answer_and_submitting_are_confirmed(learner_client, skills_check):
    from assessments.selectors import versions_for_attempt
    from tests.assessments.test_services import right_answer
    from tests.assessments.test_views import q_url, start

    attempt = start(learner_client, skills_check)
    version = versions_for_attempt(attempt)[0]
    saved = learner_client.post(q_url(attempt, 1), right_answer(version), follow=True).content.decode()
    assert ANSWER_SAVED.format(position=1) in saved
    submitted = learner_client.post(reverse("assessments:attempt_submit", args=[attempt.id]), follow=True)
    assert ANSWERS_SUBMITTED in submitted.content.decode()
    again = learner_client.post(reverse("assessments:attempt_submit", args=[attempt.id]), **FETCH)
    assert again.status_code == 204  # submitting twice is safe and leads to the same result page
    assert again[LOCATION_HEADER] == reverse("assessments:attempt_result", args=[attempt.id])


def _lesson_with_practice_question(lessons):
    lesson = Page.objects.get(id=lessons[0].id).specific
    lesson.body = [
        {
            "type": "practice_question",
            "value": {
                "question": "Which is right?",
                "choices": [
                    {"text": "This one", "correct": True, "feedback": "FEEDBACK-RIGHT"},
                    {"text": "That one", "correct": False, "feedback": "FEEDBACK-WRONG"},
                ],
                "explanation": "",
            },
        }
    ]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson, lesson.body[0].id


def _shown_feedback(body: str) -> list[str]:
    import re

    blocks = re.findall(r'<div class="app-practice-question__feedback"[^>]*>.*?</div>', body, flags=re.S)
    return [block for block in blocks if " hidden" not in block.split(">", 1)[0]]


def test_a_practice_answer_sent_without_javascript_shows_its_feedback(learner_client, staff, lessons):
    lesson, block_id = _lesson_with_practice_question(lessons)
    plain = learner_client.get(lesson.url).content.decode()
    assert _shown_feedback(plain) == []
    answered = learner_client.get(lesson.url, {"pq": block_id, "choice": "2"}).content.decode()
    shown = _shown_feedback(answered)
    assert len(shown) == 1 and "FEEDBACK-WRONG" in shown[0] and 'role="status"' in shown[0]
    assert 'value="2" data-feedback-id' in answered and "checked" in answered.split('value="2"')[1].split(">")[0]
    # the answered page is never stored in the lesson's body cache
    assert _shown_feedback(learner_client.get(lesson.url).content.decode()) == []


def test_check_answer_without_a_choice_shows_the_error_without_javascript(learner_client, staff, lessons):
    lesson, block_id = _lesson_with_practice_question(lessons)
    body = learner_client.get(lesson.url, {"pq": block_id}).content.decode()
    assert "govuk-form-group--error" in body
    assert '<p class="govuk-error-message" data-practice-error>' in body
    assert _shown_feedback(body) == []
