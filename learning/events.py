"""What learning announces to the apps above it, which it does not import.

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
