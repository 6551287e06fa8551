"""Taking an assessment through the views: flow, tampering, integrity and "My skills"."""

import re

from django.urls import reverse

from assessments.models import Attempt, Question, Response, SkillResult
from assessments.selectors import versions_for_attempt
from tests.assessments.test_services import right_answer
from tests.factories import StaffMemberFactory


def start(client, page):
    response = client.post(reverse("assessments:attempt_start", args=[page.id]))
    assert response.status_code == 302
    return Attempt.objects.get(assessment=page, status="open")


def q_url(attempt, n):
    return reverse("assessments:attempt_question", args=[attempt.id, n])


def test_assessment_page_needs_sign_in(client, skills_check):
    assert client.get(skills_check.url).status_code == 302


def test_full_flow_start_answer_review_submit_result(learner_client, staff, skills_check, area):
    assert "Start now" in learner_client.get(skills_check.url).content.decode()
    attempt = start(learner_client, skills_check)
    versions = versions_for_attempt(attempt)
    for n, version in enumerate(versions, start=1):
        page = learner_client.get(q_url(attempt, n))
        assert f"Question {n} of {len(versions)}" in page.content.decode()
        response = learner_client.post(q_url(attempt, n), right_answer(version))
        assert response.status_code == 302
    review = learner_client.get(reverse("assessments:attempt_review", args=[attempt.id])).content.decode()
    assert "Check your answers" in review and "Not answered" not in review
    submitted = learner_client.post(reverse("assessments:attempt_submit", args=[attempt.id]), follow=True)
    body = submitted.content.decode()
    assert "Your result" in body
    assert "Level 3: Practitioner" in body
    assert SkillResult.objects.filter(staff=staff, area=area, level=3).exists()
    skills = learner_client.get(reverse("assessments:my_skills")).content.decode()
    assert "3 – Practitioner" in skills


def test_closing_the_browser_and_coming_back_resumes(learner_client, skills_check):
    attempt = start(learner_client, skills_check)
    learner_client.post(q_url(attempt, 1), right_answer(versions_for_attempt(attempt)[0]))
    response = learner_client.post(reverse("assessments:attempt_start", args=[skills_check.id]))
    assert response["Location"] == q_url(attempt, 2)
    assert "Continue where you left off" in learner_client.get(skills_check.url).content.decode()
    page = learner_client.get(q_url(attempt, 1)).content.decode()
    assert " checked" in page


def test_someone_elses_attempt_is_404(client, learner_client, skills_check):
    attempt = start(learner_client, skills_check)
    other = StaffMemberFactory()
    client.force_login(other.user)
    for url in [
        q_url(attempt, 1),
        reverse("assessments:attempt_review", args=[attempt.id]),
        reverse("assessments:attempt_result", args=[attempt.id]),
    ]:
        assert client.get(url).status_code == 404
    assert client.post(q_url(attempt, 1), {"choice": "x"}).status_code == 404
    assert client.post(reverse("assessments:attempt_submit", args=[attempt.id])).status_code == 404
    assert not Response.objects.exists()
    attempt.refresh_from_db()
    assert attempt.is_open


def test_choice_from_another_question_is_400_and_changes_nothing(learner_client, skills_check, mixed_questions):
    attempt = start(learner_client, skills_check)
    versions = versions_for_attempt(attempt)
    single = next(n for n, v in enumerate(versions, start=1) if v.question_type == "single")
    other_ids = [cid for v in versions if v.question_type != "single" for cid in v.choice_ids]
    response = learner_client.post(q_url(attempt, single), {"choice": other_ids[0]})
    assert response.status_code == 400
    assert "not one of this question" in response.content.decode()
    assert not Response.objects.exists()


def test_missing_field_and_bad_number_are_400(learner_client, skills_check):
    attempt = start(learner_client, skills_check)
    versions = versions_for_attempt(attempt)
    numeric = next(n for n, v in enumerate(versions, start=1) if v.question_type == "numeric")
    assert learner_client.post(q_url(attempt, 1), {}).status_code == 400
    bad = learner_client.post(q_url(attempt, numeric), {"value": "1e999999"})
    assert bad.status_code == 400
    huge = learner_client.post(q_url(attempt, numeric), {"value": "123456789012"})
    assert huge.status_code == 400 and "between" in huge.content.decode()
    assert not Response.objects.exists()


def test_question_number_out_of_range_is_404(learner_client, skills_check):
    attempt = start(learner_client, skills_check)
    assert learner_client.get(q_url(attempt, 99)).status_code == 404
    assert learner_client.post(q_url(attempt, 0), {"choice": "x"}).status_code == 404


def test_answering_after_submission_is_refused(learner_client, skills_check):
    attempt = start(learner_client, skills_check)
    learner_client.post(reverse("assessments:attempt_submit", args=[attempt.id]))
    response = learner_client.post(q_url(attempt, 1), right_answer(versions_for_attempt(attempt)[0]))
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_user_without_staff_record_cannot_start(client, skills_check):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.post(reverse("assessments:attempt_start", args=[skills_check.id])).status_code == 404
    assert not Attempt.objects.exists()


def wrong_answer(version):
    kind = version.question_type
    wrong = [cid for cid in version.choice_ids if cid not in version.correct_ids]
    if kind == "single":
        return {"choice": wrong[0]}
    if kind == "multiple":
        return {"choices": wrong}
    if kind == "numeric":
        return {"value": str(version.numeric_answer + 1000)}
    return {f"position-{cid}": str(n) for n, cid in enumerate(reversed(version.choice_ids), start=1)}


