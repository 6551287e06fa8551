"""First-time passwords: staff whose account came from an import (no usable password yet) do not sign up; they
ask for a link to set their password, sent to their work address by allauth's password-reset flow."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from learning.models import StaffMember
from learning.staffing import current_on

FIRST_PASSWORD_CODE = "first_password"
ERROR_SET_PASSWORD_FIRST = (
    "Your organisation has already set up an account for this email address, so you do not need to sign up: "
    "set your password instead. We can email you a link to do it."
)
ERROR_ALREADY_SIGNED_UP = (
    "There is already an account for this email address. Sign in, or reset your password if you have forgotten it."
)


def staff_account_for_email(email: str):
    """Return the active account linked to a current staff record with this address, or None."""
    staff = (
        StaffMember.objects.filter(
            current_on(timezone.localdate()),
            email__iexact=email.strip(),
            user__isnull=False,
            user__is_active=True,
            anonymised_at__isnull=True,
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    return staff.user if staff is not None else None


def signup_refusal_for_existing_account(email: str) -> forms.ValidationError | None:
    """Return why sign-up is refused for an address whose staff record already has an account, or None.

    An account without a usable password (made by an import) needs its first password set, not a sign-up.
    """
    user = staff_account_for_email(email)
    if user is None:
        return None
    if user.has_usable_password():
        return forms.ValidationError(ERROR_ALREADY_SIGNED_UP, code="already_signed_up")
    return forms.ValidationError(ERROR_SET_PASSWORD_FIRST, code=FIRST_PASSWORD_CODE)


def first_password_email(form) -> str:
    """Return the address a sign-up form was refused for because its account only needs a password, or ""."""
    if form is None or not getattr(form, "is_bound", False) or not form.has_error("email", FIRST_PASSWORD_CODE):
        return ""
    return str(form.data.get("email", "")).strip()
