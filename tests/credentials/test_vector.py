"""The signing code reproduces 1EdTech's published eddsa-rdfc-2022 test vector for Open Badges 3.0, byte for byte.

Every expected value is read from the published material in tests/fixtures/openbadges/ (see vector.py).
"""

from __future__ import annotations

import copy
import hashlib
from datetime import datetime

import pytest

from credentials.jsonld import canonical_nquads
from credentials.multikey import (
    multibase_decode,
    multikey_public_decode,
    multikey_public_encode,
    multikey_secret_decode,
    public_key_bytes,
    secret_key_seed,
)
from credentials.proof import hash_data, proof_add, proof_configuration, proof_verify
from tests.credentials import independent_verifier
from tests.credentials.vector import DOCUMENT_CANON, PROOF_CANON, published_vector


@pytest.fixture(scope="module")
def vector():
    return published_vector()


@pytest.fixture(scope="module")
def secret_key(vector):
    return multikey_secret_decode(vector.secret_key_multibase)


def test_canonical_document_is_the_published_one(vector):
    assert canonical_nquads(vector.credential) == DOCUMENT_CANON.read_text(encoding="utf-8")


def test_canonical_proof_configuration_is_the_published_one(vector):
    config = proof_configuration(vector.credential, vector.proof_options)

    assert config["@context"] == vector.credential["@context"]
    assert canonical_nquads(config) == PROOF_CANON.read_text(encoding="utf-8")


def test_hashes_are_the_published_ones(vector):
    document_canon = canonical_nquads(vector.credential)
    proof_canon = canonical_nquads(proof_configuration(vector.credential, vector.proof_options))

    assert hashlib.sha256(document_canon.encode()).hexdigest() == vector.document_hash_hex
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == vector.proof_hash_hex
    assert hash_data(proof_canon, document_canon).hex() == vector.data_to_sign_hex


def test_the_published_multikeys_read_as_the_published_key_pair(vector, secret_key):
    assert secret_key_seed(secret_key).hex() + public_key_bytes(secret_key.public_key()).hex() == vector.private_key_hex
    assert public_key_bytes(multikey_public_decode(vector.public_key_multibase)).hex() == vector.public_key_hex
    assert multikey_public_encode(secret_key.public_key()) == vector.public_key_multibase
    assert vector.key_id == f"{vector.key_controller}#{vector.public_key_multibase}"


def test_signing_gives_the_published_signature_proof_value_and_signed_credential(vector, secret_key):
    unsigned = copy.deepcopy(vector.credential)

    signed = proof_add(
        unsigned,
        secret_key=secret_key,
        verification_method=vector.proof_options["verificationMethod"],
        created=datetime.fromisoformat(vector.proof_options["created"]),
        proof_as_list=False,
    )

    assert signed["proof"]["proofValue"] == vector.proof_value
    assert multibase_decode(signed["proof"]["proofValue"]).hex() == vector.signature_hex
    assert signed == vector.signed_credential
    assert unsigned == vector.credential, "signing must not change the document it was given"


def test_the_published_signed_credential_verifies(vector):
    keys = {vector.key_id: multikey_public_decode(vector.public_key_multibase)}

    result = proof_verify(vector.signed_credential, public_key_for=keys.get)

    assert result.verified, result.problem
    assert result.verification_method == vector.key_id


def test_the_independent_verifier_accepts_the_published_signed_credential(vector):
    keys = {vector.key_id: independent_verifier.ed25519_from_multikey(vector.public_key_multibase)}

    independent_verifier.verify(vector.signed_credential, keys)


def test_a_proof_set_of_one_carries_the_same_signature_and_verifies(vector, secret_key):
    signed = proof_add(
        vector.credential,
        secret_key=secret_key,
        verification_method=vector.key_id,
        created=datetime.fromisoformat(vector.proof_options["created"]),
    )

    assert signed["proof"] == [vector.signed_credential["proof"]]
    assert proof_verify(signed, public_key_for={vector.key_id: secret_key.public_key()}.get).verified
