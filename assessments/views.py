"""Learner views for taking assessments and seeing skill levels: read, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments import presenters, selectors, services
from assessments.answers import AnswerError
from assessments.models import AssessmentPage, Response
from learning.selectors import staff_get_for_user

ANSWER_SAVED = "Your answer to question {position} is saved."
ANSWERS_SUBMITTED = "Submitted. Your result is below."


def _problem(request, message: str, status: int = 400, link=None):
    return render(request, "assessments/problem.html", {"message": message, "link": link}, status=status)


def _staff_or_404(request):
    staff = staff_get_for_user(request.user)
    if staff is None:
        raise Http404("No staff record.")
    return staff


def _attempt(request, attempt_id: int):
    return selectors.attempt_get_for_staff(attempt_id=attempt_id, staff=_staff_or_404(request))


@login_required
@require_POST
def attempt_start(request, page_id: int):
    """Start (or resume) an attempt and go to its first unanswered question."""
    assessment = get_object_or_404(AssessmentPage.objects.live().public(), id=page_id)
    staff = _staff_or_404(request)
    if assessment.is_self_assessment:
        return _problem(request, services.ERROR_NOT_SELF_ASSESSMENT)
    try:
        attempt = services.attempt_start(staff=staff, assessment=assessment)
    except services.AttemptError as exc:
        return _problem(request, str(exc), 400, assessment.get_url(request))
    answered = set(Response.objects.filter(attempt=attempt).values_list("position", flat=True))
    position = next((n for n in range(1, len(attempt.items) + 1) if n not in answered), 1)
    return redirect("assessments:attempt_question", attempt_id=attempt.id, position=position)


@login_required
def attempt_question(request, attempt_id: int, position: int):
    """Show one question; on POST save the answer and move on (or show feedback, by policy)."""
    attempt = _attempt(request, attempt_id)
    if services.attempt_close_if_expired(attempt=attempt):
        messages.info(request, services.ERROR_TIME_UP)
        return redirect("assessments:attempt_result", attempt_id=attempt.id)
    if not attempt.is_open:
        if request.method == "POST":
            return _problem(
                request, services.ERROR_ATTEMPT_CLOSED, 400, reverse("assessments:attempt_result", args=[attempt.id])
            )
        return redirect("assessments:attempt_result", attempt_id=attempt.id)
    if not 1 <= position <= len(attempt.items):
        raise Http404("No such question.")
    error = None
    if request.method == "POST":
        try:
            services.response_save(attempt=attempt, position=position, data=request.POST)
        except services.TimeUpError as exc:
            return _problem(request, str(exc), 400, reverse("assessments:attempt_result", args=[attempt.id]))
        except (AnswerError, services.AttemptError) as exc:
            error = str(exc)
        else:
            messages.success(request, ANSWER_SAVED.format(position=position))
            if attempt.assessment.feedback_policy == AssessmentPage.Feedback.AFTER_EACH:
                return redirect(request.path)
            if position < len(attempt.items):
                return redirect("assessments:attempt_question", attempt_id=attempt.id, position=position + 1)
            return redirect("assessments:attempt_review", attempt_id=attempt.id)
    context = presenters.question_context(attempt, position)
    context["error"] = error
    return render(request, "assessments/attempt_question.html", context, status=400 if error else 200)


@login_required
def attempt_review(request, attempt_id: int):
    """List every question with whether it has an answer, before submitting."""
    attempt = _attempt(request, attempt_id)
    if services.attempt_close_if_expired(attempt=attempt) or not attempt.is_open:
        return redirect("assessments:attempt_result", attempt_id=attempt.id)
    return render(request, "assessments/attempt_review.html", presenters.review_context(attempt))


@login_required
@require_POST
def attempt_submit(request, attempt_id: int):
    """Submit and score the attempt; submitting twice changes nothing."""
    attempt = _attempt(request, attempt_id)
    services.attempt_submit(attempt=attempt)
    messages.success(request, ANSWERS_SUBMITTED)
    return redirect("assessments:attempt_result", attempt_id=attempt.id)


@login_required
def attempt_result(request, attempt_id: int):
    """Show the levels reached (or the knowledge-check score) and what to do next."""
    attempt = _attempt(request, attempt_id)
    services.attempt_close_if_expired(attempt=attempt)
    if attempt.is_open:
        return redirect("assessments:attempt_review", attempt_id=attempt.id)
    staff = attempt.staff
    return render(request, "assessments/attempt_result.html", presenters.result_context(attempt, staff))


@login_required
@require_POST
def self_assessment_submit(request, page_id: int):
    """Record the learner's self-ratings and show them on "My skills"."""
    assessment = get_object_or_404(AssessmentPage.objects.live().public(), id=page_id)
    staff = _staff_or_404(request)
    try:
        services.self_assessment_submit(staff=staff, assessment=assessment, data=request.POST)
    except (AnswerError, services.AttemptError) as exc:
        context = assessment.get_context(request)
        missing = getattr(exc, "missing", [])
        context.update(
            {
                "error": str(exc),
                "first_missing": missing[0] if missing else 1,
                "statements": selectors.statement_rows(assessment, request.POST, missing),
            }
        )
        return render(request, assessment.template, context, status=400)
    messages.success(request, "Thank you. Your self-ratings are saved and shown beside your assessed levels.")
    return redirect("assessments:my_skills")


@login_required
def my_skills(request):
    """Show the learner's level per area, its meaning, dates, self-rating and history."""
    staff = staff_get_for_user(request.user)
    return render(request, "assessments/my_skills.html", presenters.my_skills_context(staff))
