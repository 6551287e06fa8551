"""Write and read Ed25519 keys as Multikey values: multibase base58btc over a multicodec-prefixed key.

A Multikey public key is ``"z"`` + base58btc(0xed 0x01 + the 32-byte public key), which is why every Ed25519
``publicKeyMultibase`` starts ``z6Mk``. A secret key is ``"z"`` + base58btc(0x80 0x26 + the 32-byte seed).
Some tools (1EdTech's test vector among them) write the 64-byte form, seed then public key; reading accepts
it when its second half is the public key of its first.

Base58btc is the Bitcoin alphabet (no 0, O, I or l); each leading zero byte is written as a leading "1".
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {character: index for index, character in enumerate(BASE58_ALPHABET)}
MULTIBASE_BASE58BTC = "z"
ED25519_PUBLIC_KEY_HEADER = b"\xed\x01"
ED25519_SECRET_KEY_HEADER = b"\x80\x26"
ED25519_KEY_LENGTH = 32

ERROR_NOT_TEXT = "A multibase value must be text, not {kind}."
ERROR_NOT_BASE58BTC = "A multibase value here must start with 'z' (base58btc); {value!r} does not."
ERROR_BASE58_CHARACTER = "{character!r} is not a base58btc character (the alphabet has no 0, O, I or l)."
ERROR_NOT_ED25519_PUBLIC = (
    "This Multikey is not an Ed25519 public key: it must be the header 0xed01 followed by 32 bytes."
)
ERROR_NOT_ED25519_SECRET = (
    "This Multikey is not an Ed25519 secret key: it must be the header 0x8026 followed by 32 bytes "
    "(or 64 bytes: the seed then its public key)."
)
ERROR_SECRET_HALVES_DIFFER = "The 64-byte secret key's second half is not the public key of its first half."


class MultikeyError(ValueError):
    """A multibase or Multikey value could not be read (the message says why)."""


def base58btc_encode(data: bytes) -> str:
    """Return ``data`` in base58 with the Bitcoin alphabet (leading zero bytes as leading '1's)."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(BASE58_ALPHABET[remainder])
    return BASE58_ALPHABET[0] * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    """Return the bytes written as base58 ``text``; raise MultikeyError on a character outside the alphabet."""
    number = 0
    for character in text:
        if character not in _BASE58_INDEX:
            raise MultikeyError(ERROR_BASE58_CHARACTER.format(character=character))
        number = number * 58 + _BASE58_INDEX[character]
    zeros = len(text) - len(text.lstrip(BASE58_ALPHABET[0]))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_encode(data: bytes) -> str:
    """Return ``data`` as a multibase base58btc string ('z' then base58)."""
    return MULTIBASE_BASE58BTC + base58btc_encode(data)


def multibase_decode(value: str) -> bytes:
    """Return the bytes of a multibase base58btc string; raise MultikeyError for any other form."""
    if not isinstance(value, str):
        raise MultikeyError(ERROR_NOT_TEXT.format(kind=type(value).__name__))
    if not value.startswith(MULTIBASE_BASE58BTC):
        raise MultikeyError(ERROR_NOT_BASE58BTC.format(value=value[:12]))
    return base58btc_decode(value[1:])


def public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    """Return the raw 32 bytes of an Ed25519 public key."""
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def secret_key_seed(secret_key: Ed25519PrivateKey) -> bytes:
    """Return the raw 32-byte seed of an Ed25519 secret key."""
    return secret_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def multikey_public_encode(public_key: Ed25519PublicKey) -> str:
    """Return the ``publicKeyMultibase`` of an Ed25519 public key (it starts 'z6Mk')."""
    return multibase_encode(ED25519_PUBLIC_KEY_HEADER + public_key_bytes(public_key))


def multikey_public_decode(value: str) -> Ed25519PublicKey:
    """Return the Ed25519 public key written as a ``publicKeyMultibase``."""
    data = multibase_decode(value)
    if not data.startswith(ED25519_PUBLIC_KEY_HEADER) or len(data) != 2 + ED25519_KEY_LENGTH:
        raise MultikeyError(ERROR_NOT_ED25519_PUBLIC)
    return Ed25519PublicKey.from_public_bytes(data[2:])


def multikey_secret_encode(secret_key: Ed25519PrivateKey) -> str:
    """Return the ``secretKeyMultibase`` of an Ed25519 secret key (header 0x8026 and the 32-byte seed)."""
    return multibase_encode(ED25519_SECRET_KEY_HEADER + secret_key_seed(secret_key))


def multikey_secret_decode(value: str) -> Ed25519PrivateKey:
    """Return the Ed25519 secret key written as a ``secretKeyMultibase`` (32-byte seed or 64-byte form)."""
    data = multibase_decode(value)
    body = data[2:]
    if not data.startswith(ED25519_SECRET_KEY_HEADER) or len(body) not in (ED25519_KEY_LENGTH, 2 * ED25519_KEY_LENGTH):
        raise MultikeyError(ERROR_NOT_ED25519_SECRET)
    secret_key = Ed25519PrivateKey.from_private_bytes(body[:ED25519_KEY_LENGTH])
    if len(body) == 2 * ED25519_KEY_LENGTH and body[ED25519_KEY_LENGTH:] != public_key_bytes(secret_key.public_key()):
        raise MultikeyError(ERROR_SECRET_HALVES_DIFFER)
    return secret_key


def verification_method_id(controller: str, public_key: Ed25519PublicKey) -> str:
    """Return the id a key is named by in proofs: the controller's URL, '#', and the key's publicKeyMultibase."""
    return f"{controller}#{multikey_public_encode(public_key)}"


def multikey_document(controller: str, public_key: Ed25519PublicKey) -> dict[str, str]:
    """Return the Multikey verification method an issuer profile lists (its ``assertionMethod``) for a key."""
    return {
        "id": verification_method_id(controller, public_key),
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": multikey_public_encode(public_key),
    }
