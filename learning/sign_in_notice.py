"""New sign-in notices: email the account holder when a sign-in comes from a browser not seen for the account in
the last 180 days (the first browser an account is seen with is simply remembered). Browsers are remembered in
the shared cache by a hash of their user-agent string; a lost cache means a missed notice, never a flood."""

from __future__ import annotations

import hashlib

from allauth.account.adapter import get_adapter
from django.core.cache import cache

KNOWN_BROWSERS_KEY = "sign-in-browsers:{user_id}"
REMEMBER_SECONDS = 180 * 24 * 60 * 60
MAX_BROWSERS = 20
NOTICE_TEMPLATE = "account/email/new_sign_in"


def browser_fingerprint(user_agent: str) -> str:
    """Return a short hash of a user-agent string (the string itself is not kept)."""
    return hashlib.sha256(user_agent.encode("utf-8", "replace")).hexdigest()[:16]


def sign_in_is_from_new_browser(user_id: int, user_agent: str) -> bool:
    """Remember this browser for the account; return whether the account had other browsers but not this one."""
    key = KNOWN_BROWSERS_KEY.format(user_id=user_id)
    known = cache.get(key) or []
    fingerprint = browser_fingerprint(user_agent)
    is_new = bool(known) and fingerprint not in known
    known = [*(item for item in known if item != fingerprint), fingerprint][-MAX_BROWSERS:]
    cache.set(key, known, REMEMBER_SECONDS)
    return is_new


def notify_new_sign_in(sender, request, user, **kwargs) -> None:
    """Send the new sign-in notice when needed (a mail server that fails is logged by the account adapter's
    ``send_mail`` and never stops the sign-in)."""
    if not sign_in_is_from_new_browser(user.pk, request.META.get("HTTP_USER_AGENT", "")):
        return
    get_adapter(request).send_notification_mail(NOTICE_TEMPLATE, user)
