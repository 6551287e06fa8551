"""What assessments announce to the apps above them, which they do not import.

Each signal is sent once, inside the transaction that records the result, so a listener may write its own rows
in that transaction (``interop`` writes xAPI statements to its outbox): a rollback undoes both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.dispatch import Signal

from assessments.models import Attempt

# attempt (Attempt, already marked submitted with its score), passed (bool), score_raw, score_max, now
assessment_result_recorded = Signal()
# attempt (Attempt or None), staff_id, reached (list of ReachedLevel), now
skill_levels_reached = Signal()


@dataclass(frozen=True)
class ReachedLevel:
    """A level (1 to 4) recorded as evidence in one skill area, with the area's score in percent."""

    area_id: int
    level: int
    percent: float


def assessment_result_send(*, attempt: Attempt, passed: bool, score_raw: float, score_max: float, now: datetime):
    """Announce that a scored check was passed or failed; ``score_raw`` of ``score_max`` marks (minimum 0)."""
    assessment_result_recorded.send(
        sender=Attempt, attempt=attempt, passed=passed, score_raw=score_raw, score_max=score_max, now=now
    )


def skill_levels_reached_send(*, staff_id: int, reached: list[ReachedLevel], now: datetime, attempt=None) -> None:
    """Announce levels of 1 or more newly recorded as evidence for a staff member (an assessed result)."""
    if reached:
        skill_levels_reached.send(sender=Attempt, attempt=attempt, staff_id=staff_id, reached=reached, now=now)
