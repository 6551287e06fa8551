"""Build the unsigned OpenBadgeCredential and issuer Profile from plain values (pure: no ORM, no clock).

The credential follows the VC Data Model 2.0 with the Open Badges 3.0.3 context: the organisation as issuer
(a ``Profile`` whose id is its URL on this platform), the achievement, the learner as ``AchievementSubject``
identified only by a salted SHA-256 of their email address (an ``IdentityObject``: whoever already holds the
address can check it, nobody else can read it), evidence, ``validFrom`` (and ``validUntil`` for a skill level
that expires), and a ``BitstringStatusListEntry`` pointing into the issuer's revocation list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1_CONTEXT = "https://w3id.org/security/multikey/v1"
STATUS_PURPOSE = "revocation"

# Achievement kinds (credentials.models.Achievement.Kind) -> OB 3.0 achievementType
ACHIEVEMENT_TYPES = {"course": "Course", "skill_level": "Competency", "programme": "LearningProgram"}

ERROR_NO_EMAIL = "A credential names its holder by a hash of their email address, and this person has none."
ERROR_NAIVE_TIME = "Credential times must be timezone-aware."


class CredentialDocumentError(ValueError):
    """A credential could not be built from these values (the message says why)."""


@dataclass(frozen=True)
class EvidenceFact:
    name: str
    narrative: str


@dataclass(frozen=True)
class CredentialFacts:
    """Everything a credential says, as plain values."""

    credential_id: str
    issuer_id: str
    issuer_name: str
    issuer_homepage: str
    achievement_id: str
    achievement_kind: str
    achievement_name: str
    achievement_description: str
    criteria: str
    email: str
    salt: str
    valid_from: datetime
    status_list_url: str
    status_index: int
    valid_until: datetime | None = None
    image_url: str | None = None
    evidence: tuple[EvidenceFact, ...] = field(default_factory=tuple)


def xsd_datetime(moment: datetime) -> str:
    """Return a moment as an XML Schema dateTime in UTC, to the second, ending in Z."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CredentialDocumentError(ERROR_NAIVE_TIME)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def identity_hash(email: str, salt: str) -> str:
    """Return the OB 3.0 IdentityHash of an email address: 'sha256$' and the hex SHA-256 of address + salt.

    The address is trimmed and lower-cased first, so the holder can reproduce it however they typed it.
    """
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


def credential_build(facts: CredentialFacts) -> dict[str, Any]:
    """Return the unsigned OpenBadgeCredential for ``facts``."""
    if not facts.email.strip():
        raise CredentialDocumentError(ERROR_NO_EMAIL)
    achievement: dict[str, Any] = {
        "id": facts.achievement_id,
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[facts.achievement_kind],
        "name": facts.achievement_name,
        "description": facts.achievement_description,
        "criteria": {"narrative": facts.criteria},
    }
    if facts.image_url:
        achievement["image"] = {"id": facts.image_url, "type": "Image", "caption": facts.achievement_name}
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
        "id": facts.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.achievement_name,
        "issuer": {
            "id": facts.issuer_id,
            "type": ["Profile"],
            "name": facts.issuer_name,
            "url": facts.issuer_homepage,
        },
        "validFrom": xsd_datetime(facts.valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": identity_hash(facts.email, facts.salt),
                    "salt": facts.salt,
                }
            ],
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": f"{facts.status_list_url}#{facts.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(facts.status_index),
            "statusListCredential": facts.status_list_url,
        },
    }
    if facts.valid_until is not None:
        credential["validUntil"] = xsd_datetime(facts.valid_until)
    if facts.evidence:
        credential["evidence"] = [
            {"id": f"{facts.credential_id}#evidence-{number}", "type": ["Evidence"], "name": item.name,
             "narrative": item.narrative}
            for number, item in enumerate(facts.evidence, start=1)
        ]  # fmt: skip
    return credential


def issuer_profile_build(*, issuer_id: str, name: str, homepage: str, keys: list[dict[str, str]]) -> dict[str, Any]:
    """Return the issuer's public Profile, listing every key it has signed with as a Multikey method."""
    return {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT, MULTIKEY_V1_CONTEXT],
        "id": issuer_id,
        "type": ["Profile"],
        "name": name,
        "url": homepage,
        "verificationMethod": keys,
        "assertionMethod": [key["id"] for key in keys],
    }
