"""What learning announces to the apps above it, which it does not import.

``scorm_lesson_passed`` is sent when a SCORM lesson's attempt first says passed (see below).

``staff_records_changed`` is sent, inside the writer's transaction, whenever staff records or teams change (an
import, an admin edit, a team moved or deleted, a record anonymised). Readiness listens and re-applies cohort
rules. A listener may return a sentence for the person who made the change (for example which cohorts someone
joined); ``staff_records_changed_send`` collects those.
"""

from __future__ import annotations

from datetime import date

from django.dispatch import Signal

from learning.models import Organisation

staff_records_changed = Signal()

# Sent, inside the writer's transaction, the first time a learner's attempt at a SCORM lesson says "passed".
# Assessments listens and records the skill levels an editor said a pass gives (``assessments.scorm_results``).
scorm_lesson_passed = Signal()


def staff_records_changed_send(
    *, organisation: Organisation, today: date | None = None, staff_ids: set[int] | None = None
) -> str:
    """Tell every listener that an organisation's staff records changed; return their sentences joined.

    ``staff_ids`` narrows the change to those people (a single record edit); ``None`` means the whole organisation.
    Errors are not swallowed: a listener that fails rolls back the change that caused it.
    """
    responses = staff_records_changed.send(
        sender=Organisation, organisation=organisation, today=today, staff_ids=staff_ids
    )
    return "".join(sentence for _, sentence in responses if sentence)


def scorm_lesson_passed_send(*, attempt, now) -> None:
    """Tell every listener that a learner passed a SCORM lesson (``attempt`` is the ``ScormAttempt``)."""
    scorm_lesson_passed.send(sender=type(attempt), attempt=attempt, now=now)
