"""Each organisation's signing keys: created, encrypted at rest, rotated, and looked up by the URL proofs name.

The secret half of every Ed25519 key is stored encrypted with Fernet (AES-128-CBC with HMAC-SHA256), under a
key derived by HKDF-SHA256 from ``settings.UPSKILL_CREDENTIALS_KEY`` (production refuses to start without it).
An issuer has one active key; rotating retires it (kept, still published in the issuer profile) and creates
another, so a credential names the key it was signed with and still verifies after any number of rotations.
"""

from __future__ import annotations

import base64
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from credentials.models import Issuer, IssuerKey

HKDF_INFO = b"upskill open badges issuer keys v1"
ERROR_NO_SETTING = "UPSKILL_CREDENTIALS_KEY must be set to sign or read credentials' keys."
ERROR_WRONG_SECRET = (
    "An issuer key cannot be decrypted with the current UPSKILL_CREDENTIALS_KEY: the setting has changed since "
    "the key was stored. Restore it, or rotate the organisation's key."
)


class IssuerKeyError(ValueError):
    """A key could not be read (the message says why)."""


@cache
def _fernet(secret: str):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def fernet():
    """Return the Fernet cipher for stored secret keys, from the dedicated setting."""
    secret = getattr(settings, "UPSKILL_CREDENTIALS_KEY", "")
    if not secret:
        raise ImproperlyConfigured(ERROR_NO_SETTING)
    return _fernet(secret)


def secret_key_encrypt(secret_key) -> bytes:
    """Return an Ed25519 secret key's seed, encrypted for storage."""
    from credentials.multikey import secret_key_seed

    return fernet().encrypt(secret_key_seed(secret_key))


def secret_key_for(key: IssuerKey):
    """Return the Ed25519 secret key of a stored issuer key."""
    from cryptography.fernet import InvalidToken
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        seed = fernet().decrypt(bytes(key.secret_key_encrypted))
    except InvalidToken as error:
        raise IssuerKeyError(ERROR_WRONG_SECRET) from error
    return Ed25519PrivateKey.from_private_bytes(seed)


def _key_create(issuer: Issuer) -> IssuerKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from credentials.multikey import multikey_public_encode

    secret_key = Ed25519PrivateKey.generate()
    return IssuerKey.objects.create(
        issuer=issuer,
        public_key_multibase=multikey_public_encode(secret_key.public_key()),
        secret_key_encrypted=secret_key_encrypt(secret_key),
        created_at=timezone.now(),
    )


def issuer_get_or_create(*, organisation) -> Issuer:
    """Return the organisation's issuer, creating it (and its first key) on first use."""
    with transaction.atomic():
        issuer, created = Issuer.objects.get_or_create(organisation=organisation)
        if created:
            _key_create(issuer)
    return issuer


def issuer_key_active(issuer: Issuer) -> IssuerKey:
    """Return the key an issuer signs with now (creating one if the issuer has none)."""
    key = issuer.keys.filter(retired_at__isnull=True).first()
    return key or _key_create(issuer)


@transaction.atomic
def issuer_key_rotate(*, issuer: Issuer) -> IssuerKey:
    """Retire the issuer's active key (kept and still published) and return a new active one."""
    Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
    issuer.keys.filter(retired_at__isnull=True).update(retired_at=timezone.now())
    return _key_create(issuer)


def public_key_lookup(verification_method: str):
    """Return the Ed25519 public key a proof's verificationMethod names, or None if it names none of ours.

    The method must be exactly an issuer profile's URL, '#', and one of that issuer's keys, active or retired.
    """
    from credentials.links import issuer_url
    from credentials.multikey import MultikeyError, multikey_public_decode

    _, _, fragment = verification_method.partition("#")
    key = IssuerKey.objects.select_related("issuer").filter(public_key_multibase=fragment).first() if fragment else None
    if key is None or verification_method != f"{issuer_url(key.issuer)}#{key.public_key_multibase}":
        return None
    try:
        return multikey_public_decode(key.public_key_multibase)
    except MultikeyError:
        return None
