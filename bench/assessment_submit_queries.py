"""The in-process half of the assessment-submit suite: runs inside Django, in a subprocess of run_bench.py.

``prepare`` publishes skills-check pages with a fixed list of questions from the demo bank, one page per
attempt (a learner has one open attempt per assessment), and for each starts an attempt for the learner and
saves an answer to every question, right or wrong in a fixed pattern, through the app's services.
``count`` counts the SQL queries of one submit of a fresh, fully answered attempt with Django's test Client
and CaptureQueriesContext (after a warm-up submit of another one), for a long and a short attempt, and
checks that the attempts submitted over HTTP were scored: status, score, credit per response, skill results.

    python -m bench.assessment_submit_queries prepare OUT.json --email E --attempts K --questions N
    python -m bench.assessment_submit_queries count OUT.json --email E --plain-url U --questions N \
        --short-questions M --submitted-ids 1,2,3
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict

from bench.inprocess import captured, cli, request_queries, signed_in_client

FRAMEWORK_SLUG = "data-and-digital"
PLAIN_SLUG = "accessibility"
WRONG_EVERY = 3  # one answer in three is wrong, the wrong ones shifting from attempt to attempt


def pick_questions(count: int) -> list[int]:
    """Return ``count`` question ids from the framework's bank, the same every run, covering areas, levels and types.

    Questions are grouped by (level, area) and taken one per group in turn, so 18 questions cover each of
    the 6 areas at each of levels 1-3 once, and 10 cover every area at level 1 and four at level 2. Within a
    group the question taken is of the type furthest below its share of the bank, so every type appears
    roughly in proportion (the demo bank is two thirds single choice).
    """
    from assessments.models import Question

    bank = list(
        Question.objects.filter(active=True, area__framework__slug=FRAMEWORK_SLUG, latest_revision__isnull=False)
        .order_by("level", "area__sort_order", "id")
        .values_list("id", "area_id", "level", "question_type")
    )
    if len(bank) < count:
        raise SystemExit(f"The question bank has fewer than {count} questions with revisions; run seed_demo.")
    share = Counter(kind for *_, kind in bank)
    groups: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for question_id, area_id, level, kind in bank:
        groups[(level, area_id)].append((question_id, kind))
    picked: list[int] = []
    taken: Counter[str] = Counter()
    while len(picked) < count:
        for candidates in groups.values():
            if candidates and len(picked) < count:
                best = min(candidates, key=lambda item: (taken[item[1]] / share[item[1]], -share[item[1]], item[0]))
                candidates.remove(best)
                picked.append(best[0])
                taken[best[1]] += 1
    return picked


def answer_for(version, right: bool) -> dict:
    """Return form data answering ``version`` rightly or wrongly, in the shape the question form posts."""
    ids, correct = version.choice_ids, version.correct_ids
    kind = version.question_type
    if kind == "single":
        wrong = [choice for choice in ids if choice not in correct]
        return {"choice": sorted(correct)[0] if right or not wrong else wrong[0]}
    if kind == "multiple":
        wrong = [choice for choice in ids if choice not in correct][:1] or sorted(correct)[:1]
        return {"choices": sorted(correct) if right else wrong}
    if kind == "numeric":
        value = version.numeric_answer if right else version.numeric_answer + version.numeric_tolerance + 1
        return {"value": str(value)}
    order = ids if right else tuple(reversed(ids))
    return {f"position-{choice}": str(number) for number, choice in enumerate(order, start=1)}


def answered_attempt(staff, question_ids: list[int], name: str, number: int):
    """Publish a fixed skills check of ``question_ids`` under home; start and fully answer an attempt at it."""
    from django.db import transaction

    from assessments import services
    from assessments.models import AssessmentPage, SkillFramework
    from assessments.selectors import versions_for_attempt
    from cms.models import HomePage

    with transaction.atomic():
        page = AssessmentPage(
            title=f"Benchmark skills check {name} {number}",
            slug=f"bench-{name}-{number}",
            kind=AssessmentPage.Kind.SKILLS_CHECK,
            framework=SkillFramework.objects.get(slug=FRAMEWORK_SLUG),
            selection=AssessmentPage.Selection.FIXED,
            questions=[{"type": "question", "value": question_id} for question_id in question_ids],
            shuffle=False,
            feedback_policy=AssessmentPage.Feedback.AFTER_SUBMISSION,
        )
        HomePage.objects.first().add_child(instance=page)
        page.save_revision().publish()
        attempt = services.attempt_start(staff=staff, assessment=page, rng=random.Random(number))
        for position, version in enumerate(versions_for_attempt(attempt), start=1):
            right = (position + number) % WRONG_EVERY != 0
            services.response_save(attempt=attempt, position=position, data=answer_for(version, right))
    return attempt


def submit_paths(attempt) -> tuple[str, str]:
    """Return the attempt's submit path and the result path that submitting redirects to."""
    from django.urls import reverse

    return (
        reverse("assessments:attempt_submit", args=[attempt.id]),
        reverse("assessments:attempt_result", args=[attempt.id]),
    )


