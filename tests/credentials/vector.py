"""Read 1EdTech's eddsa-rdfc-2022 test vector for Open Badges 3.0 out of its published page.

``linked-data-proof-ob.html`` (1EdTech/openbadges-specification, see tests/fixtures/openbadges/SOURCE.md) shows
the key pair, the credential, the proof options, the canonical forms (as separate files), both hashes, the data
signed, the signature, the proofValue and the signed credential. This module pulls each one out of the page so
the tests compare against the published text itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "openbadges"
PAGE = FIXTURES / "linked-data-proof-ob.html"
DOCUMENT_CANON = FIXTURES / "obv3p0-document-canon.txt"
PROOF_CANON = FIXTURES / "obv3p0-proof-canon.txt"
SCHEMA = FIXTURES / "ob_v3p0_achievementcredential_schema.json"


@dataclass(frozen=True)
class PublishedVector:
    public_key_hex: str
    private_key_hex: str  # 64 bytes: the seed, then the public key
    key_id: str
    key_controller: str
    public_key_multibase: str
    secret_key_multibase: str
    credential: dict[str, Any]
    proof_options: dict[str, Any]
    document_hash_hex: str
    proof_hash_hex: str
    data_to_sign_hex: str
    signature_hex: str
    proof_value: str
    signed_credential: dict[str, Any]


def _one(pattern: str, text: str) -> str:
    found = re.findall(pattern, text, flags=re.DOTALL)
    assert len(found) == 1, f"expected exactly one match for {pattern!r} in the test vector page, got {len(found)}"
    return found[0]


def _code_after(heading_id: str, page: str) -> str:
    """Return the text of the first <code> in the section whose heading has ``heading_id``."""
    section = _one(rf'id="{heading_id}".*?</section>', page)
    return _one(r"<code\s*>\s*(\w+)\s*</code", section)


def _pre(title: str, page: str) -> str:
    return _one(rf'<pre[^>]*title="{title}"\s*>(.*?)</pre', page)


def _javascript_object_to_json(text: str) -> str:
    """Return JSON for the page's simple console-printed objects (bare keys, single-quoted strings)."""
    text = re.sub(r"'([^']*)'", lambda match: json.dumps(match.group(1)), text)
    return re.sub(r"(?m)^(\s*)([A-Za-z@][\w@]*)\s*:", r'\1"\2":', text)


@cache
def published_vector() -> PublishedVector:
    page = PAGE.read_text(encoding="utf-8")
    multikey = _pre("Multikey", page)
    return PublishedVector(
        public_key_hex=_one(r"Public key \(hex\):\s*<code\s*>\s*([0-9a-f]+)\s*</code", page),
        private_key_hex=_one(r"Private key \(hex\):\s*<code\s*>\s*([0-9a-f]+)\s*</code", page),
        key_id=_one(r"\bid: '([^']+)'", multikey),
        key_controller=_one(r"\bcontroller: '([^']+)'", multikey),
        public_key_multibase=_one(r"publicKeyMultibase: '([^']+)'", multikey),
        secret_key_multibase=_one(r"secretKeyMultibase: '([^']+)'", multikey),
        credential=json.loads(_pre("Credential", page)),
        proof_options=json.loads(_javascript_object_to_json(_pre("Proof before signing", page))),
        document_hash_hex=_code_after("ob-document-hash", page),
        proof_hash_hex=_code_after("ob-proof-hash", page),
        data_to_sign_hex=_code_after("ob-data", page),
        signature_hex=_code_after("ob-signature", page),
        proof_value=_code_after("ob-proof-value", page),
        signed_credential=json.loads(_pre("Signed credential", page)),
    )
