"""Writes: start an attempt, save answers, submit and score, record self-ratings."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from assessments import draw, events, scoring, validity
from assessments.answers import AnswerError, parse_answer
from assessments.models import AssessmentPage, Attempt, Question, Response, SkillArea, SkillResult
from assessments.selectors import expiry_months_by_area, framework_for, versions_for_attempt
from learning.models import CoursePage, StaffMember

GRACE = timedelta(seconds=30)
ERROR_ATTEMPTS_USED = "You have used all {allowed} attempts at this assessment."
ERROR_ATTEMPT_CLOSED = "This attempt has already been submitted, so answers can no longer be changed."
ERROR_TIME_UP = "The time limit has passed, so this attempt has been submitted with the answers you saved."
ERROR_NO_QUESTIONS = "This assessment has no questions yet. Please tell your learning team."
ERROR_NOT_SELF_ASSESSMENT = "This is not a self-assessment."
ERROR_RATE_EVERY_STATEMENT = "Rate every statement from 1 to 4."
ERROR_ANSWER_LOCKED = "You have already seen the feedback for this question, so the answer cannot be changed."


class AttemptError(Exception):
    """The action cannot be done; the message is safe to show to the learner."""


class MissingRatingsError(AnswerError):
    """Some self-assessment statements were not rated; ``missing`` lists their numbers (1-based)."""

    def __init__(self, message: str, missing: list[int]):
        super().__init__(message)
        self.missing = missing


class TimeUpError(AttemptError):
    """The attempt's time limit has passed."""


def _revision_ids(question_ids: list[int]) -> dict[int, int]:
    """Return the current revision of each question, creating one for questions that have none."""
    revisions = dict(Question.objects.filter(id__in=question_ids).values_list("id", "latest_revision_id"))
    for question in Question.objects.filter(id__in=[qid for qid, rid in revisions.items() if rid is None]):
        revisions[question.id] = question.save_revision(clean=False).id
    return revisions


def _draw_question_ids(assessment: AssessmentPage, rng: random.Random) -> list[int]:
    if assessment.selection == AssessmentPage.Selection.FIXED:
        ids = [block.get("value") for block in assessment.questions.raw_data]
        active = set(Question.objects.filter(id__in=ids, active=True).values_list("id", flat=True))
        return [qid for qid in ids if qid in active]
    area_ids = [block.get("value") for block in assessment.areas.raw_data]
    if not area_ids:
        framework = framework_for(assessment)
        area_ids = list(SkillArea.objects.filter(framework=framework).values_list("id", flat=True))
    candidates = list(Question.objects.filter(active=True, area_id__in=area_ids).values_list("id", "area_id", "level"))
    order = list(SkillArea.objects.filter(id__in=area_ids).order_by("sort_order", "name").values_list("id", flat=True))
    return draw.draw_random(candidates, assessment.questions_per_area_level, rng, order)


def _build_items(assessment: AssessmentPage, rng: random.Random) -> list[dict]:
    from wagtail.models import Revision

    from assessments.versions import version_from_content

    question_ids = _draw_question_ids(assessment, rng)
    if assessment.shuffle:
        question_ids = draw.shuffled(question_ids, rng)
    revision_ids = _revision_ids(question_ids)
    contents = dict(Revision.objects.filter(id__in=revision_ids.values()).values_list("id", "content"))
    items = []
    for question_id in question_ids:
        revision_id = revision_ids[question_id]
        version = version_from_content(contents[revision_id], revision_id)
        order = list(version.choice_ids)
        if version.question_type != "numeric":
            order = draw.shuffled(order, rng)  # never show choices in the order editors wrote them
        items.append({"question": question_id, "revision": revision_id, "order": order})
    return items


