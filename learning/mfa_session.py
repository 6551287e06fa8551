"""Whether a session has used its second factor, and where a privileged session that has not may go.

The rule (HR and platform admins, see roles.requires_mfa):

- A session counts as having used the second factor only if allauth recorded an "mfa" authentication
  for this user in this session: a correct authenticator code or recovery code, given either at the
  sign-in step (/accounts/2fa/authenticate/) or at allauth's "confirm it's you" step
  (/accounts/2fa/reauthenticate/). Having an authenticator set up is not enough.
- Every way of signing in is covered, because the rule looks at the session, not at the door: a
  password sign-in records "password", single sign-on records "socialaccount"; neither is "mfa".
  allauth's login stages already ask for the code after a password or a single sign-on when the user
  has an authenticator; a session that got past without one (an older session, a first set-up, a
  login stage skipped) is sent to the reauthenticate step and admitted once the code is given there.
- Until then the session reaches only the steps it needs: with no authenticator, setting one up
  (and allauth's password check that set-up asks for) and signing out; with an authenticator, giving
  the code and signing out. Nothing else on the site or in the admin, not even other /accounts/ pages.
  Once they have an authenticator, allauth's "confirm it's you" asks them for the code only, never the
  password (StaffAccountAdapter.get_reauthentication_methods).
- allauth's "trust this browser" (MFA_TRUST_ENABLED) must stay off: it skips the code without
  recording "mfa", so this rule would then ask for the code anyway.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

SECOND_FACTOR_METHOD = "mfa"
# URL names a privileged session may reach before it has an authenticator, and before it has used one.
SET_UP_STEPS = ("mfa_activate_totp", "account_reauthenticate", "account_logout")
CODE_STEPS = ("mfa_reauthenticate", "account_logout")


def second_factor_used(request: HttpRequest, user) -> bool:
    """Return whether this session has passed a second-factor check (code or recovery code) for this user."""
    return any(record.get("method") == SECOND_FACTOR_METHOD for record in get_authentication_records(request, user))


def has_authenticator(user) -> bool:
    """Return whether the user has set up an authenticator app (cached on the user for the request)."""
    from allauth.mfa.models import Authenticator

    cached = getattr(user, "_has_mfa", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._has_mfa = cached
    return cached


def second_factor_step(request: HttpRequest, user) -> str | None:
    """Return the address a privileged user must visit first, or None when this request may go ahead."""
    if request.path.startswith(settings.STATIC_URL):
        return None
    if not has_authenticator(user):
        step, allowed = "mfa_activate_totp", SET_UP_STEPS
    elif not second_factor_used(request, user):
        step, allowed = "mfa_reauthenticate", CODE_STEPS
    else:
        return None
    if request.path in {reverse(name) for name in allowed}:
        return None
    return f"{reverse(step)}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
