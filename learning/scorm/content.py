"""The separate content origin that serves package files, so a package never runs beside the learner's session.

A package is arbitrary HTML and JavaScript from a vendor. It is served from another host name
(``UPSKILL_SCORM_CONTENT_HOST``, for example ``scorm.localhost`` beside ``127.0.0.1``, or ``scorm.example.org``
beside ``learn.example.org``). Session and CSRF cookies are host-only, so the browser sends none with content
requests; ``ContentHostMiddleware`` answers only content URLs on that host, and the content view answers only
there. Access to a version's files is granted by a signed, expiring token in the URL (version, learner and the
lesson page's origin), made when the lesson page is rendered. The player page on the content origin talks to
the lesson page only by ``postMessage``, each side checking the other's origin; the lesson page alone, on the main
origin, posts commits with the learner's session and CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseNotFound

SALT = "learning.scorm.content"
TOKEN_MAX_AGE = 12 * 60 * 60  # seconds: a lesson page left open longer is reloaded to play again
PREFIX = "/scorm-content/"
ALLOWED_ON_CONTENT_HOST = (PREFIX, "/static/")


@dataclass(frozen=True)
class Grant:
    """What a content token allows: one learner's access to one package version, for one lesson page origin."""

    version_id: int
    staff_id: int
    parent_origin: str


def content_host() -> str:
    return settings.UPSKILL_SCORM_CONTENT_HOST.lower()


def _hostname(request) -> str:
    host = request.get_host().lower()
    return host.rsplit(":", 1)[0] if not host.endswith("]") else host


def is_content_request(request) -> bool:
    """Return True when the request came to the content host."""
    return _hostname(request) == content_host()


def content_origin_for(request) -> str:
    """Return the content origin beside the request's own: same scheme and port, the content host name."""
    host = request.get_host()
    port = "" if host.endswith("]") or ":" not in host else ":" + host.rsplit(":", 1)[1]
    return f"{request.scheme}://{content_host()}{port}"


def grant_token(*, version_id: int, staff_id: int, parent_origin: str) -> str:
    return signing.dumps({"v": version_id, "s": staff_id, "o": parent_origin}, salt=SALT, compress=True)


def grant_read(token: str) -> Grant:
    """Return the grant a token carries; raise ``Http404`` for a forged, altered or expired one."""
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
        return Grant(version_id=int(data["v"]), staff_id=int(data["s"]), parent_origin=str(data["o"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise Http404("This content link is not valid or has expired.") from error


def content_security_policy(grant: Grant) -> str:
    """Return the policy of content responses: packages run their own inline scripts, but load nothing from other
    hosts (``UPSKILL_SCORM_CONTENT_SOURCES`` adds hosts an organisation trusts) and only the lesson page frames them.
    """
    sources = " ".join(["'self'", *settings.UPSKILL_SCORM_CONTENT_SOURCES])
    return (
        f"default-src {sources} 'unsafe-inline' 'unsafe-eval' data: blob:; "
        f"connect-src {sources}; form-action 'self'; frame-ancestors 'self' {grant.parent_origin}"
    )


def player_url(*, request, version_id: int, staff_id: int) -> str:
    """Return the URL of the player page on the content origin for this learner and version."""
    origin = f"{request.scheme}://{request.get_host()}"
    token = grant_token(version_id=version_id, staff_id=staff_id, parent_origin=origin)
    return f"{content_origin_for(request)}{PREFIX}{token}/"


class ContentHostMiddleware:
    """On the content host, answer nothing but content URLs and static files (no pages, no admin, no sign-in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_content_request(request) and not request.path.startswith(ALLOWED_ON_CONTENT_HOST):
            return HttpResponseNotFound("Not found", content_type="text/plain; charset=utf-8")
        return self.get_response(request)
