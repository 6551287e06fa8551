"""Pure parsing of submitted answers: turn form data into a stored answer, or say what is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from assessments.versions import QuestionVersion

ERROR_CHOOSE_ONE = "Select an answer."
ERROR_CHOOSE_SOME = "Select at least one answer."
ERROR_NOT_A_CHOICE = "That answer is not one of this question's choices."
ERROR_ENTER_NUMBER = "Enter a number, like 12 or 12.5."
ERROR_NUMBER_RANGE = "Enter a number between -1,000,000,000 and 1,000,000,000."
ERROR_ORDER_ALL = "Give every item a different position, from 1 to {count}."
MAX_ABS_NUMBER = Decimal("1000000000")


class AnswerError(ValueError):
    """The submitted answer cannot be accepted; the message is safe to show."""


def _getlist(data: Mapping, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def parse_answer(question: QuestionVersion, data: Mapping) -> dict:
    """Return the answer to store for ``question`` from submitted ``data``; raise AnswerError if invalid."""
    kind = question.question_type
    ids = set(question.choice_ids)
    if kind == "single":
        choice = data.get("choice")
        if not choice:
            raise AnswerError(ERROR_CHOOSE_ONE)
        if choice not in ids:
            raise AnswerError(ERROR_NOT_A_CHOICE)
        return {"choice": choice}
    if kind == "multiple":
        chosen = _getlist(data, "choices")
        if not chosen:
            raise AnswerError(ERROR_CHOOSE_SOME)
        if not set(chosen) <= ids:
            raise AnswerError(ERROR_NOT_A_CHOICE)
        return {"choices": sorted(set(chosen))}
    if kind == "numeric":
        raw = (data.get("value") or "").strip().replace(",", "")
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise AnswerError(ERROR_ENTER_NUMBER) from exc
        if not value.is_finite():
            raise AnswerError(ERROR_ENTER_NUMBER)
        if abs(value) > MAX_ABS_NUMBER:
            raise AnswerError(ERROR_NUMBER_RANGE)
        return {"value": str(value)}
    if kind == "ordering":
        count = len(question.choice_ids)
        positions = {}
        for choice_id in question.choice_ids:
            raw = data.get(f"position-{choice_id}")
            try:
                positions[choice_id] = int(raw)
            except (TypeError, ValueError) as exc:
                raise AnswerError(ERROR_ORDER_ALL.format(count=count)) from exc
        if sorted(positions.values()) != list(range(1, count + 1)):
            raise AnswerError(ERROR_ORDER_ALL.format(count=count))
        return {"order": sorted(positions, key=positions.get)}
    raise AnswerError(ERROR_NOT_A_CHOICE)
