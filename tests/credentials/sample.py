"""A sample OpenBadgeCredential of the shape issue 16 asks for, with made-up values, and a fixed test key.

It has the test vector's shape plus what the platform will add: an achievement with an image and criteria, a
learner identified by a salted SHA-256 of their email (an OB 3.0 IdentityObject) rather than the address,
evidence, and a Multikey-named issuer key. Every term it uses is defined by the bundled contexts, so the
strict canonicalisation accepts it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ISSUER_ID = "https://upskill.example/credentials/issuers/north-council"
SALT = "pepper-for-tests"
SIGNED_AT = datetime(2026, 3, 4, 10, 30, 0, tzinfo=UTC)


def sample_secret_key() -> Ed25519PrivateKey:
    """Return a fixed Ed25519 key (seed 0x00..0x1f), so test ids and signatures are stable between runs."""
    return Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def other_secret_key() -> Ed25519PrivateKey:
    """Return a second fixed Ed25519 key (seed 0x01..0x20), for "signed by someone else" cases."""
    return Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def email_identity_hash(email: str, salt: str = SALT) -> str:
    """Return the OB 3.0 IdentityHash of an email address: 'sha256$' and the hex digest of address + salt."""
    return "sha256$" + hashlib.sha256((email + salt).encode("utf-8")).hexdigest()


def sample_open_badge_credential() -> dict[str, Any]:
    """Return an unsigned OpenBadgeCredential for a completed course."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "https://upskill.example/credentials/0f5c2d3e-8b8a-4c1e-9a55-3f1b2c4d5e6f",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Data academy: Reading data",
        "issuer": {
            "id": ISSUER_ID,
            "type": ["Profile"],
            "name": "North Council",
            "url": "https://north-council.example",
        },
        "validFrom": "2026-03-04T10:30:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": email_identity_hash("ada.learner@north-council.example"),
                    "salt": SALT,
                }
            ],
            "achievement": {
                "id": "https://upskill.example/achievements/reading-data-course",
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": "Reading data",
                "description": "Completed every lesson and check of the Reading data course.",
                "criteria": {"narrative": "Complete all lessons and pass the knowledge checks of the course."},
                "image": {
                    "id": "https://upskill.example/media/badges/reading-data.png",
                    "type": "Image",
                    "caption": "Reading data badge",
                },
            },
        },
        "evidence": [
            {
                "id": "https://upskill.example/credentials/0f5c2d3e-8b8a-4c1e-9a55-3f1b2c4d5e6f/evidence/course",
                "type": ["Evidence"],
                "name": "Course completed",
                "narrative": "Completed the course Reading data (12 lessons) on 4 March 2026.",
            }
        ],
    }
