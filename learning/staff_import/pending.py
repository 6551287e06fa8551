"""Keep a checked staff file between its dry run and its confirmation: once, in the database.

Rules: a pending upload lives for an hour (``PENDING_SECONDS``); only the user who uploaded it may
confirm it; confirming takes it out of storage in one DELETE, so of two confirmations sent together
(a double click, two workers) only one imports; an import that is refused puts it back, so the user can
still choose to import only the valid rows. Expired uploads are forgotten whenever a file is uploaded.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.utils import timezone

from learning.models import Organisation, PendingImport
from learning.staff_import.plan import BLANK_KEEPS

PENDING_SECONDS = 60 * 60
TOKEN_MAX_LENGTH = 64


def pending_store(
    *,
    user,
    organisation: Organisation,
    filename: str,
    data: bytes,
    missing_are_leavers: bool,
    blanks: str = BLANK_KEEPS,
    sheet: str | None = None,
) -> str:
    """Keep an upload, with the choices it was checked with, for ``user`` to confirm and return its token;
    forget expired uploads first."""
    now = timezone.now()
    pending_purge(now=now)
    token = secrets.token_urlsafe(32)
    PendingImport.objects.create(
        token=token,
        organisation=organisation,
        user=user,
        filename=filename[:255],
        data=data,
        missing_are_leavers=missing_are_leavers,
        blanks=blanks,
        sheet=(sheet or "")[:255],
        created_at=now,
    )
    return token


def pending_purge(*, now: datetime) -> int:
    """Delete pending uploads older than ``PENDING_SECONDS`` and return how many went."""
    deleted, _ = PendingImport.objects.filter(created_at__lt=now - timedelta(seconds=PENDING_SECONDS)).delete()
    return deleted


def pending_claim(*, token: str, user) -> PendingImport | None:
    """Take ``user``'s pending upload out of storage and return it, with its bytes.

    None when the token is unknown, someone else's, expired, or already claimed by another request.
    """
    if not token or len(token) > TOKEN_MAX_LENGTH or not user.is_authenticated:
        return None
    cutoff = timezone.now() - timedelta(seconds=PENDING_SECONDS)
    pending = PendingImport.objects.filter(token=token, user=user, created_at__gte=cutoff).first()
    if pending is None:
        return None
    deleted, _ = PendingImport.objects.filter(pk=pending.pk).delete()
    if not deleted:
        return None  # another request claimed it between the read and the delete
    pending.data = bytes(pending.data)  # PostgreSQL returns a memoryview
    return pending


def pending_return(pending: PendingImport) -> None:
    """Put a claimed upload back, unchanged (same token, same expiry), after a refused import."""
    pending.save(force_insert=True)
