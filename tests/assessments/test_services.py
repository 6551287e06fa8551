"""Attempt lifecycle services: start, save, submit, results, limits and versions."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from assessments import services
from assessments.answers import AnswerError
from assessments.models import AssessmentPage, Attempt, Question, Response, SkillResult
from assessments.selectors import versions_for_attempt
from tests.factories.assessments import QuestionFactory, fixed_assessment


def right_answer(version):
    kind = version.question_type
    if kind == "single":
        return {"choice": next(iter(version.correct_ids))}
    if kind == "multiple":
        return {"choices": sorted(version.correct_ids)}
    if kind == "numeric":
        return {"value": str(version.numeric_answer)}
    return {f"position-{cid}": str(n) for n, cid in enumerate(version.choice_ids, start=1)}


def answer_all(attempt, right=True):
    for position, version in enumerate(versions_for_attempt(attempt), start=1):
        if right:
            services.response_save(attempt=attempt, position=position, data=right_answer(version))


def test_starting_twice_resumes_the_open_attempt(staff, skills_check):
    first = services.attempt_start(staff=staff, assessment=skills_check)
    second = services.attempt_start(staff=staff, assessment=skills_check)
    assert first.pk == second.pk
    assert len(first.items) == 4


def test_database_allows_one_open_attempt_per_assessment(staff, skills_check):
    Attempt.objects.create(staff=staff, assessment=skills_check, items=[])
    with pytest.raises(IntegrityError):
        Attempt.objects.create(staff=staff, assessment=skills_check, items=[])


def test_choices_are_shuffled_but_only_ids_of_the_question(staff, skills_check):
    attempt = services.attempt_start(staff=staff, assessment=skills_check)
    for item, version in zip(attempt.items, versions_for_attempt(attempt), strict=True):
        assert sorted(item["order"]) == sorted(version.choice_ids)


def test_all_right_reaches_the_top_level_and_writes_results_with_expiry(staff, skills_check, area, dp_area):
    attempt = services.attempt_start(staff=staff, assessment=skills_check)
    answer_all(attempt)
    outcome = services.attempt_submit(attempt=attempt)
    assert outcome.newly_submitted
    results = {r.area_id: r for r in SkillResult.objects.filter(staff=staff)}
    assert results[area.id].level == 3
    assert results[dp_area.id].level == 1  # only level-1 questions in this area
    assert results[area.id].source == "assessed"
    submitted = outcome.attempt.submitted_at
    assert results[dp_area.id].expires_at.date() == (submitted + timedelta(days=365)).date()
    assert (results[area.id].expires_at - submitted).days in (730, 731)
    assert outcome.attempt.score == 100


def test_unanswered_attempt_scores_zero_level(staff, skills_check, area):
    attempt = services.attempt_start(staff=staff, assessment=skills_check)
    services.attempt_submit(attempt=attempt)
    assert SkillResult.objects.get(staff=staff, area=area).level == 0


def test_submitting_twice_changes_nothing(staff, skills_check):
    attempt = services.attempt_start(staff=staff, assessment=skills_check)
    answer_all(attempt)
    services.attempt_submit(attempt=attempt)
    count = SkillResult.objects.count()
    again = services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
    assert not again.newly_submitted
    assert SkillResult.objects.count() == count


def test_answers_cannot_change_after_submission(staff, skills_check):
    attempt = services.attempt_start(staff=staff, assessment=skills_check)
    services.attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    with pytest.raises(services.AttemptError):
        services.response_save(attempt=attempt, position=1, data={"choice": "x"})
    assert not Response.objects.exists()


def test_answer_after_time_limit_is_refused_and_attempt_closes(staff, skills_check):
    skills_check.time_limit_minutes = 10
    skills_check.save_revision().publish()
    skills_check = AssessmentPage.objects.get(pk=skills_check.pk)
    start = timezone.now() - timedelta(minutes=11)
    attempt = services.attempt_start(staff=staff, assessment=skills_check, now=start)
    version = versions_for_attempt(attempt)[0]
    services.response_save(attempt=attempt, position=1, data=right_answer(version), now=start + timedelta(minutes=5))
    with pytest.raises(services.TimeUpError):
        services.response_save(attempt=attempt, position=2, data={"choice": "x"})
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.timed_out
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_answer_within_grace_is_accepted(staff, skills_check):
    skills_check.time_limit_minutes = 10
    skills_check.save()
    start = timezone.now() - timedelta(minutes=10, seconds=10)
    attempt = services.attempt_start(staff=staff, assessment=skills_check, now=start)
    version = versions_for_attempt(attempt)[0]
    services.response_save(attempt=attempt, position=1, data=right_answer(version))
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_attempt_limit_is_enforced(staff, skills_check):
    skills_check.attempts_allowed = 1
    skills_check.save()
    attempt = services.attempt_start(staff=staff, assessment=skills_check)
    services.attempt_submit(attempt=attempt)
    with pytest.raises(services.AttemptError, match="used all 1 attempts"):
        services.attempt_start(staff=staff, assessment=skills_check)
    assert Attempt.objects.count() == 1


def test_invalid_answer_changes_nothing(staff, skills_check):
    attempt = services.attempt_start(staff=staff, assessment=skills_check)
    with pytest.raises(AnswerError):
        services.response_save(attempt=attempt, position=1, data={"choice": "not-a-choice"})
    with pytest.raises(AnswerError):
        services.response_save(attempt=attempt, position=99, data={"choice": "x"})
    assert not Response.objects.exists()


def test_editing_a_question_keeps_past_attempts_on_the_version_seen(staff, skills_check, mixed_questions):
    attempt = services.attempt_start(staff=staff, assessment=skills_check)
    first = versions_for_attempt(attempt)[0]
    services.response_save(attempt=attempt, position=1, data=right_answer(first))
    question = Question.objects.get(pk=first.question_id)
    question.prompt = "Edited prompt"
    question.choices = [
        {"type": "choice", "value": {"text": "New right", "correct": True}},
        {"type": "choice", "value": {"text": "New wrong", "correct": False}},
    ]
    question.save()
    question.save_revision()
    attempt = Attempt.objects.get(pk=attempt.pk)
    assert versions_for_attempt(attempt)[0].prompt == first.prompt
    services.attempt_submit(attempt=attempt)
    assert Response.objects.get(attempt=attempt, position=1).credit == 1
    new_attempt = services.attempt_start(staff=staff, assessment=skills_check)
    assert versions_for_attempt(new_attempt)[0].prompt == "Edited prompt"


def test_knowledge_check_pass_mark_and_required_completion(staff, course, lessons, area):
    from learning import services as learning_services
    from learning.models import Enrolment

    module = course.get_children().first()
    questions = [QuestionFactory(area=area) for _ in range(2)]
    check = fixed_assessment(
        questions, parent=module, kind=AssessmentPage.Kind.KNOWLEDGE_CHECK, pass_mark=100, required_for_module=True
    )
    ids = [lesson.id for lesson in lessons]
    for lesson in lessons:
        result = learning_services.lesson_complete(staff=staff, lesson=lesson, course=course, ordered_lesson_ids=ids)
    assert not result.course_completed  # the required check is not passed yet
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is None
    failed = services.attempt_start(staff=staff, assessment=check)
    services.attempt_submit(attempt=failed)
    failed.refresh_from_db()
    assert failed.passed is False
    passing = services.attempt_start(staff=staff, assessment=check)
    answer_all(passing)
    services.attempt_submit(attempt=passing)
    passing.refresh_from_db()
    assert passing.passed is True and passing.score == 100
    assert Enrolment.objects.get(staff=staff, course=course).completed_at is not None
    assert not SkillResult.objects.exists()  # knowledge checks are not evidence of levels


def test_self_assessment_stores_self_rated_levels(staff, area, dp_area, framework):
    page = fixed_assessment(
        [],
        kind=AssessmentPage.Kind.SELF_ASSESSMENT,
        statements=[
            {"type": "statement", "value": {"area": area.id, "text": "I can read a table"}},
            {"type": "statement", "value": {"area": area.id, "text": "I can explain a rate"}},
            {"type": "statement", "value": {"area": dp_area.id, "text": "I can share data safely"}},
        ],
    )
    with pytest.raises(AnswerError):
        services.self_assessment_submit(staff=staff, assessment=page, data={"statement-1": "3"})
    assert not SkillResult.objects.exists()
    services.self_assessment_submit(
        staff=staff, assessment=page, data={"statement-1": "3", "statement-2": "2", "statement-3": "4"}
    )
    levels = {r.area_id: (r.level, r.source) for r in SkillResult.objects.all()}
    assert levels == {area.id: (2, "self_rated"), dp_area.id: (4, "self_rated")}
