"""Context for account emails (cms/templates/account/email/): the site's name, the reader's organisation and
first name, and where to sign in, so that no email speaks of a host name or a stranger's name."""

from __future__ import annotations

from allauth.account import app_settings as account_settings
from allauth.core import context as allauth_context
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.urls import reverse

from learning.models import StaffMember

SECONDS_PER_DAY = 24 * 60 * 60


def recipient_details(email: str) -> tuple[str, str]:
    """Return the first name and organisation names ("A and B") on the current staff records for an address."""
    records = list(
        StaffMember.objects.filter(email__iexact=email.strip(), anonymised_at__isnull=True)
        .order_by("leave_date", "id")
        .values_list("first_name", "organisation__name")[:5]
    )
    first_name = next((first for first, _ in records if first), "")
    organisations = sorted({name for _, name in records})
    return first_name, " and ".join(organisations)


def account_email_context(email: str) -> dict:
    """Return what every account email may name, besides allauth's own context (which wins on a clash)."""
    request = allauth_context.request
    first_name, organisation_name = recipient_details(email)
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": build_absolute_uri(request, "/"),
        "sign_in_url": build_absolute_uri(request, reverse("account_login")),
        "forgot_password_url": build_absolute_uri(request, reverse("account_reset_password")),
        "recipient_first_name": first_name,
        "organisation_name": organisation_name,
        "password_link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // SECONDS_PER_DAY),
        "confirmation_link_days": account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
    }
