"""A signed OpenBadgeCredential of the shape the platform will issue validates against 1EdTech's JSON Schema."""

from __future__ import annotations

import copy
import json
from functools import cache

import pytest
from jsonschema import Draft201909Validator

from credentials.multikey import multikey_public_encode
from credentials.proof import proof_add
from tests.credentials.sample import ISSUER_ID, SIGNED_AT, sample_open_badge_credential, sample_secret_key
from tests.credentials.vector import SCHEMA, published_vector


@cache
def _validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/draft/2019-09/")
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def _errors(credential) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in _validator().iter_errors(credential)
    ]


def _signed_sample() -> dict:
    key = sample_secret_key()
    method = f"{ISSUER_ID}#{multikey_public_encode(key.public_key())}"
    return proof_add(sample_open_badge_credential(), secret_key=key, verification_method=method, created=SIGNED_AT)


def test_a_signed_sample_credential_is_a_valid_achievement_credential():
    assert _errors(_signed_sample()) == []


def test_the_vectors_credential_with_its_proof_as_a_list_is_valid():
    credential = copy.deepcopy(published_vector().signed_credential)
    credential["proof"] = [credential["proof"]]

    assert _errors(credential) == []


def test_a_single_proof_object_is_not_what_the_schema_accepts():
    """Why proof_add writes a list by default: the published vector's single object fails the schema."""
    errors = _errors(published_vector().signed_credential)

    assert len(errors) == 1
    assert errors[0].startswith("proof: ")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("issuer",), None),
        (("validFrom",), None),
        (("credentialSubject", "achievement", "criteria"), None),
        (("type",), ["VerifiableCredential"]),
        (("@context",), ["https://www.w3.org/ns/credentials/v2"]),
        (("validFrom",), "4 March 2026"),
        (("credentialSubject", "identifier", 0, "hashed"), "yes"),
    ],
    ids=["no-issuer", "no-validFrom", "no-criteria", "not-an-open-badge", "no-ob-context", "bad-date", "hashed-text"],
)
def test_the_schema_check_catches_a_broken_credential(path, value):
    credential = _signed_sample()
    parent = credential
    for step in path[:-1]:
        parent = parent[step]
    if value is None:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value

    assert _errors(credential) != []
