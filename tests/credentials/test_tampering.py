"""Changing, removing or adding any field of a signed credential makes verification fail.

The cases are generated from the credentials themselves: every value (each list item too) is changed and every
field removed, in the published test vector's signed credential and in a sample OpenBadgeCredential signed by
``proof_add``. Each is checked by ``proof_verify`` and by the independent verifier.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from credentials.multikey import multikey_public_decode, multikey_public_encode
from credentials.proof import proof_add, proof_verify
from tests.credentials import independent_verifier
from tests.credentials.sample import (
    ISSUER_ID,
    SIGNED_AT,
    other_secret_key,
    sample_open_badge_credential,
    sample_secret_key,
)
from tests.credentials.vector import published_vector

Path = tuple[str | int, ...]


@cache
def _signed_credentials() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Return {name: (signed credential, {verification method: public key})}."""
    vector = published_vector()
    key = sample_secret_key()
    method = f"{ISSUER_ID}#{multikey_public_encode(key.public_key())}"
    sample = proof_add(sample_open_badge_credential(), secret_key=key, verification_method=method, created=SIGNED_AT)
    return {
        "vector": (vector.signed_credential, {vector.key_id: multikey_public_decode(vector.public_key_multibase)}),
        "sample": (sample, {method: key.public_key()}),
    }


def _leaves(value: Any, path: Path = ()) -> Iterator[Path]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _fields(value: Any, path: Path = ()) -> Iterator[Path]:
    """Yield the path of every object member (at any depth), for removal."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _fields(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _fields(item, (*path, index))


def _changed(value: Any) -> Any:
    """Return a value of the same kind that differs from ``value`` by as little as possible."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    text = str(value)
    # Change the last letter or digit (before a closing Z of a date), keeping its kind.
    for position in range(len(text) - 1, -1, -1):
        character = text[position]
        if character.isalnum() and not (character == "Z" and position == len(text) - 1 and len(text) > 1):
            if character.isdigit():
                replacement = str((int(character) + 1) % 10)
            elif character.lower() == "z":
                replacement = "a" if character.islower() else "A"
            else:
                replacement = chr(ord(character) + 1)
            return text[:position] + replacement + text[position + 1 :]
    return text + "x"


def _parent_and_key(document: dict[str, Any], path: Path) -> tuple[Any, str | int]:
    parent: Any = document
    for step in path[:-1]:
        parent = parent[step]
    return parent, path[-1]


def _cases() -> Iterator[Any]:
    for name, (signed, _keys) in _signed_credentials().items():
        for path in _leaves(signed):
            yield pytest.param(name, "change", path, id=f"{name}-change-{'.'.join(map(str, path))}")
        for path in _fields(signed):
            yield pytest.param(name, "remove", path, id=f"{name}-remove-{'.'.join(map(str, path))}")


def _tampered(signed: dict[str, Any], action: str, path: Path) -> dict[str, Any]:
    tampered = copy.deepcopy(signed)
    parent, key = _parent_and_key(tampered, path)
    if action == "change":
        parent[key] = _changed(parent[key])
    else:
        del parent[key]
    assert tampered != signed
    return tampered


@pytest.mark.parametrize(("name", "action", "path"), list(_cases()))
def test_tampered_credential_fails_verification(name, action, path):
    signed, keys = _signed_credentials()[name]
    assert proof_verify(signed, public_key_for=keys.get).verified, "the untouched credential must verify"

    tampered = _tampered(signed, action, path)

    result = proof_verify(tampered, public_key_for=keys.get)
    assert not result.verified
    assert result.problem
    assert not independent_verifier.verifies(tampered, keys)


ADDITIONS = [
    pytest.param(("description",), "A description added after signing.", id="defined-term-on-credential"),
    pytest.param(("issuer", "email"), "someone@else.example", id="defined-term-on-issuer"),
    pytest.param(("credentialSubject", "id"), "did:example:someone-else", id="subject-id-on-sample"),
    pytest.param(("validUntil",), "2030-01-01T00:00:00Z", id="expiry-added"),
]


@pytest.mark.parametrize("name", ["vector", "sample"])
@pytest.mark.parametrize(("path", "value"), ADDITIONS)
def test_a_field_added_after_signing_fails_verification(name, path, value):
    signed, keys = _signed_credentials()[name]
    tampered = copy.deepcopy(signed)
    parent, key = _parent_and_key(tampered, path)
    parent[key] = value
    if tampered == signed:
        pytest.skip("the credential already holds this value")

    assert not proof_verify(tampered, public_key_for=keys.get).verified
    assert not independent_verifier.verifies(tampered, keys)


@pytest.mark.parametrize("name", ["vector", "sample"])
def test_a_property_no_context_defines_added_after_signing_fails_verification(name):
    """PyLD would drop an undefined property silently, so the signature alone would still hold; we refuse it."""
    signed, keys = _signed_credentials()[name]
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["grade"] = "A*"

    result = proof_verify(tampered, public_key_for=keys.get)

    assert not result.verified
    assert "'grade'" in result.problem


@pytest.mark.parametrize("name", ["vector", "sample"])
def test_a_credential_checked_against_another_key_fails(name):
    signed, keys = _signed_credentials()[name]
    other = {method: other_secret_key().public_key() for method in keys}

    assert not proof_verify(signed, public_key_for=other.get).verified
    assert not independent_verifier.verifies(signed, other)
