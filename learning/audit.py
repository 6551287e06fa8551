"""The audit log: record who viewed, exported, imported, anonymised or downloaded staff-level data."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from learning.models import AuditLogEntry, Organisation

ERROR_UNKNOWN_ACTION = "Unknown audit action {action!r}: use one of {choices}."
ERROR_NO_SUBJECT = "An audit entry needs a subject saying what was touched."

SUBJECT_MAX_LENGTH = AuditLogEntry._meta.get_field("subject").max_length


def audit_record(
    *,
    actor,
    action: str,
    subject: str,
    organisation: Organisation | None = None,
    row_count: int | None = None,
    detail: str = "",
) -> AuditLogEntry:
    """Write one audit log entry and return it.

    ``actor`` is the user who acted (None, or an anonymous user, for the system, such as a scheduled
    command). A subject longer than the column is shortened rather than lost: the entry matters more
    than its last characters.
    """
    if action not in AuditLogEntry.Action.values:
        raise ValueError(ERROR_UNKNOWN_ACTION.format(action=action, choices=", ".join(AuditLogEntry.Action.values)))
    subject = (subject or "").strip()
    if not subject:
        raise ValueError(ERROR_NO_SUBJECT)
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[: SUBJECT_MAX_LENGTH - 1] + "…"
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditLogEntry(
        actor=actor,
        action=action,
        subject=subject,
        organisation=organisation,
        row_count=row_count,
        detail=detail or "",
    )
    entry.full_clean(exclude=["actor", "organisation"])  # both are saved instances already
    entry.save()
    return entry


def audit_entry_list(*, organisation_ids: Iterable[int] | None = None) -> QuerySet[AuditLogEntry]:
    """Return audit entries, newest first: all of them, or only those of the given organisations."""
    entries = AuditLogEntry.objects.select_related("actor", "organisation").order_by("-created_at", "-id")
    if organisation_ids is not None:
        entries = entries.filter(organisation_id__in=list(organisation_ids))
    return entries
