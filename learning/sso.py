"""Single sign-on rules: which email address a provider vouches for, who may come in, what they are told.

The email rule. An email address that the provider does not vouch for never claims a staff record,
never connects to an existing account and never creates one; the person is told why and nothing is
stored. What counts as vouched for:

- A generic OpenID Connect provider vouches for the ``email`` claim only when ``email_verified`` is
  ``true``. An ``email_verified`` that is ``false`` or absent is not a vouch.
- Microsoft Entra ID puts no ``email_verified`` in its tokens. Its ``email`` claim is optional and
  not verified by Microsoft, and Microsoft warns that ``preferred_username`` can change and is no
  basis for authorisation on its own (Microsoft identity platform, "ID token claims reference").
  What Entra does guarantee is ``tid``, the directory (tenant) the account lives in; a tenant's
  administrators control the addresses of its member accounts. So when the provider's app settings
  name a tenant (``tenant_id``, from ``OIDC_ENTRA_TENANT_ID``), the ``email`` claim, or failing that
  ``preferred_username``, is trusted only if the token's ``tid`` is that tenant, the account is a
  member of it rather than a guest from another directory (``idp``, when present, names the issuer),
  and Entra has not flagged the address's domain as unverified (the optional ``xms_edov`` claim, when
  sent, is not ``false``). A token from any other tenant is refused outright, even for an account
  that is already connected.

A vouched address must still be in an allowed organisation domain and match a current, unclaimed
staff record before an account is created; an address that matches an existing account (one an
import created included) connects to it: one user, one social account. HR and platform admins still
give their second factor after single sign-on: allauth asks for the authenticator code once the
provider has signed them in, as it does after a password.

PKCE (S256) and ``state`` protect the redirect (allauth). allauth 65.21's OpenID Connect client
sends no ``nonce``, so this module adds one: the redirect to the provider gains a random ``nonce``,
kept in the session under the redirect's ``state``, and an ID token that comes back must carry it.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests
from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils import timezone

from learning.accounts import (
    ERROR_DOMAIN_NOT_ALLOWED,
    ERROR_LEAVER,
    ERROR_NO_STAFF_RECORD,
    allowed_domains,
    staff_for_signup,
)
from learning.models import StaffMember
from learning.staffing import left_by

SSO_PATH_PREFIX = "/accounts/oidc/"
NONCES_SESSION_KEY = "upskill_sso_nonces"
NONCES_KEPT = 5  # sign-ins started in other tabs and not finished
TEMPLATE = "learning/sso_problem.html"

ERROR_EMAIL_NOT_VOUCHED = (
    "Your sign-in service did not confirm your email address, so we cannot match you to a staff record. "
    "Sign in with your email address and password instead, or ask your IT team to check your account."
)
ERROR_WRONG_TENANT = (
    "That account belongs to another organisation's directory. Sign in with your own work account, "
    "or with your email address and password."
)
ERROR_GUEST_ACCOUNT = (
    "Guest accounts from another organisation's directory cannot sign in here. Sign in with your own "
    "work account, or with your email address and password."
)
ERROR_PROVIDER_UNREACHABLE = (
    "We could not reach {provider} to sign you in. Try again in a few minutes, or sign in with your "
    "email address and password."
)
ERROR_SIGN_IN_FAILED = (
    "Signing in with {provider} did not finish, so you are not signed in. This happens if the sign-in "
    "page was open for too long or was opened from another window. Start again from the sign-in page."
)


class Refused(Exception):
    """A single sign-on that must not go on, with the message to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def provider_claims(extra_data: dict) -> dict:
    """Return the claims to judge: the ID token's, completed by userinfo's when both name one subject."""
    id_token = dict(extra_data.get("id_token") or {})
    userinfo = dict(extra_data.get("userinfo") or {})
    if not id_token:
        return userinfo
    if userinfo and userinfo.get("sub") != id_token.get("sub"):
        raise Refused(ERROR_SIGN_IN_FAILED.format(provider="the sign-in service"))
    return {**userinfo, **id_token}


def vouched_email(claims: dict, tenant_id: str = "") -> str:
    """Return the email address the provider vouches for, or raise Refused saying why there is none.

    With ``tenant_id`` set the provider is Entra ID: trust ``email`` or ``preferred_username`` from a
    member account of that tenant. Without it: trust ``email`` only with ``email_verified`` true.
    """
    if tenant_id:
        if str(claims.get("tid", "")).lower() != tenant_id.lower():
            raise Refused(ERROR_WRONG_TENANT)
        if claims.get("idp") and claims.get("idp") != claims.get("iss"):
            raise Refused(ERROR_GUEST_ACCOUNT)
        if claims.get("xms_edov") is False:
            raise Refused(ERROR_EMAIL_NOT_VOUCHED)
        candidates = [claims.get("email"), claims.get("preferred_username")]
    else:
        candidates = [claims.get("email")] if claims.get("email_verified") is True else []
    for candidate in candidates:
        email = str(candidate or "").strip()
        if _looks_like_email(email):
            return email
    raise Refused(ERROR_EMAIL_NOT_VOUCHED)


def _looks_like_email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local and "." in domain and " " not in text)


def _tenant_id(sociallogin) -> str:
    app = getattr(sociallogin.provider, "app", None)
    return str((app.settings or {}).get("tenant_id") or "") if app is not None else ""


