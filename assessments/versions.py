"""Plain snapshots of a question as a learner saw it, built from a revision or a live question."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


@dataclass(frozen=True)
class ChoiceVersion:
    id: str
    text: str
    correct: bool


@dataclass(frozen=True)
class QuestionVersion:
    """Everything needed to show and score one question at one revision."""

    question_id: int
    revision_id: int | None
    area_id: int
    level: int
    question_type: str
    prompt: str
    choices: tuple[ChoiceVersion, ...]
    partial_credit: bool
    numeric_answer: Decimal | None
    numeric_tolerance: Decimal
    unit: str
    explanation: str

    @property
    def choice_ids(self) -> tuple[str, ...]:
        return tuple(choice.id for choice in self.choices)

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(choice.id for choice in self.choices if choice.correct)

    def choice_text(self, choice_id: str) -> str:
        return next((choice.text for choice in self.choices if choice.id == choice_id), "")


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _choices(raw: Any) -> tuple[ChoiceVersion, ...]:
    if isinstance(raw, str):
        raw = json.loads(raw or "[]")
    return tuple(
        ChoiceVersion(id=str(block.get("id")), text=block["value"]["text"], correct=bool(block["value"].get("correct")))
        for block in raw or []
    )


def version_from_content(content: dict, revision_id: int | None = None) -> QuestionVersion:
    """Return the question as stored in a revision's content."""
    return QuestionVersion(
        question_id=int(content["pk"]),
        revision_id=revision_id,
        area_id=int(content["area"]),
        level=int(content["level"]),
        question_type=content["question_type"],
        prompt=content["prompt"],
        choices=_choices(content.get("choices")),
        partial_credit=bool(content.get("partial_credit")),
        numeric_answer=_decimal(content.get("numeric_answer")),
        numeric_tolerance=_decimal(content.get("numeric_tolerance")) or Decimal("0"),
        unit=content.get("unit") or "",
        explanation=content.get("explanation") or "",
    )


def version_from_question(question) -> QuestionVersion:
    """Return a snapshot of a live (possibly unsaved) question, for previews."""
    return QuestionVersion(
        question_id=question.pk or 0,
        revision_id=question.latest_revision_id,
        area_id=question.area_id or 0,
        level=int(question.level or 1),
        question_type=question.question_type,
        prompt=question.prompt,
        choices=tuple(
            ChoiceVersion(id=str(block.id), text=block.value["text"], correct=bool(block.value["correct"]))
            for block in question.choices
        ),
        partial_credit=question.partial_credit,
        numeric_answer=question.numeric_answer,
        numeric_tolerance=question.numeric_tolerance or Decimal("0"),
        unit=question.unit,
        explanation=question.explanation,
    )
