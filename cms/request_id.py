"""Give every request an id, send it back in X-Request-ID and stamp it on every log line written meanwhile."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
NO_REQUEST = "-"
_ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")
_current: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def request_id_for(incoming: str | None) -> str:
    """Return the id a proxy sent when it is a plain token of 8-64 characters, else a new random one."""
    if incoming and _ACCEPTED.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def current_request_id() -> str:
    """Return the id of the request being served in this context, or "-" outside a request."""
    return _current.get()


class RequestIdMiddleware:
    """Set the request id for the duration of the request and echo it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request.headers.get(HEADER))
        _current.set(request.request_id)  # cleared when the request finishes (request_finished, below)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def request_id_clear(**kwargs) -> None:
    """Forget the request id once the response is done.

    Not when the middleware returns: Django logs "Not Found" and other 4xx answers after the whole middleware
    chain has run, and those lines should carry the id too.
    """
    _current.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every log record (the current request's id, or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
