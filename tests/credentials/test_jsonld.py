"""Canonicalisation is offline and strict: only bundled contexts load, and nothing silently drops out."""

from __future__ import annotations

import copy
import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from cachetools import LRUCache
from pyld import jsonld

from credentials import jsonld as credentials_jsonld
from credentials.jsonld import (
    BUNDLED_CONTEXTS,
    CONTEXTS_DIR,
    ERROR_CONTEXT_NOT_BUNDLED,
    ERROR_RELATIVE_IRI,
    ERROR_UNDEFINED_TERM,
    OB_V3_CONTEXT,
    VC_V2_CONTEXT,
    CredentialJsonLdError,
    canonical_nquads,
    document_loader,
)
from tests.credentials.vector import DOCUMENT_CANON, FIXTURES, published_vector

UNKNOWN_URLS = [
    "https://example.org/contexts/evil.jsonld",
    "http://www.w3.org/ns/credentials/v2",  # the right path over plain http
    "https://www.w3.org/ns/credentials/v2/",
    "https://www.w3.org/2018/credentials/v1",
    "file:///etc/passwd",
]


@pytest.fixture
def no_network(monkeypatch):
    """Make any attempt to open a network connection fail loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError("credentials code tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize("url", UNKNOWN_URLS)
def test_the_loader_refuses_a_url_it_does_not_bundle(url, no_network):
    with pytest.raises(CredentialJsonLdError) as refused:
        document_loader(url, {})

    assert str(refused.value) == ERROR_CONTEXT_NOT_BUNDLED.format(url=url, known=", ".join(sorted(BUNDLED_CONTEXTS)))


@pytest.mark.parametrize("url", UNKNOWN_URLS)
def test_a_credential_naming_an_unknown_context_cannot_be_canonicalised(url, no_network):
    credential = copy.deepcopy(published_vector().credential)
    credential["@context"] = [VC_V2_CONTEXT, OB_V3_CONTEXT, url]

    with pytest.raises(CredentialJsonLdError, match="is not one of the contexts bundled with Upskill"):
        canonical_nquads(credential)


def test_canonicalising_the_vector_uses_no_network(no_network):
    assert canonical_nquads(published_vector().credential) == DOCUMENT_CANON.read_text(encoding="utf-8")


@pytest.mark.parametrize("url", sorted(BUNDLED_CONTEXTS))
def test_every_bundled_context_is_served_as_json_ld(url):
    served = document_loader(url, {})

    assert served["documentUrl"] == url
    assert "@context" in served["document"]
    served["document"]["@context"] = "changed by a caller"
    assert document_loader(url, {})["document"]["@context"] != "changed by a caller", "each call gets a fresh copy"


def test_every_bundled_context_has_its_source_recorded():
    source = (CONTEXTS_DIR / "SOURCE.md").read_text(encoding="utf-8")
    bundled_files = {path.name for path in CONTEXTS_DIR.iterdir() if path.suffix in (".json", ".jsonld")}

    assert bundled_files == set(BUNDLED_CONTEXTS.values())
    for url, filename in BUNDLED_CONTEXTS.items():
        assert f"`{url}` | `{filename}`" in source


def test_the_bundled_ob_context_is_the_published_one():
    bundled = (CONTEXTS_DIR / BUNDLED_CONTEXTS[OB_V3_CONTEXT]).read_bytes()

    assert bundled == (FIXTURES / "ob-context-3.0.3.json").read_bytes()


def test_a_context_cached_by_another_loader_is_not_used(monkeypatch):
    """PyLD caches resolved contexts per URL process-wide; ours keeps its own cache, so it cannot be fed another."""
    monkeypatch.setattr(jsonld, "_resolved_context_cache", LRUCache(maxsize=100))
    impostor = {"@context": {"name": "https://impostor.example/name", "@vocab": "https://impostor.example/"}}

    def impostor_loader(url, options=None):
        # "tag": "static" is how a PyLD loader marks a document that may be cached by URL for everyone.
        served = {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": impostor}
        return {**served, "tag": "static"}

    jsonld.expand({"@context": VC_V2_CONTEXT, "name": "x"}, {"documentLoader": impostor_loader})

    assert canonical_nquads(published_vector().credential) == DOCUMENT_CANON.read_text(encoding="utf-8")


def test_an_undefined_property_is_an_error_not_silently_dropped():
    credential = copy.deepcopy(published_vector().credential)
    credential["issuer"]["motto"] = "We never drop data"

    with pytest.raises(CredentialJsonLdError) as refused:
        canonical_nquads(credential)

    assert str(refused.value) == ERROR_UNDEFINED_TERM.format(term="motto")


@pytest.mark.parametrize(
    ("where", "keyword", "value"),
    [
        (("type",), "type", ["VerifiableCredential", "OpenBadgeCredential", "Diploma"]),
        (("credentialSubject", "achievement", "id"), "id", "achievements/teamwork"),
        (("issuer", "id"), "id", "issuers/565049"),
    ],
)
def test_a_relative_type_or_id_is_an_error_not_silently_dropped(where, keyword, value):
    credential = copy.deepcopy(published_vector().credential)
    parent = credential
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = value

    with pytest.raises(CredentialJsonLdError) as refused:
        canonical_nquads(credential)

    dropped = value[-1] if isinstance(value, list) else value
    assert str(refused.value) == ERROR_RELATIVE_IRI.format(keyword=keyword, value=dropped)


def test_canonicalising_does_not_change_the_document():
    credential = published_vector().credential
    before = json.dumps(credential, sort_keys=True)

    canonical_nquads(credential)

    assert json.dumps(credential, sort_keys=True) == before


def test_statement_order_and_blank_node_names_do_not_depend_on_the_json_order():
    credential = published_vector().credential
    reordered = json.loads(json.dumps(credential, sort_keys=True))
    reordered["credentialSubject"] = dict(reversed(list(reordered["credentialSubject"].items())))

    assert canonical_nquads(reordered) == canonical_nquads(credential)


def test_a_json_ld_syntax_error_is_reported_as_ours():
    with pytest.raises(CredentialJsonLdError, match="could not be canonicalised"):
        canonical_nquads({"@context": {"@version": 2.0}, "@id": "https://a.example"})


def test_bundled_contexts_are_processed_once_per_thread_not_once_per_credential(monkeypatch):
    loaded = []

    def counting_loader(url, options=None):
        loaded.append(url)
        return document_loader(url, options)

    monkeypatch.setattr(credentials_jsonld, "document_loader", counting_loader)
    monkeypatch.setattr(credentials_jsonld, "_resolved_contexts", threading.local())
    credential = published_vector().credential

    canonical_nquads(credential)
    first = len(loaded)
    canonical_nquads(credential)

    assert first == 2  # the VC 2.0 and OB 3.0 contexts
    assert len(loaded) == first


def test_threads_canonicalising_at_once_all_get_the_published_form():
    credential = published_vector().credential
    expected = DOCUMENT_CANON.read_text(encoding="utf-8")

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: canonical_nquads(credential), range(16)))

    assert results == [expected] * 16
