"""Build what the assessment templates show. Correctness reaches a template only when policy allows."""

from __future__ import annotations

from django.utils import timezone

from assessments import scoring, selectors
from assessments.models import AssessmentPage, Attempt, Response, SkillArea
from assessments.next_lessons import next_steps_for_staff
from assessments.versions import QuestionVersion
from learning.progress import percent_complete


def answer_text(version: QuestionVersion, answer: dict | None) -> str:
    """Return an answer in words, as the learner gave it."""
    if not answer:
        return "No answer"
    kind = version.question_type
    if kind == "single":
        return version.choice_text(answer.get("choice", ""))
    if kind == "multiple":
        return "; ".join(version.choice_text(c) for c in answer.get("choices", []))
    if kind == "numeric":
        return f"{answer.get('value', '')} {version.unit}".strip()
    if kind == "ordering":
        return " → ".join(version.choice_text(c) for c in answer.get("order", []))
    return ""


def _correct_text(version: QuestionVersion) -> str:
    kind = version.question_type
    if kind == "numeric":
        tolerance = f" (within {version.numeric_tolerance.normalize()})" if version.numeric_tolerance else ""
        answer = version.numeric_answer.normalize() if version.numeric_answer is not None else ""
        return f"{answer} {version.unit}{tolerance}".strip()
    if kind == "ordering":
        return " → ".join(choice.text for choice in version.choices)
    return "; ".join(choice.text for choice in version.choices if choice.correct)


def _time_left(attempt: Attempt) -> int | None:
    if not attempt.deadline_at:
        return None
    seconds = (attempt.deadline_at - timezone.now()).total_seconds()
    return max(0, int(seconds // 60))


def question_context(attempt: Attempt, position: int) -> dict:
    """Return the question at ``position`` as the learner sees it, with their saved answer."""
    versions = selectors.versions_for_attempt(attempt)
    version = versions[position - 1]
    order = attempt.items[position - 1]["order"]
    response = Response.objects.filter(attempt=attempt, position=position).first()
    answer = response.answer if response else {}
    texts = {choice.id: choice.text for choice in version.choices}
    chosen = {answer.get("choice")} | set(answer.get("choices", []))
    saved_order = answer.get("order", [])
    choices = [
        {
            "id": choice_id,
            "text": texts[choice_id],
            "checked": choice_id in chosen,
            "position": saved_order.index(choice_id) + 1 if choice_id in saved_order else None,
        }
        for choice_id in order
    ]
    feedback = None
    policy = attempt.assessment.feedback_policy
    if response is not None and policy == AssessmentPage.Feedback.AFTER_EACH:
        # Feedback has been seen (or could be), so the answer is locked and its feedback stays shown.
        credit = scoring.score_response(version, answer)
        feedback = {
            "correct": credit >= 1,
            "partly": 0 < credit < 1,
            "correct_text": _correct_text(version),
            "explanation": version.explanation,
        }
    total = len(versions)
    return {
        "attempt": attempt,
        "assessment": attempt.assessment,
        "position": position,
        "total": total,
        "progress_percent": percent_complete(position - 1, total),
        "question": {"type": version.question_type, "prompt": version.prompt, "unit": version.unit},
        "choices": choices,
        "positions": list(range(1, len(choices) + 1)),
        "value": answer.get("value", ""),
        "answered": response is not None,
        "feedback": feedback,
        "locked": feedback is not None,
        "minutes_left": _time_left(attempt),
        "is_last": position == total,
    }


def review_context(attempt: Attempt) -> dict:
    """Return every question of the attempt with whether it has been answered."""
    versions = selectors.versions_for_attempt(attempt)
    answered = set(Response.objects.filter(attempt=attempt).values_list("position", flat=True))
    rows = [
        {"position": n, "prompt": version.prompt, "answered": n in answered}
        for n, version in enumerate(versions, start=1)
    ]
    return {
        "locked": attempt.assessment.feedback_policy == AssessmentPage.Feedback.AFTER_EACH,
        "attempt": attempt,
        "assessment": attempt.assessment,
        "rows": rows,
        "unanswered": sum(1 for row in rows if not row["answered"]),
        "minutes_left": _time_left(attempt),
    }


def result_context(attempt: Attempt, staff) -> dict:
    """Return levels per area (skills check) or the score (knowledge check), and next steps."""
    assessment = attempt.assessment
    names = selectors.level_names()
    results = list(attempt.results.select_related("area").order_by("area__sort_order"))
    steps = next_steps_for_staff(
        staff.id if staff else None, {r.area_id: r.level for r in results}, [r.area for r in results]
    )
    areas = [
        {
            "area": r.area,
            "level": r.level,
            "level_name": names.get(r.level, str(r.level)),
            "descriptor": r.area.descriptor(r.level),
            "next_descriptor": r.area.descriptor(r.level + 1) if r.level < scoring.HIGHEST_SCORED_LEVEL else "",
            "score": r.score,
            "expires_at": r.expires_at,
            "next": steps[r.area_id],
            "target_name": names.get(steps[r.area_id].target, str(steps[r.area_id].target)),
            "next_level_name": names.get(steps[r.area_id].next_level or 0, ""),
        }
        for r in results
    ]
    review = []
    if assessment.feedback_policy != AssessmentPage.Feedback.NEVER:
        versions = selectors.versions_for_attempt(attempt)
        responses = {r.position: r for r in Response.objects.filter(attempt=attempt)}
        area_names = dict(SkillArea.objects.values_list("id", "name"))
        for n, version in enumerate(versions, start=1):
            response = responses.get(n)
            credit = float(response.credit) if response and response.credit is not None else 0.0
            review.append(
                {
                    "position": n,
                    "prompt": version.prompt,
                    "area": area_names.get(version.area_id, ""),
                    "your_answer": answer_text(version, response.answer if response else None),
                    "correct_answer": _correct_text(version),
                    "explanation": version.explanation,
                    "correct": credit >= 1,
                    "partly": 0 < credit < 1,
                }
            )
    return {"attempt": attempt, "assessment": assessment, "areas": areas, "review": review, "level_names": names}


def my_skills_context(staff) -> dict:
    """Return the learner's skill profile and links to the checks they can take."""
    checks = (
        AssessmentPage.objects.live()
        .public()
        .filter(kind__in=[AssessmentPage.Kind.SKILLS_CHECK, AssessmentPage.Kind.SELF_ASSESSMENT])
    )
    if staff is None:
        return {"staff": None, "checks": checks}
    profile = selectors.skill_profile_for_staff(staff)
    names = selectors.level_names()
    steps = next_steps_for_staff(
        staff.id, {item.area.id: item.assessed_level for item in profile}, [item.area for item in profile]
    )
    rows = [
        {
            "area": item.area,
            "assessed": item.assessed,
            "level_name": names.get(item.assessed.level, "") if item.assessed else "",
            "descriptor": item.area.descriptor(item.assessed.level) if item.assessed else "",
            "self_rated": item.self_rated,
            "self_rated_name": names.get(item.self_rated.level, "") if item.self_rated else "",
            "gap": item.confidence_gap,
            "history": item.history,
            "next": steps[item.area.id],
            "target_name": names.get(steps[item.area.id].target, str(steps[item.area.id].target)),
            "next_level_name": names.get(steps[item.area.id].next_level or 0, ""),
        }
        for item in profile
    ]
    has_history = any(row["history"] for row in rows)
    return {"staff": staff, "rows": rows, "checks": checks, "level_names": names, "has_history": has_history}