def test_no_correctness_information_reaches_the_browser_during_an_attempt(learner_client, skills_check):
    """Fetch every page of an attempt (before submission) and look for anything that reveals answers."""
    attempt = start(learner_client, skills_check)
    versions = versions_for_attempt(attempt)
    secrets = set()
    for question in Question.objects.all():
        secrets.add(question.explanation)
        if question.numeric_answer is not None:
            secrets.add(f'value="{question.numeric_answer.normalize()}"')
    pages = [learner_client.get(skills_check.url)]
    for n, version in enumerate(versions, start=1):
        pages.append(learner_client.get(q_url(attempt, n)))
        pages.append(learner_client.post(q_url(attempt, n), wrong_answer(version), follow=True))
        pages.append(learner_client.get(q_url(attempt, n)))
    pages.append(learner_client.get(reverse("assessments:attempt_review", args=[attempt.id])))
    for page in pages:
        html = page.content.decode()
        for secret in secrets:
            assert secret not in html
        assert not re.search(r"\b(correct|is-correct|data-correct|answer-key)\b", html, re.IGNORECASE), html[:200]
        for version in versions:
            # choices appear in the attempt's shuffled order, never with a marker of which is right
            for choice in version.choices:
                assert f'value="{choice.id}" data-' not in html


def test_result_shows_explanations_only_after_submission(learner_client, skills_check):
    attempt = start(learner_client, skills_check)
    learner_client.post(reverse("assessments:attempt_submit", args=[attempt.id]))
    body = learner_client.get(reverse("assessments:attempt_result", args=[attempt.id])).content.decode()
    assert "SECRET-EXPLANATION" in body


def test_feedback_policy_never_hides_answers_on_the_result(learner_client, skills_check):
    skills_check.feedback_policy = "never"
    skills_check.save()
    attempt = start(learner_client, skills_check)
    learner_client.post(reverse("assessments:attempt_submit", args=[attempt.id]))
    body = learner_client.get(reverse("assessments:attempt_result", args=[attempt.id])).content.decode()
    assert "SECRET-EXPLANATION" not in body
    assert "Your answers" not in body


def test_feedback_after_each_answer_shows_explanation_and_locks_it(learner_client, skills_check):
    skills_check.feedback_policy = "after_each"
    skills_check.save()
    attempt = start(learner_client, skills_check)
    version = versions_for_attempt(attempt)[0]
    before = learner_client.get(q_url(attempt, 1)).content.decode()
    assert "SECRET-EXPLANATION" not in before
    shown = learner_client.post(q_url(attempt, 1), right_answer(version), follow=True).content.decode()
    assert "SECRET-EXPLANATION" in shown
    # the same answer sent again (a retry after a dropped connection) is already saved: no error, no change
    again = learner_client.post(q_url(attempt, 1), right_answer(version))
    assert again.status_code == 302
    assert Response.objects.filter(attempt=attempt).count() == 1
    other = next(cid for cid in version.choice_ids if cid not in version.correct_ids)
    changed = learner_client.post(q_url(attempt, 1), {"choice": other})
    assert changed.status_code == 400
    assert Response.objects.get(attempt=attempt, position=1).answer == right_answer(version)


def test_my_skills_shows_confidence_gap_and_ignores_expired_results(learner_client, staff, area):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    SkillResult.objects.create(
        staff=staff, area=area, level=3, source="assessed", assessed_at=now - timedelta(days=900),
        expires_at=now - timedelta(days=170),
    )  # fmt: skip
    SkillResult.objects.create(
        staff=staff, area=area, level=1, source="assessed", assessed_at=now - timedelta(days=10),
        expires_at=now + timedelta(days=700),
    )  # fmt: skip
    SkillResult.objects.create(staff=staff, area=area, level=3, source="self_rated", assessed_at=now)
    body = learner_client.get(reverse("assessments:my_skills")).content.decode()
    assert "1 – Awareness" in body
    assert "You rate yourself 2 higher" in body
    assert "(3 results)" in body


def test_after_each_answered_question_stays_locked_with_its_feedback(learner_client, skills_check):
    skills_check.feedback_policy = "after_each"
    skills_check.save()
    attempt = start(learner_client, skills_check)
    learner_client.post(q_url(attempt, 1), right_answer(versions_for_attempt(attempt)[0]))
    body = learner_client.get(q_url(attempt, 1)).content.decode()  # e.g. via "Previous question"
    assert "SECRET-EXPLANATION" in body
    assert "disabled" in body and "Save and continue" not in body
    review = learner_client.get(reverse("assessments:attempt_review", args=[attempt.id])).content.decode()
    assert ">View<" in review


def test_self_assessment_error_marks_only_the_missing_statements(learner_client, area):
    from assessments.models import AssessmentPage
    from tests.factories.assessments import fixed_assessment

    page = fixed_assessment(
        [],
        kind=AssessmentPage.Kind.SELF_ASSESSMENT,
        statements=[{"type": "statement", "value": {"area": area.id, "text": f"I can do {n}"}} for n in range(3)],
    )
    response = learner_client.post(
        reverse("assessments:self_assessment_submit", args=[page.id]), {"statement-1": "2", "statement-3": "4"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count("govuk-form-group--error") == 1
    assert 'href="#statement-2-1"' in body
    assert 'id="statement-2-error"' in body
    assert "<title>Error: " in body
    assert 'id="statement-3-4" name="statement-3" type="radio" value="4" checked' in body
    assert not SkillResult.objects.exists()


def test_my_skills_says_when_there_is_no_history_yet(learner_client, staff, area):
    body = learner_client.get(reverse("assessments:my_skills")).content.decode()
    assert "No results yet" in body
    from django.utils import timezone

    SkillResult.objects.create(staff=staff, area=area, level=2, source="assessed", assessed_at=timezone.now())
    assert "No results yet" not in learner_client.get(reverse("assessments:my_skills")).content.decode()
