"""Turn a JSON-LD credential into its canonical N-Quads, offline.

PyLD resolves every ``@context`` URL through the document loader given here, which serves the contexts bundled
in ``credentials/contexts/`` and refuses any other URL: canonicalising a credential never touches the network,
and a credential that names a context we do not hold cannot be signed or checked.

Canonicalisation is strict, in the spirit of jsonld.js's "safe mode" that Data Integrity relies on: a property
the contexts do not define, or a type or id that does not expand to an absolute IRI, would otherwise vanish
from the signed statements without a trace (so it could be added or changed after signing and the proof would
still hold). Here it is an error instead.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from functools import cache
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2_CONTEXT = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1_CONTEXT = "https://w3id.org/security/multikey/v1"

# Context URL -> file in CONTEXTS_DIR. SOURCE.md there says where each file came from.
BUNDLED_CONTEXTS: dict[str, str] = {
    VC_V2_CONTEXT: "credentials-v2.jsonld",
    OB_V3_CONTEXT: "ob-context-3.0.3.json",
    DATA_INTEGRITY_V2_CONTEXT: "data-integrity-v2.jsonld",
    MULTIKEY_V1_CONTEXT: "multikey-v1.jsonld",
}

ERROR_CONTEXT_NOT_BUNDLED = (
    "The JSON-LD context {url!r} is not one of the contexts bundled with Upskill ({known}); "
    "credentials are processed offline, so no other context can be loaded."
)
ERROR_UNDEFINED_TERM = (
    "The property {term!r} is not defined by the credential's contexts, so it would be left out of the "
    "signed statements; define it in a context or remove it."
)
ERROR_RELATIVE_IRI = (
    "The {keyword} {value!r} does not expand to an absolute IRI with the credential's contexts, "
    "so it would be left out of the signed statements."
)
ERROR_CANONICALISATION = "The credential could not be canonicalised as JSON-LD: {reason}"

CANONICALISATION_ALGORITHM = "URDNA2015"  # RDFC-1.0 under its former name, as PyLD calls it
NQUADS = "application/n-quads"
RESOLVED_CONTEXT_CACHE_SIZE = 64  # processed contexts (bundled ones, and the scoped contexts inside them)


class CredentialJsonLdError(ValueError):
    """A credential could not be read as JSON-LD with the bundled contexts (the message says why)."""


@cache
def _bundled_text(url: str) -> str:
    return (CONTEXTS_DIR / BUNDLED_CONTEXTS[url]).read_text(encoding="utf-8")


def bundled_context(url: str) -> dict[str, Any]:
    """Return a fresh copy of the bundled context document served for ``url``."""
    if url not in BUNDLED_CONTEXTS:
        raise CredentialJsonLdError(
            ERROR_CONTEXT_NOT_BUNDLED.format(url=url, known=", ".join(sorted(BUNDLED_CONTEXTS)))
        )
    return json.loads(_bundled_text(url))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return PyLD's remote-document record for a bundled context; refuse every other URL."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": bundled_context(url),
        "tag": "static",  # lets PyLD keep the processed context, in the cache _options() gives it
    }


def _refuse_dropped_property(expanded_property: str | None) -> None:
    raise CredentialJsonLdError(ERROR_UNDEFINED_TERM.format(term=expanded_property))


_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # a scheme, then anything (RFC 3987)


def is_absolute_iri(value: Any) -> bool:
    """Return whether ``value`` is text starting with an IRI scheme ("https:", "did:", "urn:" ...)."""
    return isinstance(value, str) and _ABSOLUTE_IRI.match(value) is not None


def _is_absolute_or_blank(value: str) -> bool:
    return value.startswith("_:") or is_absolute_iri(value)


def _check_absolute_iris(node: Any) -> None:
    """Raise if an ``@id`` or ``@type`` in expanded JSON-LD would be dropped as a relative IRI."""
    if isinstance(node, list):
        for item in node:
            _check_absolute_iris(item)
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:
        return
    node_id = node.get("@id")
    if isinstance(node_id, str) and not _is_absolute_or_blank(node_id):
        raise CredentialJsonLdError(ERROR_RELATIVE_IRI.format(keyword="id", value=node_id))
    types = node.get("@type", [])
    for node_type in types if isinstance(types, list) else [types]:
        if isinstance(node_type, str) and not _is_absolute_or_blank(node_type):
            raise CredentialJsonLdError(ERROR_RELATIVE_IRI.format(keyword="type", value=node_type))
    for key, value in node.items():
        if key not in ("@id", "@type"):
            _check_absolute_iris(value)


_resolved_contexts = threading.local()


def _options() -> dict[str, Any]:
    """Return PyLD options that load only bundled contexts and reuse their processed form.

    PyLD's default resolver keeps processed contexts in one cache shared by every loader in the process, so
    a context another caller loaded under the same URL could be used here; ours has a cache of its own,
    filled only from the bundled files. Processing the contexts is most of the work of canonicalising a
    credential, so keeping them makes signing about five times faster. One cache per thread, since the
    cache is not safe to change from two threads at once.
    """
    cache = getattr(_resolved_contexts, "cache", None)
    if cache is None:
        cache = _resolved_contexts.cache = LRUCache(maxsize=RESOLVED_CONTEXT_CACHE_SIZE)
    return {
        "documentLoader": document_loader,
        "contextResolver": ContextResolver(cache, document_loader),
        "base": None,
    }


def _json_ld_failure(error: jsonld.JsonLdError) -> CredentialJsonLdError:
    """Return our own error for a PyLD failure, keeping the first cause that is already ours."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, CredentialJsonLdError):
            return cause
        cause = cause.__cause__ or cause.__context__
    return CredentialJsonLdError(ERROR_CANONICALISATION.format(reason=error))


def expand_strict(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the expanded form of ``document``, refusing undefined terms and relative ids or types."""
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped_property)
    try:
        expanded = processor.expand(copy.deepcopy(document), _options())
    except jsonld.JsonLdError as error:
        raise _json_ld_failure(error) from error
    _check_absolute_iris(expanded)
    return expanded


def canonical_nquads(document: dict[str, Any]) -> str:
    """Return ``document`` canonicalised with RDFC-1.0 (URDNA2015) as N-Quads, one statement per line."""
    expanded = expand_strict(document)
    options = {**_options(), "algorithm": CANONICALISATION_ALGORITHM, "format": NQUADS}
    try:
        return jsonld.JsonLdProcessor().normalize(expanded, options)
    except jsonld.JsonLdError as error:
        raise _json_ld_failure(error) from error
