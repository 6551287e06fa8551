"""proof_add and proof_verify: what they accept, what they refuse, and how a refusal reads."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from credentials.jsonld import CredentialJsonLdError
from credentials.multikey import multibase_encode, multikey_public_encode
from credentials.proof import (
    ERROR_ALREADY_SIGNED,
    ERROR_CREATED_FORMAT,
    ERROR_CREATED_NAIVE,
    ERROR_NO_CONTEXT,
    ERROR_NOT_A_DOCUMENT,
    ERROR_NOT_SECRET_KEY,
    ERROR_PROOF_TYPE,
    ERROR_VERIFICATION_METHOD,
    PROBLEM_BAD_SIGNATURE,
    PROBLEM_NO_PROOF,
    PROBLEM_PROOF_NOT_OBJECT,
    PROBLEM_PROOF_PURPOSE,
    PROBLEM_PROOF_SET,
    PROBLEM_PROOF_VALUE,
    PROBLEM_SIGNATURE_LENGTH,
    PROBLEM_UNKNOWN_KEY,
    ProofError,
    format_created,
    proof_add,
    proof_verify,
)
from tests.credentials import independent_verifier
from tests.credentials.sample import ISSUER_ID, SIGNED_AT, sample_open_badge_credential, sample_secret_key


def _method(key: Ed25519PrivateKey) -> str:
    return f"{ISSUER_ID}#{multikey_public_encode(key.public_key())}"


@pytest.fixture
def key():
    return sample_secret_key()


@pytest.fixture
def signed(key):
    return proof_add(
        sample_open_badge_credential(), secret_key=key, verification_method=_method(key), created=SIGNED_AT
    )


@pytest.fixture
def keys(key):
    return {_method(key): key.public_key()}


@pytest.mark.parametrize("seconds", [0, 1, 86_400 * 400])
def test_credentials_signed_with_new_keys_verify_here_and_independently(seconds):
    key = Ed25519PrivateKey.generate()
    created = SIGNED_AT + timedelta(seconds=seconds)

    signed = proof_add(
        sample_open_badge_credential(), secret_key=key, verification_method=_method(key), created=created
    )

    assert signed["proof"][0]["created"] == format_created(created)
    assert proof_verify(signed, public_key_for={_method(key): key.public_key()}.get).verified
    independent_verifier.verify(
        signed, {_method(key): independent_verifier.ed25519_from_multikey(_method(key).split("#")[1])}
    )


def test_a_credential_signed_with_a_retired_key_still_verifies_against_the_key_it_names():
    old_key, new_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    before = proof_add(
        sample_open_badge_credential(), secret_key=old_key, verification_method=_method(old_key), created=SIGNED_AT
    )
    after = proof_add(
        sample_open_badge_credential(), secret_key=new_key, verification_method=_method(new_key), created=SIGNED_AT
    )
    organisation_keys = {_method(old_key): old_key.public_key(), _method(new_key): new_key.public_key()}

    assert proof_verify(before, public_key_for=organisation_keys.get).verified
    assert proof_verify(after, public_key_for=organisation_keys.get).verified
    forgotten = proof_verify(before, public_key_for={_method(new_key): new_key.public_key()}.get)
    assert not forgotten.verified
    assert forgotten.problem == PROBLEM_UNKNOWN_KEY.format(method=_method(old_key))


def test_a_key_named_by_one_method_cannot_be_claimed_by_another(key, signed):
    """The method is signed: pointing the proof at another id of the same key breaks the signature."""
    tampered = copy.deepcopy(signed)
    tampered["proof"][0]["verificationMethod"] = "https://elsewhere.example/issuer#key-1"

    result = proof_verify(tampered, public_key_for=lambda method: key.public_key())

    assert result.problem == PROBLEM_BAD_SIGNATURE
    assert result.verification_method == "https://elsewhere.example/issuer#key-1"


def test_created_is_written_in_utc_to_the_second():
    london_summer = timezone(timedelta(hours=1))

    assert format_created(datetime(2026, 7, 1, 9, 15, 30, 999_999, tzinfo=london_summer)) == "2026-07-01T08:15:30Z"
    assert format_created(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00Z"


def test_signing_the_same_credential_twice_gives_the_same_proof(key):
    first = proof_add(
        sample_open_badge_credential(), secret_key=key, verification_method=_method(key), created=SIGNED_AT
    )
    second = proof_add(
        sample_open_badge_credential(), secret_key=key, verification_method=_method(key), created=SIGNED_AT
    )

    assert first == second  # Ed25519 is deterministic; the platform's stored JSON can be re-derived and compared


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda document, key: ("not a credential", {}), ERROR_NOT_A_DOCUMENT.format(kind="str")),
        (lambda document, key: ({k: v for k, v in document.items() if k != "@context"}, {}), ERROR_NO_CONTEXT),
        (lambda document, key: ({**document, "proof": {"type": "DataIntegrityProof"}}, {}), ERROR_ALREADY_SIGNED),
        (lambda document, key: (document, {"secret_key": b"\0" * 32}), ERROR_NOT_SECRET_KEY.format(kind="bytes")),
        (
            lambda document, key: (document, {"secret_key": X25519PrivateKey.generate()}),
            ERROR_NOT_SECRET_KEY.format(kind="X25519PrivateKey"),
        ),
        (
            lambda document, key: (document, {"verification_method": "#key-1"}),
            ERROR_VERIFICATION_METHOD.format(value="#key-1"),
        ),
        (
            lambda document, key: (document, {"verification_method": None}),
            ERROR_VERIFICATION_METHOD.format(value=None),
        ),
        (
            lambda document, key: (document, {"verification_method": "https://a.example/issuer #key"}),
            ERROR_VERIFICATION_METHOD.format(value="https://a.example/issuer #key"),
        ),
        (lambda document, key: (document, {"created": datetime(2026, 3, 4, 10, 30)}), ERROR_CREATED_NAIVE),
    ],
    ids=[
        "not-an-object",
        "no-context",
        "already-signed",
        "raw-bytes-key",
        "x25519-key",
        "relative-method",
        "no-method",
        "method-with-a-space",
        "naive-created",
    ],
)
def test_bad_input_to_proof_add_is_refused_with_a_clear_message_and_changes_nothing(key, change, expected):
    document, overrides = change(sample_open_badge_credential(), key)
    untouched = copy.deepcopy(document)
    arguments = {"secret_key": key, "verification_method": _method(key), "created": SIGNED_AT, **overrides}

    with pytest.raises(ProofError) as refused:
        proof_add(document, **arguments)

    assert str(refused.value) == expected
    assert document == untouched


def test_a_credential_with_an_undefined_term_is_not_signed(key):
    document = sample_open_badge_credential()
    document["credentialSubject"]["favouriteColour"] = "teal"

    with pytest.raises(CredentialJsonLdError, match="'favouriteColour'"):
        proof_add(document, secret_key=key, verification_method=_method(key), created=SIGNED_AT)


def _with_proof(signed, **changes):
    tampered = copy.deepcopy(signed)
    tampered["proof"][0].update(changes)
    return tampered


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda signed: ["a list"], ERROR_NOT_A_DOCUMENT.format(kind="list")),
        (lambda signed: {k: v for k, v in signed.items() if k != "proof"}, PROBLEM_NO_PROOF),
        (lambda signed: {**signed, "proof": signed["proof"] * 2}, PROBLEM_PROOF_SET.format(count=2)),
        (lambda signed: {**signed, "proof": []}, PROBLEM_PROOF_SET.format(count=0)),
        (lambda signed: {**signed, "proof": "z5x9aCB"}, PROBLEM_PROOF_NOT_OBJECT),
        (
            lambda signed: _with_proof(signed, proofPurpose="authentication"),
            PROBLEM_PROOF_PURPOSE.format(found="authentication", expected="assertionMethod"),
        ),
        (
            lambda signed: _with_proof(signed, proofValue="u" + signed["proof"][0]["proofValue"][1:]),
            PROBLEM_PROOF_VALUE.format(reason="A multibase value here must start with 'z' (base58btc)"),
        ),
        (
            lambda signed: _with_proof(signed, proofValue=multibase_encode(bytes(63))),
            PROBLEM_SIGNATURE_LENGTH.format(length=63),
        ),
        (lambda signed: _with_proof(signed, cryptosuite="ecdsa-rdfc-2019"), ERROR_PROOF_TYPE),
        (lambda signed: _with_proof(signed, type="Ed25519Signature2020"), ERROR_PROOF_TYPE),
        (lambda signed: _with_proof(signed, created="4 March 2026"), ERROR_CREATED_FORMAT.format(value="4 March 2026")),
        (lambda signed: _with_proof(signed, verificationMethod=None), PROBLEM_UNKNOWN_KEY.format(method=None)),
    ],
    ids=[
        "not-an-object",
        "no-proof",
        "two-proofs",
        "empty-proof-list",
        "proof-not-object",
        "wrong-purpose",
        "not-base58btc",
        "short-signature",
        "other-cryptosuite",
        "other-proof-type",
        "bad-created",
        "no-method",
    ],
)
def test_verification_says_what_is_wrong(signed, keys, make, expected):
    result = proof_verify(make(signed), public_key_for=keys.get)

    assert not result.verified
    assert result.problem.startswith(expected)


def test_a_verified_credential_has_no_problem_and_names_its_key(signed, keys, key):
    result = proof_verify(signed, public_key_for=keys.get)

    assert result.verified
    assert result.problem == ""
    assert result.verification_method == _method(key)