def attempt_close_if_expired(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """Submit an open attempt whose time limit (plus grace) has passed; return True if it was closed."""
    now = now or timezone.now()
    if attempt.is_open and attempt.deadline_at and now > attempt.deadline_at + GRACE:
        attempt_submit(attempt=attempt, now=now, timed_out=True)
        return True
    return False


def attempt_start(
    *, staff: StaffMember, assessment: AssessmentPage, now: datetime | None = None, rng: random.Random | None = None
) -> Attempt:
    """Return the learner's open attempt, or start a new one if they have attempts left."""
    now = now or timezone.now()
    existing = Attempt.objects.filter(staff=staff, assessment=assessment, status=Attempt.Status.OPEN).first()
    if existing is not None and not attempt_close_if_expired(attempt=existing, now=now):
        return existing
    if assessment.attempts_allowed:
        used = Attempt.objects.filter(staff=staff, assessment=assessment, status=Attempt.Status.SUBMITTED).count()
        if used >= assessment.attempts_allowed:
            raise AttemptError(ERROR_ATTEMPTS_USED.format(allowed=assessment.attempts_allowed))
    items = _build_items(assessment, rng or random.Random())
    if not items:
        raise AttemptError(ERROR_NO_QUESTIONS)
    deadline = now + timedelta(minutes=assessment.time_limit_minutes) if assessment.time_limit_minutes else None
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                staff=staff, assessment=assessment, started_at=now, deadline_at=deadline, items=items
            )
    except IntegrityError:
        # Another request started one at the same moment: the constraint keeps a single open attempt.
        return Attempt.objects.get(staff=staff, assessment=assessment, status=Attempt.Status.OPEN)


def response_save(*, attempt: Attempt, position: int, data: Mapping, now: datetime | None = None) -> Response:
    """Validate and save the answer to question ``position`` (1-based) of an open attempt."""
    now = now or timezone.now()
    if not attempt.is_open:
        raise AttemptError(ERROR_ATTEMPT_CLOSED)
    if attempt_close_if_expired(attempt=attempt, now=now):
        raise TimeUpError(ERROR_TIME_UP)
    versions = versions_for_attempt(attempt)
    if not 1 <= position <= len(versions):
        raise AnswerError("There is no such question in this attempt.")
    version = versions[position - 1]
    answer = parse_answer(version, data)
    if attempt.assessment.feedback_policy == AssessmentPage.Feedback.AFTER_EACH:
        saved = Response.objects.filter(attempt=attempt, position=position).first()
        if saved is not None:
            if saved.answer == answer:
                return saved  # the same answer sent again (a retry after a dropped connection): already saved
            raise AttemptError(ERROR_ANSWER_LOCKED)
    response, _ = Response.objects.update_or_create(
        attempt=attempt,
        position=position,
        defaults={
            "question_id": version.question_id,
            "revision_id": version.revision_id,
            "answer": answer,
            "answered_at": now,
        },
    )
    return response


@dataclass(frozen=True)
class SubmitOutcome:
    attempt: Attempt
    newly_submitted: bool


def _credits_write(attempt_id: int, credits: dict[int, Decimal]) -> None:
    """Store each response's credit in one UPDATE (Django's bulk_update builds this far more slowly)."""
    if not credits:
        return
    table = connection.ops.quote_name(Response._meta.db_table)
    cases = " ".join("WHEN %s THEN %s" for _ in credits)
    params: list = [value for item in credits.items() for value in item]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET credit = CASE position {cases} END WHERE attempt_id = %s",
            [*params, attempt_id],
        )


