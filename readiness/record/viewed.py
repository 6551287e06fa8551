"""The "Viewed" entries of the audit log: who looked at a person's record or at a staff-level report, whom or
which report, and when. Each view costs two INSERTs (the entry, then its links to the people shown, in bulk),
written through ``learning.audit.audit_record``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from learning.audit import audit_record
from learning.models import AuditLogEntry, Organisation, StaffMember

RECORD_SUBJECT = "Learning record of staff record {pk}"  # ids only: the log keeps no names (see privacy_copies)
STAFF_LIST_SUBJECT = "Staff list: {scope}, as of {as_of}"


def record_view_audit(*, actor, staff: StaffMember) -> AuditLogEntry | None:
    """Write the entry for someone opening a person's record; a person opening their own writes nothing."""
    if staff.user_id is not None and staff.user_id == getattr(actor, "pk", None):
        return None
    return audit_record(
        actor=actor,
        action=AuditLogEntry.Action.VIEW,
        subject=RECORD_SUBJECT.format(pk=staff.pk),
        organisation=staff.organisation,
        row_count=1,
        staff_ids=[staff.pk],
    )


def staff_list_view_audit(
    *,
    actor,
    scope: str,
    as_of,
    organisation: Organisation,
    staff_ids: Iterable[int],
    filters: Mapping[str, object],
    searched: bool,
    page,
) -> AuditLogEntry:
    """Write the entry for someone viewing a page of a staff-level report, naming the people it showed.

    The detail keeps the page and the filters chosen, and whether a name was searched for, never the name itself:
    the log keeps ids, not names (``learning.privacy_copies`` need not look here).
    """
    ids = list(staff_ids)
    chosen = ", ".join(f"{key}={value}" for key, value in filters.items() if value not in (None, "", False))
    detail = f"Page {page.number} of {page.paginator.num_pages}. Filters: {chosen or 'none'}." + (
        " Searched by name." if searched else ""
    )
    return audit_record(
        actor=actor,
        action=AuditLogEntry.Action.VIEW,
        subject=STAFF_LIST_SUBJECT.format(scope=scope, as_of=as_of.isoformat()),
        organisation=organisation,
        row_count=len(ids),
        detail=detail,
        staff_ids=ids,
    )