def email_addresses_apply(sociallogin) -> None:
    """Replace the login's addresses with the one the provider vouches for (verified), or with none.

    Runs before allauth looks the person up, so an address that is not vouched for can neither sign
    in to nor connect to an existing account.
    """
    try:
        email = vouched_email(provider_claims(sociallogin.account.extra_data), _tenant_id(sociallogin))
    except Refused:
        sociallogin.email_addresses = []
        if sociallogin.user is not None:
            sociallogin.user.email = ""
        return
    sociallogin.email_addresses = [EmailAddress(email=email, verified=True, primary=True)]
    if sociallogin.user is not None:
        sociallogin.user.email = email


def nonce_add(request, location: str) -> str:
    """Return the provider redirect ``location`` with a fresh nonce, remembered under its ``state``."""
    parts = urlsplit(location)
    query = parse_qs(parts.query, keep_blank_values=True)
    state = (query.get("state") or [""])[0]
    if not state or "nonce" in query:
        return location
    nonce = secrets.token_urlsafe(24)
    nonces = dict(request.session.get(NONCES_SESSION_KEY) or {})
    nonces[state] = nonce
    request.session[NONCES_SESSION_KEY] = dict(list(nonces.items())[-NONCES_KEPT:])
    query["nonce"] = [nonce]
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))


def nonce_check(request, id_token: dict) -> None:
    """Raise Refused unless the ID token carries the nonce sent with this browser's redirect.

    A token response without an ID token (allauth then reads the userinfo endpoint alone) has no
    token to replay; the code it came from is bound to this browser by PKCE.
    """
    nonces = dict(request.session.get(NONCES_SESSION_KEY) or {})
    expected = nonces.pop(request.GET.get("state", ""), None)
    request.session[NONCES_SESSION_KEY] = nonces
    if not id_token:
        return
    if not expected or not secrets.compare_digest(str(id_token.get("nonce", "")), expected):
        raise Refused(ERROR_SIGN_IN_FAILED.format(provider=_provider_label(request)))


def _provider_label(request) -> str:
    return provider_name(request) if request.path.startswith(SSO_PATH_PREFIX) else "the sign-in service"


def sso_login_check(request, sociallogin) -> None:
    """Raise Refused unless this single sign-on may sign in, connect or create an account.

    The ID token must carry this browser's nonce. A new person needs a vouched address in an
    allowed domain that matches a current, unclaimed staff record; an existing connection only
    needs the right tenant (for Entra ID).
    """
    nonce_check(request, sociallogin.account.extra_data.get("id_token") or {})
    claims = provider_claims(sociallogin.account.extra_data)
    tenant_id = _tenant_id(sociallogin)
    if sociallogin.is_existing and sociallogin.account.pk:
        if tenant_id:
            vouched_email(claims, tenant_id)  # the tenant rule holds for every sign-in
        return
    email = vouched_email(claims, tenant_id)
    if sociallogin.is_existing:
        return  # an existing account with this vouched address: allauth connects it
    if email.rsplit("@", 1)[-1].lower() not in allowed_domains():
        raise Refused(ERROR_DOMAIN_NOT_ALLOWED)
    if staff_for_signup(email) is None:
        leaver = StaffMember.objects.filter(left_by(timezone.localdate()), email__iexact=email, user__isnull=True)
        raise Refused(ERROR_LEAVER if leaver.exists() else ERROR_NO_STAFF_RECORD)


def problem_page(request, message: str, status: int):
    """Render the single sign-on problem page with the message and a way back to the sign-in page."""
    return render(request, TEMPLATE, {"message": message}, status=status)


def authentication_error_page(request, provider, error, exception):
    """Return the page for a sign-in that failed on the way back from the provider (None if cancelled).

    A provider that cannot be reached is a 503; anything else (a state that does not match this
    browser's session, a refused code, a bad token) is a 400 and nobody is signed in.
    """
    if error == "cancelled":
        return None  # allauth's own "cancelled" page says so and offers the way back
    if isinstance(exception, requests.RequestException):
        return problem_page(request, ERROR_PROVIDER_UNREACHABLE.format(provider=provider.name), 503)
    return problem_page(request, ERROR_SIGN_IN_FAILED.format(provider=provider.name), 400)


def provider_name(request) -> str:
    """Return the display name of the provider the request is for, from its URL."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp

    parts = request.path[len(SSO_PATH_PREFIX) :].split("/", 1)
    try:
        return get_adapter(request).get_provider(request, parts[0]).name
    except (SocialApp.DoesNotExist, ImproperlyConfigured):  # allauth answers 404 for these anyway
        return "the sign-in service"


def provider_origins(request) -> list[str]:
    """Return the origins (scheme://host:port) of every configured OpenID Connect provider."""
    from allauth.socialaccount.adapter import get_adapter

    origins = []
    for app in get_adapter(request).list_apps(request, provider="openid_connect"):
        parts = urlsplit((app.settings or {}).get("server_url", ""))
        if parts.scheme in {"http", "https"} and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


class SingleSignOnMiddleware:
    """Let sign-in forms go to the configured provider, add a nonce, answer clearly when it is down.

    Content Security Policy: on the account pages (which carry the "Sign in with ..." form) the
    ``form-action`` directive gains the configured providers' origins, since the browser applies it
    to the redirect that follows the form. Placed after django-csp's middleware in ``MIDDLEWARE``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(SSO_PATH_PREFIX) and response.status_code == 302:
            response["Location"] = nonce_add(request, response["Location"])
        if request.path.startswith("/accounts/") and response.get("Content-Type", "").startswith("text/html"):
            origins = provider_origins(request)
            if origins:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = list(update.get("form-action", [])) + origins
                response._csp_update = update
        return response

    def process_exception(self, request, exception):
        if request.path.startswith(SSO_PATH_PREFIX) and isinstance(exception, requests.RequestException):
            return problem_page(request, ERROR_PROVIDER_UNREACHABLE.format(provider=provider_name(request)), 503)
        return None
