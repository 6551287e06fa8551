"""Pure scoring: one response, an attempt's percentage, and the level reached per skill area."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assessments.versions import QuestionVersion

HIGHEST_SCORED_LEVEL = 3


def score_response(question: QuestionVersion, answer: Mapping | None) -> float:
    """Return the credit (0 to 1) an answer earns on a question; no answer earns 0."""
    if not answer:
        return 0.0
    kind = question.question_type
    if kind == "single":
        return 1.0 if answer.get("choice") in question.correct_ids else 0.0
    if kind == "multiple":
        chosen = set(answer.get("choices") or [])
        correct = question.correct_ids
        if not question.partial_credit:
            return 1.0 if chosen == correct else 0.0
        right = len(chosen & correct)
        wrong = len(chosen - correct)
        return max(0.0, (right - wrong) / len(correct)) if correct else 0.0
    if kind == "numeric":
        if question.numeric_answer is None:
            return 0.0
        try:
            value = Decimal(str(answer.get("value")))
        except (InvalidOperation, TypeError, ValueError):
            return 0.0
        return 1.0 if abs(value - question.numeric_answer) <= question.numeric_tolerance else 0.0
    if kind == "ordering":
        order = list(answer.get("order") or [])
        expected = list(question.choice_ids)
        if not question.partial_credit:
            return 1.0 if order == expected else 0.0
        in_place = sum(1 for given, wanted in zip(order, expected, strict=False) if given == wanted)
        return in_place / len(expected) if expected else 0.0
    return 0.0


def percent(scores: Iterable[float]) -> float:
    """Return the mean credit as a percentage (0 when there are no questions)."""
    values = list(scores)
    return 100.0 * sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class AreaScore:
    area_id: int
    level: int
    percent_by_level: dict[int, float]
    percent: float


def level_from_percentages(percent_by_level: Mapping[int, float], threshold: float) -> int:
    """Return the highest level L with at least ``threshold`` percent at L and at every level below.

    Levels must have questions to count: the level never goes above the first level without any.
    """
    reached = 0
    for level in range(1, HIGHEST_SCORED_LEVEL + 1):
        if level not in percent_by_level or percent_by_level[level] < threshold:
            break
        reached = level
    return reached


def area_levels(items: Iterable[tuple[int, int, float]], threshold: float) -> dict[int, AreaScore]:
    """Return the level reached in each area from (area_id, question level, credit) triples."""
    by_area: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for area_id, level, credit in items:
        by_area[area_id][level].append(credit)
    result = {}
    for area_id, levels in by_area.items():
        pct = {level: percent(credits) for level, credits in levels.items()}
        all_credits = [credit for credits in levels.values() for credit in credits]
        result[area_id] = AreaScore(area_id, level_from_percentages(pct, threshold), pct, percent(all_credits))
    return result


def self_rated_level(ratings: Iterable[int]) -> int:
    """Return a self-rated level from 1-4 ratings: the mean rounded down (cautious by design)."""
    values = [int(r) for r in ratings]
    return sum(values) // len(values) if values else 0
