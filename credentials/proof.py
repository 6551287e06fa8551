"""Sign and verify credentials with ``eddsa-rdfc-2022`` Data Integrity proofs (W3C vc-di-eddsa).

Signing, step by step as the cryptosuite specification sets it out:

1. the proof configuration is the proof options (type ``DataIntegrityProof``, cryptosuite ``eddsa-rdfc-2022``,
   created, verificationMethod, proofPurpose) with the document's ``@context``;
2. both the document (without ``proof``) and the proof configuration are canonicalised with RDFC-1.0 to N-Quads
   (``credentials.jsonld.canonical_nquads``, offline and strict);
3. each canonical form is hashed with SHA-256 and the two hashes are joined, the proof configuration's first;
4. those 64 bytes are signed with Ed25519 and the signature, in multibase base58btc, is the ``proofValue``.

Verifying repeats 1 to 3 from the secured document and checks the signature with the public key that
``public_key_for`` returns for the proof's ``verificationMethod`` (so a credential signed with an older key of
an organisation still verifies against that key). Verification never raises for a bad credential: it returns
a ``ProofVerification`` whose ``problem`` says what failed. ``proof`` may be one object or a list of one.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credentials.jsonld import CredentialJsonLdError, canonical_nquads, is_absolute_iri
from credentials.multikey import MultikeyError, multibase_decode, multibase_encode

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
ASSERTION_METHOD = "assertionMethod"
SIGNATURE_LENGTH = 64

# An XML Schema 1.1 dateTime: year (4+ digits), month, day, "T", time with optional fraction, optional zone.
_XSD_DATETIME = re.compile(
    r"-?(?:[1-9]\d{3,}|0\d{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:0\d|1[0-3]):[0-5]\d|[+-]14:00)?"
)

ERROR_NOT_A_DOCUMENT = "A credential must be a JSON object, not {kind}."
ERROR_NO_CONTEXT = "A credential must have an @context naming the contexts its terms come from."
ERROR_ALREADY_SIGNED = "This credential already has a proof; sign the unsigned credential instead."
ERROR_NOT_SECRET_KEY = "The secret key must be an Ed25519 private key, not {kind}."
ERROR_VERIFICATION_METHOD = "The verification method must be an absolute URL naming the public key, not {value!r}."
ERROR_CREATED_NAIVE = "The proof's created time must be timezone-aware (UTC is written with a Z)."
ERROR_PROOF_TYPE = "The proof's type must be 'DataIntegrityProof' and its cryptosuite 'eddsa-rdfc-2022'."
ERROR_CREATED_FORMAT = "The proof's created value {value!r} is not an XML Schema dateTime."

PROBLEM_NO_PROOF = "The credential has no proof."
PROBLEM_PROOF_SET = "The credential's proof list holds {count} proofs; a credential here carries exactly one."
PROBLEM_PROOF_NOT_OBJECT = "The credential's proof is not a JSON object."
PROBLEM_PROOF_PURPOSE = "The proof's purpose is {found!r}, not {expected!r}."
PROBLEM_PROOF_VALUE = "The proof value cannot be read: {reason}"
PROBLEM_SIGNATURE_LENGTH = "The proof value is {length} bytes long; an Ed25519 signature is 64."
PROBLEM_UNKNOWN_KEY = "The verification method {method!r} names no key we know."
PROBLEM_BAD_SIGNATURE = (
    "The signature does not match the credential: it was changed after signing, or signed by another key."
)

PublicKeyLookup = Callable[[str], Ed25519PublicKey | None]


class ProofError(ValueError):
    """A credential or proof could not be processed (the message says why)."""


@dataclass(frozen=True)
class ProofVerification:
    """The outcome of checking a credential's proof: ``problem`` is empty exactly when ``verified``."""

    verified: bool
    problem: str = ""
    verification_method: str | None = None


