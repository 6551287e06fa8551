"""Sign-in rules: staff-matched sign-up, a used second factor for privileged roles, shorter sessions for them."""

from __future__ import annotations

import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from learning import mfa_session, roles, visibility
from learning.account_emails import account_email_context
from learning.first_password import signup_refusal_for_existing_account
from learning.models import Organisation, StaffMember
from learning.staffing import current_on

ERROR_NO_STAFF_RECORD = (
    "We could not find a staff record for this email address. Use your work email, or ask your HR team to add you."
)
ERROR_DOMAIN_NOT_ALLOWED = "Sign-up is only open to work email addresses of organisations that use this site."
ERROR_LEAVER = "This staff record has a leave date, so it cannot be used to sign in."
# Emails a person asked for: if one cannot be sent they are told so; a notice they did not ask for is only logged.
REQUESTED_EMAILS = {
    "account/email/password_reset_key",
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
    "account/email/unknown_account",
    "account/email/account_already_exists",
    "account/email/login_code",
}
ERROR_MAIL_NOT_SENT = (
    "We could not send the email just now because the mail server did not answer. Please try again in a few "
    "minutes; if it keeps happening, tell your HR team."
)
logger = logging.getLogger(__name__)


def allowed_domains() -> set[str]:
    """Return every organisation's allowed email domains, lower-cased."""
    domains = set()
    for text in Organisation.objects.exclude(email_domains="").values_list("email_domains", flat=True):
        domains |= {line.strip().lower().lstrip("@") for line in text.splitlines() if line.strip()}
    return domains


def staff_for_signup(email: str) -> StaffMember | None:
    """Return the unclaimed, current staff record an email address may sign up for, or None."""
    return (
        StaffMember.objects.filter(current_on(timezone.localdate()), email__iexact=email.strip(), user__isnull=True)
        .order_by("id")
        .first()
    )


def signup_email_check(email: str) -> None:
    """Raise ValidationError unless the email is in an allowed domain and matches a staff record."""
    domain = email.rsplit("@", 1)[-1].lower()
    if domain not in allowed_domains():
        raise forms.ValidationError(ERROR_DOMAIN_NOT_ALLOWED)
    if staff_for_signup(email) is None:
        raise signup_refusal_for_existing_account(email) or forms.ValidationError(ERROR_NO_STAFF_RECORD)


def staff_link_user(user) -> None:
    """Link a newly signed-up user to the staff record with their email address."""
    staff = staff_for_signup(user.email)
    if staff is not None:
        StaffMember.objects.filter(id=staff.id, user__isnull=True).update(user=user)


class StaffAccountAdapter(DefaultAccountAdapter):
    """Sign-up only for work emails that match a staff record; links the account to that record."""

    def is_open_for_signup(self, request) -> bool:
        return getattr(settings, "UPSKILL_SIGNUP_BY_STAFF_EMAIL", True)

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        request = getattr(self, "request", None)
        if request is not None and request.path.startswith(reverse("account_signup")):
            signup_email_check(email)
        return email

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            staff_link_user(user)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Send an account email; if the mail server cannot be reached, log it and tell the person, not a 500."""
        try:
            super().send_mail(template_prefix, email, {**account_email_context(email), **context})
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send the %s email", template_prefix)
            request = getattr(self, "request", None)
            if template_prefix in REQUESTED_EMAILS and request is not None and hasattr(request, "_messages"):
                messages.error(request, ERROR_MAIL_NOT_SENT)

    def get_login_redirect_url(self, request) -> str:
        """Send HR and platform admins to the admin home (their cohorts' readiness), everyone else to My learning.

        Only the default: allauth still follows a ``next`` address when it stays on this site.
        """
        if visibility.may_manage_people(request.user):
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)

    def get_reauthentication_methods(self, user) -> list[dict]:
        """Leave the password out for HR and admins with an authenticator: they confirm it is them with the code."""
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and roles.requires_mfa(user) and mfa_session.has_authenticator(user):
            methods = [method for method in methods if method["id"] != "reauthenticate"]
        return methods


class StaffSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on: connect to the existing account by email; new accounts only for staff records.

    The rules (which email a provider vouches for, tenants, messages) live in ``learning.sso``.
    """

    def populate_user(self, request, sociallogin, data):
        from learning import sso

        user = super().populate_user(request, sociallogin, data)
        sso.email_addresses_apply(sociallogin)
        return user

    def pre_social_login(self, request, sociallogin) -> None:
        from learning import sso

        try:
            sso.sso_login_check(request, sociallogin)
        except sso.Refused as refusal:
            raise ImmediateHttpResponse(sso.problem_page(request, refusal.message, 403)) from None

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        from learning import sso

        response = sso.authentication_error_page(request, provider, error, exception)
        if response is not None:
            raise ImmediateHttpResponse(response)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        email = (sociallogin.user.email or "").strip()
        return bool(email) and staff_for_signup(email) is not None

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        staff_link_user(user)
        return user


class PrivilegedAccessMiddleware:
    """Keep HR and admins out of the site and the admin until this session has used their second factor.

    The rule, and the few steps such a session may still reach, live in learning/mfa_session.py. These
    sessions are also shorter (UPSKILL_PRIVILEGED_SESSION_SECONDS).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _privileged(request, user):
            if not request.session.get("privileged_expiry_set"):
                request.session.set_expiry(settings.UPSKILL_PRIVILEGED_SESSION_SECONDS)
                request.session["privileged_expiry_set"] = True
            step = mfa_session.second_factor_step(request, user)
            if step is not None:
                return redirect(step)
        return self.get_response(request)


def _privileged(request, user) -> bool:
    """Return whether the user is HR or an admin.

    Worked out once per session for the site's own pages (roles change rarely), and again on every admin
    request, where all the HR screens are (the admin menu looks the groups up anyway): someone made HR
    or admin while signed in meets the second-factor rule at the admin's door.
    """
    key = "privileged_role"
    cached = request.session.get(key)
    if cached is None or cached[0] != user.pk or request.path.startswith(reverse("wagtailadmin_home")):
        fresh = [user.pk, roles.requires_mfa(user)]
        if cached != fresh:
            request.session[key] = cached = fresh
    return bool(cached[1])