def attempt_submit(*, attempt: Attempt, now: datetime | None = None, timed_out: bool = False) -> SubmitOutcome:
    """Score an open attempt and write its skill results; submitting again changes nothing.

    The attempt is claimed with one conditional UPDATE (status open -> submitted, with its score), so
    of two simultaneous submissions only one writes credits and results.
    """
    now = now or timezone.now()
    assessment = attempt.assessment
    versions = versions_for_attempt(attempt)
    answers = dict(Response.objects.filter(attempt=attempt).values_list("position", "answer"))
    credits = []
    stored: dict[int, Decimal] = {}
    for position, version in enumerate(versions, start=1):
        credit = scoring.score_response(version, answers.get(position))
        credits.append((version.area_id, version.level, credit))
        if position in answers:
            stored[position] = Decimal(str(round(credit, 4)))
    score = Decimal(str(round(scoring.percent(c for _, _, c in credits), 2)))
    passed = score >= assessment.pass_mark if assessment.kind == AssessmentPage.Kind.KNOWLEDGE_CHECK else None
    with transaction.atomic():
        won = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.OPEN).update(
            status=Attempt.Status.SUBMITTED, submitted_at=now, timed_out=timed_out, score=score, passed=passed
        )
        if not won:
            attempt.refresh_from_db()
            return SubmitOutcome(attempt, False)
        _credits_write(attempt.pk, stored)
        if assessment.kind == AssessmentPage.Kind.SKILLS_CHECK:
            framework = framework_for(assessment)
            threshold = framework.threshold_percent if framework else 70
            levels = scoring.area_levels(credits, threshold)
            expiry = expiry_months_by_area(levels)
            SkillResult.objects.bulk_create(
                [
                    SkillResult(
                        staff_id=attempt.staff_id,
                        area_id=area_id,
                        level=result.level,
                        source=SkillResult.Source.ASSESSED,
                        score=Decimal(str(round(result.percent, 2))),
                        assessed_at=now,
                        expires_at=validity.expires_at_for(now, expiry[area_id]),
                        attempt=attempt,
                    )
                    for area_id, result in levels.items()
                ]
            )
            reached = [
                events.ReachedLevel(area_id, result.level, round(result.percent, 2))
                for area_id, result in levels.items()
                if result.level >= 1
            ]
            events.skill_levels_reached_send(staff_id=attempt.staff_id, reached=reached, now=now, attempt=attempt)
        if passed is not None:
            attempt.score, attempt.passed, attempt.submitted_at = score, passed, now
            events.assessment_result_send(
                attempt=attempt,
                passed=passed,
                score_raw=round(sum(credit for _, _, credit in credits), 4),
                score_max=float(len(credits)),
                now=now,
            )
    attempt.status, attempt.submitted_at, attempt.timed_out = Attempt.Status.SUBMITTED, now, timed_out
    attempt.score, attempt.passed = score, passed
    if passed and assessment.required_for_module:
        from learning.services import course_completion_refresh

        course = CoursePage.objects.ancestor_of(assessment).first()
        if course is not None:
            course_completion_refresh(staff=attempt.staff, course=course, now=now)
    return SubmitOutcome(attempt, True)


def self_assessment_submit(
    *, staff: StaffMember, assessment: AssessmentPage, data: Mapping, now: datetime | None = None
) -> list[SkillResult]:
    """Record self-rated levels per area from 1-4 ratings of each statement (never counted as evidence)."""
    if not assessment.is_self_assessment:
        raise AttemptError(ERROR_NOT_SELF_ASSESSMENT)
    now = now or timezone.now()
    ratings: dict[int, list[int]] = {}
    missing = []
    for index, block in enumerate(assessment.statements.raw_data, start=1):
        raw = data.get(f"statement-{index}")
        if raw not in {"1", "2", "3", "4"}:
            missing.append(index)
            continue
        ratings.setdefault(int(block["value"]["area"]), []).append(int(raw))
    if missing:
        raise MissingRatingsError(ERROR_RATE_EVERY_STATEMENT, missing)
    expiry = expiry_months_by_area(ratings)
    results = [
        SkillResult(
            staff=staff,
            area_id=area_id,
            level=scoring.self_rated_level(values),
            source=SkillResult.Source.SELF_RATED,
            assessed_at=now,
            expires_at=validity.expires_at_for(now, expiry[area_id]),
        )
        for area_id, values in ratings.items()
    ]
    with transaction.atomic():
        return SkillResult.objects.bulk_create(results)