def staff_for(email: str):
    from learning.models import StaffMember

    return StaffMember.objects.get(user__email=email)


def prepare(email: str, attempts: int, questions: int) -> dict:
    """Create ``attempts`` open, fully answered attempts of ``questions`` questions; return their paths."""
    from assessments.models import Question
    from cms.models import StandardPage

    started = time.perf_counter()
    staff = staff_for(email)
    question_ids = pick_questions(questions)
    made = [answered_attempt(staff, question_ids, f"{questions}q", number) for number in range(1, attempts + 1)]
    bank = Question.objects.filter(id__in=question_ids)
    right = {
        sum(1 for position in range(1, questions + 1) if (position + number) % WRONG_EVERY)
        for number in range(1, attempts + 1)
    }
    return {
        "plain_url": StandardPage.objects.live().get(slug=PLAIN_SLUG).url,
        "questions": len(question_ids),
        "areas": bank.values("area").distinct().count(),
        "levels": sorted(set(bank.values_list("level", flat=True))),
        "types": dict(sorted(Counter(bank.values_list("question_type", flat=True)).items())),
        "right_answers": sorted(right),
        "attempts": [{"id": attempt.id, "paths": submit_paths(attempt)} for attempt in made],
        "seconds": round(time.perf_counter() - started, 1),
    }


def submit_queries(client, staff, question_ids: list[int], name: str) -> dict:
    """Return the queries of submitting a fresh, fully answered attempt of ``question_ids``."""
    attempt = answered_attempt(staff, question_ids, name, 1)
    path, location = submit_paths(attempt)
    result = captured(lambda: client.post(path), 302, f"POST {path}")
    attempt.refresh_from_db()
    if attempt.is_open or attempt.score is None:
        raise SystemExit(f"POST {path} did not submit attempt {attempt.id}.")
    return result


def count(email: str, plain_url: str, questions: int, short_questions: int, submitted_ids: str) -> dict:
    """Return query counts (and SQL) for the plain page and a submit at two lengths, and check the timed submits."""
    from assessments.models import Attempt, Response, SkillResult

    client = signed_in_client(email)
    staff = staff_for(email)
    long_ids, short_ids = pick_questions(questions), pick_questions(short_questions)
    submit_queries(client, staff, long_ids, f"warm-{questions}q")  # warm the process, like WARM_REQUESTS
    submit_queries(client, staff, short_ids, f"warm-{short_questions}q")
    result = {
        "requests": {
            "plain": request_queries(client, "GET", plain_url, 200),
            "submit": submit_queries(client, staff, long_ids, f"count-{questions}q"),
        },
        "short": submit_queries(client, staff, short_ids, f"count-{short_questions}q"),
        "questions": questions,
        "short_questions": short_questions,
    }
    ids = [int(part) for part in submitted_ids.split(",") if part]
    result["timed"] = {
        "sent": len(ids),
        "submitted": Attempt.objects.filter(
            id__in=ids, status=Attempt.Status.SUBMITTED, score__isnull=False, submitted_at__isnull=False
        ).count(),
        "responses_credited": Response.objects.filter(attempt_id__in=ids, credit__isnull=False).count(),
        "responses": Response.objects.filter(attempt_id__in=ids).count(),
        "skill_results": SkillResult.objects.filter(attempt_id__in=ids).count(),
        "still_open": Attempt.objects.filter(id__in=ids, status=Attempt.Status.OPEN).count(),
    }
    return result


if __name__ == "__main__":
    cli(
        __doc__.split("\n")[0],
        {"prepare": prepare, "count": count},
        {
            "email": str,
            "attempts": int,
            "questions": int,
            "short-questions": int,
            "plain-url": str,
            "submitted-ids": str,
        },
    )
