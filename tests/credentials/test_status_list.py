"""The Bitstring Status List encoding (pure): the bits set are the bits read back, index 0 is the leftmost bit,
and bad input is refused with a message."""

from __future__ import annotations

import base64
import gzip
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credentials.status_list import (
    LIST_LENGTH,
    StatusListError,
    bit_is_set,
    bitstring_decode,
    bitstring_encode,
    status_list_build,
)


@given(st.sets(st.integers(min_value=0, max_value=LIST_LENGTH - 1), max_size=50))
def test_the_bits_set_are_exactly_the_bits_read_back(indices):
    bits = bitstring_decode(bitstring_encode(indices))

    assert len(bits) * 8 == LIST_LENGTH
    probes = indices | {0, 1, 7, 8, LIST_LENGTH - 1}
    assert {index for index in probes if bit_is_set(bits, index)} == indices


def test_index_zero_is_the_leftmost_bit_of_the_first_byte_and_the_list_is_gzip_base64url():
    encoded = bitstring_encode([0, 9])

    assert encoded.startswith("u") and "=" not in encoded
    body = encoded[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert raw[:2] == bytes([0b1000_0000, 0b0100_0000])


@pytest.mark.parametrize("index", [-1, LIST_LENGTH])
def test_an_index_outside_the_list_is_refused(index):
    with pytest.raises(StatusListError):
        bitstring_encode([index])


@pytest.mark.parametrize("encoded", ["", "zabc", "u!!!", "u" + base64.urlsafe_b64encode(b"not gzip").decode()])
def test_an_unreadable_list_is_refused(encoded):
    with pytest.raises(StatusListError):
        bitstring_decode(encoded)


def test_the_status_list_credential_names_its_purpose_and_issuer():
    document = status_list_build(
        list_url="https://upskill.example/credentials/issuers/x/status/",
        issuer_id="https://upskill.example/credentials/issuers/x/",
        valid_from=datetime(2027, 3, 1, tzinfo=UTC),
        revoked=[3],
    )

    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["credentialSubject"]["statusPurpose"] == "revocation"
    assert bit_is_set(bitstring_decode(document["credentialSubject"]["encodedList"]), 3)
