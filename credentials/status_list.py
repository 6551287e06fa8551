"""Bitstring Status List (W3C): the revocation bits of one issuer, encoded and read back (pure).

The list is a bitstring of ``LIST_LENGTH`` bits (the specification's minimum of 16 KiB, so one person's bit
hides among many), index 0 the leftmost bit of the first byte. ``encodedList`` is the bitstring GZIP-compressed,
then written as multibase base64url without padding (a leading ``u``).
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from credentials.document import STATUS_PURPOSE, VC_V2_CONTEXT, xsd_datetime

LIST_LENGTH = 131_072
MULTIBASE_BASE64URL = "u"

ERROR_INDEX = "A status list index must be between 0 and {last}, not {index}."
ERROR_ENCODING = "The status list is not multibase base64url of GZIP data: {reason}"


class StatusListError(ValueError):
    """A status list or index could not be read (the message says why)."""


def bitstring_encode(set_indices: Iterable[int], length: int = LIST_LENGTH) -> str:
    """Return the encodedList with the bits at ``set_indices`` set."""
    bits = bytearray(length // 8)
    for index in set_indices:
        if not 0 <= index < length:
            raise StatusListError(ERROR_INDEX.format(last=length - 1, index=index))
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return MULTIBASE_BASE64URL + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def bitstring_decode(encoded: str) -> bytes:
    """Return the raw bitstring of an encodedList."""
    try:
        if not encoded.startswith(MULTIBASE_BASE64URL):
            raise ValueError("it does not start with 'u'")
        body = encoded[1:]
        bits = gzip.decompress(base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True))
        if not bits:
            raise ValueError("the list is empty")
        return bits
    except (ValueError, OSError, EOFError) as error:
        raise StatusListError(ERROR_ENCODING.format(reason=error)) from error


def bit_is_set(bitstring: bytes, index: int) -> bool:
    """Return whether the bit at ``index`` is set."""
    if not 0 <= index < len(bitstring) * 8:
        raise StatusListError(ERROR_INDEX.format(last=len(bitstring) * 8 - 1, index=index))
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_build(*, list_url: str, issuer_id: str, valid_from: datetime, revoked: Iterable[int]) -> dict[str, Any]:
    """Return the unsigned BitstringStatusListCredential of an issuer with the ``revoked`` bits set."""
    return {
        "@context": [VC_V2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": bitstring_encode(revoked),
        },
    }
