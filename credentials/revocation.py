"""Revoking an award, and each issuer's signed status list that tells everyone so.

``award_revoke`` is the one writer of a revocation: it records who, when and why, then re-publishes the
issuer's ``BitstringStatusListCredential`` with the award's bit set, all in one transaction. The list is
stored signed on the issuer (``Issuer.status_list``) and served as it is, so a verifier's request costs no
signing; ``status_list_get`` publishes it on first use.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from credentials import keys, links
from credentials.models import Award, Issuer
from credentials.status_list import status_list_build

ERROR_NO_REASON = "Give the reason for revoking this award: the holder and HR will see it."
ERROR_REASON_TOO_LONG = "Keep the reason under {limit} characters."
ERROR_ALREADY_REVOKED = "This award was already revoked on {day}."
REASON_MAX_LENGTH = 1000


class RevocationError(ValueError):
    """An award could not be revoked (the message says why)."""


def status_list_publish(*, issuer: Issuer, now: datetime | None = None) -> dict:
    """Sign and store the issuer's status list with the bits of every revoked award set; return it."""
    from credentials.proof import proof_add

    now = now or timezone.now()
    revoked = Award.objects.filter(issuer=issuer, revoked_at__isnull=False).values_list("status_index", flat=True)
    issuer_id = links.issuer_url(issuer)
    document = status_list_build(
        list_url=links.status_list_url(issuer), issuer_id=issuer_id, valid_from=now, revoked=list(revoked)
    )
    key = keys.issuer_key_active(issuer)
    signed = proof_add(
        document,
        secret_key=keys.secret_key_for(key),
        verification_method=f"{issuer_id}#{key.public_key_multibase}",
        created=now,
    )
    Issuer.objects.filter(pk=issuer.pk).update(status_list=signed)
    issuer.status_list = signed
    return signed


def status_list_get(issuer: Issuer) -> dict:
    """Return the issuer's signed status list, publishing it first if it never was."""
    return issuer.status_list or status_list_publish(issuer=issuer)


def award_revoke(*, award: Award, reason: str, user, now: datetime | None = None) -> Award:
    """Revoke ``award`` for ``reason`` and publish the issuer's status list with its bit set."""
    reason = (reason or "").strip()
    if not reason:
        raise RevocationError(ERROR_NO_REASON)
    if len(reason) > REASON_MAX_LENGTH:
        raise RevocationError(ERROR_REASON_TOO_LONG.format(limit=REASON_MAX_LENGTH))
    now = now or timezone.now()
    with transaction.atomic():
        locked = Award.objects.select_for_update().select_related("issuer").get(pk=award.pk)
        if locked.revoked_at is not None:
            day = f"{timezone.localtime(locked.revoked_at):%-d %B %Y}"
            raise RevocationError(ERROR_ALREADY_REVOKED.format(day=day))
        locked.revoked_at = now
        locked.revoked_reason = reason
        locked.revoked_by = user if getattr(user, "is_authenticated", False) else None
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        status_list_publish(issuer=locked.issuer, now=now)
    return locked
