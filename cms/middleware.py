"""Refuse, with a 400, addresses that no page of the site could read.

A web address arrives as bytes. When its path or query string holds a NUL byte, or bytes that are not UTF-8
(such as %ED%A0%80, half of a UTF-16 surrogate pair, or %FF), Django lets the NUL through or swaps the bad
bytes for a replacement character, and the NUL reaches the database: PostgreSQL refuses NUL in text and
SQLite stops the query at it, so a search for ``a%00b`` was a server error. No link the site makes holds
either, so the request is answered "400 Bad Request" before any view runs.

Views still check the values they read (dates, numbers, choices): this catches only what cannot be text.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest

BAD_ADDRESS = (
    "This web address has characters in it that cannot be read (a NUL byte or text that is not UTF-8). "
    "Check the link, or go back and try again."
)


def text_readable(data: bytes) -> bool:
    """Return whether ``data`` is UTF-8 text with no NUL character (Python's UTF-8 refuses lone surrogates)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def _wsgi_bytes(value: str) -> bytes:
    """Return a WSGI string as the bytes it stands for (one byte per character); other text as UTF-8."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:  # already decoded text: check it as it is
        return value.encode("utf-8", errors="surrogatepass")


def path_readable(path_info: str) -> bool:
    """Return whether a request's path is readable text.

    Django has already decoded the path and written any bytes that are not UTF-8 back as percent escapes
    (``%ED%A0%80``), so those escapes are decoded again here. A path that really asks for the text "%FF"
    is refused too: no page of the site has one.
    """
    return text_readable(unquote_to_bytes(path_info.encode("utf-8", errors="surrogatepass")))


def query_readable(query_string: str) -> bool:
    """Return whether a query string is readable text once its percent escapes and "+" are decoded."""
    return text_readable(unquote_to_bytes(_wsgi_bytes(query_string).replace(b"+", b" ")))


class UnreadableAddressMiddleware:
    """Answer 400 for a request whose path or query string is not readable text (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (path_readable(request.path_info) and query_readable(request.META.get("QUERY_STRING", ""))):
            return HttpResponseBadRequest(BAD_ADDRESS, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
