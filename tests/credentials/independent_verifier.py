"""A second, separate verifier of eddsa-rdfc-2022 proofs, written from the W3C vc-di-eddsa specification.

It shares nothing with ``credentials/`` except the bundled context files (data, not code): its own offline
document loader for PyLD, its own base58btc and multibase reading, its own proof configuration and hashing,
and Ed25519 from ``cryptography``. A credential the platform signs must pass here as well as in
``credentials.proof.proof_verify``; if both held the same mistake, the published test vector would catch it.

Like the specification's algorithm it does not refuse undefined terms (PyLD drops them silently), which is why
the tampering tests that add a property check ``proof_verify`` alone.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

CONTEXT_FILES = Path(__file__).resolve().parents[2] / "credentials" / "contexts"
KNOWN_CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-context-3.0.3.json",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
}
BITCOIN_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class NotVerified(Exception):
    """The credential's proof does not hold."""


def _offline_loader(url: str, options: dict | None = None) -> dict:
    if url not in KNOWN_CONTEXTS:
        raise NotVerified(f"context {url} is not available offline")
    document = json.loads((CONTEXT_FILES / KNOWN_CONTEXTS[url]).read_text(encoding="utf-8"))
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}


def _rdfc(document: dict[str, Any]) -> str:
    try:
        return jsonld.normalize(
            document, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": _offline_loader}
        )
    except jsonld.JsonLdError as error:
        raise NotVerified(f"cannot canonicalise: {error}") from error


def _base58btc_bytes(text: str) -> bytes:
    """Decode base58 digit by digit into a little-endian byte list (no big integers)."""
    output = [0]
    for character in text:
        carry = BITCOIN_ALPHABET.index(character)  # ValueError for characters outside the alphabet
        for position, byte in enumerate(output):
            carry += byte * 58
            output[position] = carry & 0xFF
            carry >>= 8
        while carry:
            output.append(carry & 0xFF)
            carry >>= 8
    leading = len(text) - len(text.lstrip("1"))
    body = bytes(reversed(output)).lstrip(b"\0")
    return b"\0" * leading + body


def _multibase(value: Any) -> bytes:
    if not isinstance(value, str) or value[:1] != "z":
        raise NotVerified("proofValue is not multibase base58btc")
    try:
        return _base58btc_bytes(value[1:])
    except ValueError as error:
        raise NotVerified("proofValue holds a character outside base58btc") from error


def ed25519_from_multikey(public_key_multibase: str) -> Ed25519PublicKey:
    """Return the key in a Multikey publicKeyMultibase (0xed 0x01 then 32 bytes)."""
    raw = _multibase(public_key_multibase)
    if raw[:2] != bytes([0xED, 0x01]) or len(raw) != 34:
        raise NotVerified("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verify(secured: dict[str, Any], keys: dict[str, Ed25519PublicKey]) -> None:
    """Raise NotVerified unless ``secured`` carries a valid eddsa-rdfc-2022 proof by one of ``keys``."""
    proof = secured.get("proof")
    if isinstance(proof, list) and len(proof) == 1:  # a proof set of one
        proof = proof[0]
    if not isinstance(proof, dict):
        raise NotVerified("no single proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-rdfc-2022":
        raise NotVerified("not an eddsa-rdfc-2022 Data Integrity proof")
    if proof.get("proofPurpose") != "assertionMethod":
        raise NotVerified("not an assertion")
    signature = _multibase(proof.get("proofValue"))
    unsecured = {name: value for name, value in secured.items() if name != "proof"}
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    config = dict(options, **{"@context": unsecured.get("@context")})
    data = hashlib.sha256(_rdfc(config).encode()).digest() + hashlib.sha256(_rdfc(unsecured).encode()).digest()
    key = keys.get(proof.get("verificationMethod"))
    if key is None:
        raise NotVerified("unknown verification method")
    try:
        key.verify(signature, data)
    except InvalidSignature as error:
        raise NotVerified("signature does not match") from error


def verifies(secured: dict[str, Any], keys: dict[str, Ed25519PublicKey]) -> bool:
    """Return True when ``verify`` accepts ``secured``."""
    try:
        verify(secured, keys)
    except NotVerified:
        return False
    return True
