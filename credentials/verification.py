"""Check a credential as a verifier would: its proof, its status list, and its dates.

The proof is checked with ``credentials.proof.proof_verify`` against the key the proof names
(``keys.public_key_lookup``: active or retired keys of our issuers). The status is read from the issuer's
signed status list, whose own proof is checked too. Verification never raises for a bad credential.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.cache import cache

from credentials import keys, links
from credentials.models import Issuer
from credentials.status_list import StatusListError, bit_is_set, bitstring_decode

VALID, REVOKED, EXPIRED, NOT_YET_VALID, INVALID = "valid", "revoked", "expired", "not yet valid", "invalid"
PROBLEM_NO_STATUS = "The credential does not point into a status list this platform publishes."
PROBLEM_STATUS_LIST = "The issuer's status list cannot be trusted: {reason}"
PROBLEM_DATES = "The credential's validity dates cannot be read."
PROOF_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class CredentialCheck:
    """What a verifier concludes: ``state`` is one of VALID, REVOKED, EXPIRED, NOT_YET_VALID, INVALID."""

    state: str
    problem: str = ""

    @property
    def is_valid(self) -> bool:
        return self.state == VALID


def _proof_problem(document: dict[str, Any]) -> str:
    """Return why the proof fails ('' when it holds). Results are cached by the document's exact bytes."""
    from credentials.proof import proof_verify

    digest = hashlib.sha256(json.dumps(document, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    cache_key = f"credentials:proof:{digest}"
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    problem = proof_verify(document, public_key_for=keys.public_key_lookup).problem
    cache.set(cache_key, problem, PROOF_CACHE_SECONDS)
    return problem


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("naive")
    return moment


def _status_issuer(status: Any) -> tuple[Issuer, int] | None:
    if not isinstance(status, dict):
        return None
    url = status.get("statusListCredential")
    try:
        index = int(status.get("statusListIndex"))
    except (TypeError, ValueError):
        return None
    public_id = str(url).rstrip("/").split("/")[-2] if isinstance(url, str) and url.count("/") >= 2 else ""
    issuer = Issuer.objects.filter(public_id=public_id).first() if _is_uuid(public_id) else None
    if issuer is None or url != links.status_list_url(issuer) or status.get("statusPurpose") != "revocation":
        return None
    return issuer, index


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def credential_check(document: Any, *, now: datetime | None = None) -> CredentialCheck:
    """Return whether ``document`` is a valid credential of this platform now, and if not, why not."""
    from credentials.revocation import status_list_get

    now = now or datetime.now(UTC)
    if not isinstance(document, dict):
        return CredentialCheck(INVALID, "The credential is not a JSON object.")
    problem = _proof_problem(document)
    if problem:
        return CredentialCheck(INVALID, problem)
    found = _status_issuer(document.get("credentialStatus"))
    if found is None:
        return CredentialCheck(INVALID, PROBLEM_NO_STATUS)
    issuer, index = found
    status_list = status_list_get(issuer)
    list_problem = _proof_problem(status_list)
    if list_problem:
        return CredentialCheck(INVALID, PROBLEM_STATUS_LIST.format(reason=list_problem))
    try:
        revoked = bit_is_set(bitstring_decode(status_list["credentialSubject"]["encodedList"]), index)
    except (StatusListError, KeyError, TypeError) as error:
        return CredentialCheck(INVALID, PROBLEM_STATUS_LIST.format(reason=error))
    if revoked:
        return CredentialCheck(REVOKED)
    try:
        valid_from = _moment(document.get("validFrom"))
        valid_until = _moment(document["validUntil"]) if "validUntil" in document else None
    except (TypeError, ValueError):
        return CredentialCheck(INVALID, PROBLEM_DATES)
    if now < valid_from:
        return CredentialCheck(NOT_YET_VALID)
    if valid_until is not None and now >= valid_until:
        return CredentialCheck(EXPIRED)
    return CredentialCheck(VALID)
