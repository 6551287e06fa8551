"""Send Wagtail's own sign-in, sign-out and password-reset addresses to allauth's, so there is one way in.

Wagtail mounts a password-only sign-in page at /admin/login/ (and Django's plain LoginView at
/_util/login/ for private pages), its own logout and its own password reset. None of them asks for the
second factor or counts failed attempts. These URL patterns sit in front of Wagtail's in config/urls.py
and answer every one of those addresses with a redirect to the matching allauth view.
"""

from __future__ import annotations

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, re_path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

NO_ACCESS_TEMPLATE = "learning/signed_in_no_access.html"


def safe_next(request: HttpRequest) -> str | None:
    """Return the request's `next` address if it stays on this site, else None."""
    target = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _to(request: HttpRequest, url_name: str, status: int = 302) -> HttpResponseRedirect:
    url = reverse(url_name)
    target = safe_next(request)
    if target:
        url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: target})}"
    response = HttpResponseRedirect(url)
    response.status_code = status
    return response


def to_login(request: HttpRequest) -> HttpResponse:
    """Redirect any sign-in attempt to allauth's sign-in page (which asks for the code and throttles).

    Wagtail also sends here someone who is signed in but may not open the admin (or a private page): for
    them allauth's sign-in would send the browser straight back to ``next``, round and round, so they get a
    403 page saying so instead.
    """
    if request.user.is_authenticated:
        return TemplateResponse(request, NO_ACCESS_TEMPLATE, status=403)
    return _to(request, "account_login")


def to_logout(request: HttpRequest) -> HttpResponseRedirect:
    """Redirect to allauth's sign-out, keeping the method (307), so the admin's "Log out" button signs out."""
    return _to(request, "account_logout", status=307)


def to_password_reset(request: HttpRequest, rest: str = "") -> HttpResponseRedirect:
    """Redirect every page of Wagtail's password reset (links in old emails too) to allauth's."""
    return _to(request, "account_reset_password")


urlpatterns = [
    path("admin/login/", to_login),
    path("admin/logout/", to_logout),
    re_path(r"^admin/password_reset/(?P<rest>.*)$", to_password_reset),
    path("_util/login/", to_login),
]