def format_created(moment: datetime) -> str:
    """Return ``moment`` as the proof's ``created`` value: UTC, to the second, ending in Z."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ProofError(ERROR_CREATED_NAIVE)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def proof_options(*, verification_method: str, created: datetime) -> dict[str, Any]:
    """Return the proof options this platform signs with (an assertion by the issuer's key)."""
    if not is_absolute_iri(verification_method) or any(character.isspace() for character in verification_method):
        raise ProofError(ERROR_VERIFICATION_METHOD.format(value=verification_method))
    return {
        "type": PROOF_TYPE,
        "created": format_created(created),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": ASSERTION_METHOD,
    }


def _check_document(document: Any) -> None:
    if not isinstance(document, dict):
        raise ProofError(ERROR_NOT_A_DOCUMENT.format(kind=type(document).__name__))
    if not document.get("@context"):
        raise ProofError(ERROR_NO_CONTEXT)


def proof_configuration(document: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """Return the proof configuration: the proof options (without proofValue) under the document's @context."""
    _check_document(document)
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(ERROR_PROOF_TYPE)
    created = options.get("created")
    if created is not None and not (isinstance(created, str) and _XSD_DATETIME.fullmatch(created)):
        raise ProofError(ERROR_CREATED_FORMAT.format(value=created))
    config = {key: copy.deepcopy(value) for key, value in options.items() if key not in ("proofValue", "@context")}
    return {"@context": copy.deepcopy(document["@context"]), **config}


def hash_data(canonical_proof_config: str, canonical_document: str) -> bytes:
    """Return SHA-256 of the canonical proof configuration followed by SHA-256 of the canonical document."""
    return (
        hashlib.sha256(canonical_proof_config.encode("utf-8")).digest()
        + hashlib.sha256(canonical_document.encode("utf-8")).digest()
    )


def _unsecured(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "proof"}


def _signing_input(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    unsecured = _unsecured(document)
    config = proof_configuration(unsecured, options)
    return hash_data(canonical_nquads(config), canonical_nquads(unsecured))


def proof_add(
    document: dict[str, Any],
    *,
    secret_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    proof_as_list: bool = True,
) -> dict[str, Any]:
    """Return a copy of ``document`` with an ``eddsa-rdfc-2022`` proof by ``secret_key`` (the input is unchanged).

    ``verification_method`` is the URL of the public key, as verifiers will look it up: the issuer profile's
    id, "#", and the key's publicKeyMultibase (``multikey.verification_method_id``). The proof is written as
    a list of one (a proof set), which the OB 3.0 JSON Schema requires; ``proof_as_list=False`` writes the
    single object that the VC examples and 1EdTech's test vector show. The signature is the same either way:
    the proof is never signed itself.
    Raises ProofError or CredentialJsonLdError on bad input.
    """
    _check_document(document)
    if "proof" in document:
        raise ProofError(ERROR_ALREADY_SIGNED)
    if not isinstance(secret_key, Ed25519PrivateKey):
        raise ProofError(ERROR_NOT_SECRET_KEY.format(kind=type(secret_key).__name__))
    options = proof_options(verification_method=verification_method, created=created)
    signature = secret_key.sign(_signing_input(document, options))
    proof = {**options, "proofValue": multibase_encode(signature)}
    return {**copy.deepcopy(document), "proof": [proof] if proof_as_list else proof}


def proof_verify(
    document: Any,
    *,
    public_key_for: PublicKeyLookup,
    expected_proof_purpose: str = ASSERTION_METHOD,
) -> ProofVerification:
    """Return whether ``document`` carries a valid ``eddsa-rdfc-2022`` proof, and if not, why not.

    ``public_key_for`` takes the proof's verificationMethod and returns that Ed25519 public key, or None when
    it names no key we trust.
    """
    if not isinstance(document, dict):
        return ProofVerification(False, ERROR_NOT_A_DOCUMENT.format(kind=type(document).__name__))
    proof = document.get("proof")
    if proof is None:
        return ProofVerification(False, PROBLEM_NO_PROOF)
    if isinstance(proof, list):
        if len(proof) != 1:
            return ProofVerification(False, PROBLEM_PROOF_SET.format(count=len(proof)))
        proof = proof[0]
    if not isinstance(proof, dict):
        return ProofVerification(False, PROBLEM_PROOF_NOT_OBJECT)
    method = proof.get("verificationMethod")
    method = method if isinstance(method, str) else None
    if proof.get("proofPurpose") != expected_proof_purpose:
        problem = PROBLEM_PROOF_PURPOSE.format(found=proof.get("proofPurpose"), expected=expected_proof_purpose)
        return ProofVerification(False, problem, method)
    try:
        signature = multibase_decode(proof.get("proofValue"))
    except MultikeyError as error:
        return ProofVerification(False, PROBLEM_PROOF_VALUE.format(reason=error), method)
    if len(signature) != SIGNATURE_LENGTH:
        return ProofVerification(False, PROBLEM_SIGNATURE_LENGTH.format(length=len(signature)), method)
    public_key = public_key_for(method) if method else None
    if public_key is None:
        return ProofVerification(False, PROBLEM_UNKNOWN_KEY.format(method=method), method)
    try:
        signed_bytes = _signing_input(document, proof)
    except (ProofError, CredentialJsonLdError) as error:
        return ProofVerification(False, str(error), method)
    try:
        public_key.verify(signature, signed_bytes)
    except InvalidSignature:
        return ProofVerification(False, PROBLEM_BAD_SIGNATURE, method)
    return ProofVerification(True, "", method)
