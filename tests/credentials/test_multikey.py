"""Multikey and base58btc: the encodings the proofs and issuer keys are written in."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from credentials.jsonld import MULTIKEY_V1_CONTEXT, canonical_nquads
from credentials.multikey import (
    ED25519_SECRET_KEY_HEADER,
    ERROR_BASE58_CHARACTER,
    ERROR_NOT_BASE58BTC,
    ERROR_NOT_ED25519_PUBLIC,
    ERROR_NOT_ED25519_SECRET,
    ERROR_NOT_TEXT,
    ERROR_SECRET_HALVES_DIFFER,
    MultikeyError,
    base58btc_decode,
    base58btc_encode,
    multibase_decode,
    multibase_encode,
    multikey_document,
    multikey_public_decode,
    multikey_public_encode,
    multikey_secret_decode,
    multikey_secret_encode,
    public_key_bytes,
    secret_key_seed,
    verification_method_id,
)
from tests.credentials import independent_verifier
from tests.credentials.vector import published_vector

# The examples of the IETF base58 draft (draft-msporny-base58). Its third example reads "111233QC4" in
# draft 02, a typo: two zero bytes give two leading "1"s, and 0x287fb4cd is "233QC4" (worked by hand).
BASE58_EXAMPLES = [
    (b"Hello World!", "2NEpo7TZRRrLZSi2U"),
    (b"The quick brown fox jumps over the lazy dog.", "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"),
    (bytes.fromhex("0000287fb4cd"), "11233QC4"),
]


@pytest.mark.parametrize(("data", "text"), BASE58_EXAMPLES)
def test_base58btc_matches_the_published_examples(data, text):
    assert base58btc_encode(data) == text
    assert base58btc_decode(text) == data


@given(st.binary(max_size=80))
def test_base58btc_round_trips_any_bytes_and_agrees_with_the_independent_decoder(data):
    text = base58btc_encode(data)

    assert base58btc_decode(text) == data
    assert independent_verifier._base58btc_bytes(text) == data
    assert multibase_decode(multibase_encode(data)) == data


@given(st.integers(min_value=0, max_value=5), st.binary(max_size=8))
def test_leading_zero_bytes_are_kept_as_leading_ones(zeros, rest):
    data = b"\0" * zeros + rest.lstrip(b"\0")

    text = base58btc_encode(data)

    assert text.startswith("1" * zeros)
    assert base58btc_decode(text) == data


@pytest.mark.parametrize("character", ["0", "O", "I", "l", "+", " "])
def test_a_character_outside_the_alphabet_is_refused(character):
    with pytest.raises(MultikeyError) as refused:
        base58btc_decode(f"2NEp{character}o7")

    assert str(refused.value) == ERROR_BASE58_CHARACTER.format(character=character)


def test_multibase_must_be_base58btc_text():
    with pytest.raises(MultikeyError) as not_z:
        multibase_decode("u2NEpo7TZRRrLZSi2U")
    with pytest.raises(MultikeyError) as not_text:
        multibase_decode(None)

    assert str(not_z.value) == ERROR_NOT_BASE58BTC.format(value="u2NEpo7TZRRr")
    assert str(not_text.value) == ERROR_NOT_TEXT.format(kind="NoneType")


def test_public_keys_round_trip_as_z6mk_multikeys():
    for _ in range(5):
        public_key = Ed25519PrivateKey.generate().public_key()

        encoded = multikey_public_encode(public_key)

        assert encoded.startswith("z6Mk")
        assert public_key_bytes(multikey_public_decode(encoded)) == public_key_bytes(public_key)
        assert public_key_bytes(independent_verifier.ed25519_from_multikey(encoded)) == public_key_bytes(public_key)


def test_secret_keys_round_trip_with_the_0x8026_header_and_the_seed():
    secret_key = Ed25519PrivateKey.generate()

    encoded = multikey_secret_encode(secret_key)

    assert multibase_decode(encoded) == ED25519_SECRET_KEY_HEADER + secret_key_seed(secret_key)
    assert secret_key_seed(multikey_secret_decode(encoded)) == secret_key_seed(secret_key)


def test_the_vectors_64_byte_secret_key_reads_as_the_same_key_as_its_seed():
    vector = published_vector()
    from_vector = multikey_secret_decode(vector.secret_key_multibase)

    assert secret_key_seed(multikey_secret_decode(multikey_secret_encode(from_vector))) == secret_key_seed(from_vector)
    assert len(multibase_decode(vector.secret_key_multibase)) == 2 + 64


@pytest.mark.parametrize(
    ("value", "decode", "message"),
    [
        pytest.param(lambda: multikey_secret_encode(Ed25519PrivateKey.generate()), "public", ERROR_NOT_ED25519_PUBLIC),
        pytest.param(lambda: multibase_encode(b"\xed\x01" + bytes(31)), "public", ERROR_NOT_ED25519_PUBLIC),
        pytest.param(lambda: multibase_encode(b"\xed\x01" + bytes(33)), "public", ERROR_NOT_ED25519_PUBLIC),
        pytest.param(
            lambda: multikey_public_encode(Ed25519PrivateKey.generate().public_key()),
            "secret",
            ERROR_NOT_ED25519_SECRET,
        ),
        pytest.param(
            lambda: multibase_encode(ED25519_SECRET_KEY_HEADER + bytes(48)), "secret", ERROR_NOT_ED25519_SECRET
        ),
        pytest.param(
            lambda: multibase_encode(
                ED25519_SECRET_KEY_HEADER
                + secret_key_seed(Ed25519PrivateKey.generate())
                + public_key_bytes(Ed25519PrivateKey.generate().public_key())
            ),
            "secret",
            ERROR_SECRET_HALVES_DIFFER,
        ),
    ],
)
def test_a_value_that_is_not_the_expected_kind_of_key_is_refused(value, decode, message):
    reader = multikey_public_decode if decode == "public" else multikey_secret_decode

    with pytest.raises(MultikeyError) as refused:
        reader(value())

    assert str(refused.value) == message


def test_the_vectors_key_id_and_multikey_document_are_rebuilt_from_its_public_key():
    vector = published_vector()
    public_key = multikey_public_decode(vector.public_key_multibase)

    assert verification_method_id(vector.key_controller, public_key) == vector.key_id
    assert multikey_document(vector.key_controller, public_key) == {
        "id": vector.key_id,
        "type": "Multikey",
        "controller": vector.key_controller,
        "publicKeyMultibase": vector.public_key_multibase,
    }


def test_a_multikey_document_is_json_ld_under_the_bundled_multikey_context():
    public_key = Ed25519PrivateKey.generate().public_key()
    document = {"@context": MULTIKEY_V1_CONTEXT, **multikey_document("https://upskill.example/issuers/1", public_key)}

    statements = canonical_nquads(document)

    assert f'<https://w3id.org/security#publicKeyMultibase> "{multikey_public_encode(public_key)}"' in statements
    assert "<https://w3id.org/security#Multikey>" in statements
