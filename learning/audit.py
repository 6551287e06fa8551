"""The audit log: record who viewed, exported, imported, anonymised or downloaded staff-level data.

An entry may name the staff records whose data it touched (``staff_ids``): a person's record page names that
person, a staff list the people on the page shown, a staff export everyone in it. ``audit_entries_about``
reads them back for the person's own download. The links are written in one bulk INSERT (per
``LINK_BATCH_SIZE`` rows), so an audited page costs two INSERTs however many people it shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from learning.models import AuditLogEntry, Organisation

ERROR_UNKNOWN_ACTION = "Unknown audit action {action!r}: use one of {choices}."
ERROR_NO_SUBJECT = "An audit entry needs a subject saying what was touched."

SUBJECT_MAX_LENGTH = AuditLogEntry._meta.get_field("subject").max_length
LINK_BATCH_SIZE = 5000


def audit_record(
    *,
    actor,
    action: str,
    subject: str,
    organisation: Organisation | None = None,
    row_count: int | None = None,
    detail: str = "",
    staff_ids: Iterable[int] = (),
) -> AuditLogEntry:
    """Write one audit log entry and return it.

    ``actor`` is the user who acted (None, or an anonymous user, for the system, such as a scheduled
    command). A subject longer than the column is shortened rather than lost: the entry matters more
    than its last characters. ``staff_ids`` names the staff records whose data was touched.
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
    ids = sorted({int(pk) for pk in staff_ids})
    if ids:
        link = AuditLogEntry.staff.through
        link.objects.bulk_create(
            [link(auditlogentry_id=entry.pk, staffmember_id=pk) for pk in ids], batch_size=LINK_BATCH_SIZE
        )
    return entry


def audit_entries_about(staff_id: int) -> QuerySet[AuditLogEntry]:
    """Return the entries that name a staff record (who viewed, exported or downloaded its data), oldest
    first."""
    return (
        AuditLogEntry.objects.filter(staff__id=staff_id).select_related("actor").order_by("created_at", "id").distinct()
    )


def audit_entry_list(*, organisation_ids: Iterable[int] | None = None) -> QuerySet[AuditLogEntry]:
    """Return audit entries, newest first: all of them, or only those of the given organisations."""
    entries = AuditLogEntry.objects.select_related("actor", "organisation").order_by("-created_at", "-id")
    if organisation_ids is not None:
        entries = entries.filter(organisation_id__in=list(organisation_ids))
    return entries
