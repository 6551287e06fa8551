"""Pure progress calculations: completion ratios, the next lesson, neighbours. No ORM here."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CourseProgress:
    """A learner's position in one course."""

    total: int
    completed: int
    percent: int
    next_lesson_id: int | None
    started: bool

    @property
    def is_complete(self) -> bool:
        """Return True when every lesson is complete (a course with no lessons is never complete)."""
        return self.total > 0 and self.completed >= self.total


def percent_complete(completed: int, total: int) -> int:
    """Return whole-number percent complete, rounded down so 99.9% never shows as 100%."""
    if total <= 0:
        return 0
    completed = max(0, min(completed, total))
    return (completed * 100) // total


def next_lesson_id(ordered_ids: Sequence[int], completed_ids: Collection[int]) -> int | None:
    """Return the first lesson in course order that is not complete, or None when all are."""
    for lesson_id in ordered_ids:
        if lesson_id not in completed_ids:
            return lesson_id
    return None


def neighbours(ordered_ids: Sequence[int], current_id: int) -> tuple[int | None, int | None]:
    """Return the lessons before and after ``current_id`` in course order."""
    try:
        index = list(ordered_ids).index(current_id)
    except ValueError:
        return None, None
    previous_id = ordered_ids[index - 1] if index > 0 else None
    following_id = ordered_ids[index + 1] if index + 1 < len(ordered_ids) else None
    return previous_id, following_id


def continue_after(ordered_ids: Sequence[int], current_id: int, completed_ids: Collection[int]) -> int | None:
    """Return where to go after completing ``current_id``: the next lesson, else the first one left undone."""
    _, following_id = neighbours(ordered_ids, current_id)
    if following_id is not None:
        return following_id
    return next_lesson_id(ordered_ids, set(completed_ids) | {current_id})


def course_progress(
    ordered_ids: Sequence[int], completed_ids: Collection[int], viewed_ids: Collection[int] = ()
) -> CourseProgress:
    """Return a learner's progress through lessons ``ordered_ids`` given what they completed and viewed."""
    lesson_set = set(ordered_ids)
    done = lesson_set.intersection(completed_ids)
    started = bool(done) or bool(lesson_set.intersection(viewed_ids))
    return CourseProgress(
        total=len(lesson_set),
        completed=len(done),
        percent=percent_complete(len(done), len(lesson_set)),
        next_lesson_id=next_lesson_id(ordered_ids, done),
        started=started,
    )
