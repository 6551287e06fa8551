"""The absolute URLs a credential names: the issuer profile, its status list, an achievement, an award.

Every one is served by this platform (``credentials/urls.py``) under the site's address
(``settings.WAGTAILADMIN_BASE_URL``), and each holds an unguessable or public id, never a person's.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def site_url() -> str:
    """Return the site's public address, without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def issuer_url(issuer) -> str:
    """Return the URL of an issuer's Profile (which lists its keys)."""
    return site_url() + reverse("credentials:issuer", args=[issuer.public_id])


def status_list_url(issuer) -> str:
    """Return the URL of an issuer's BitstringStatusListCredential."""
    return site_url() + reverse("credentials:status_list", args=[issuer.public_id])


def achievement_url(achievement) -> str:
    """Return the URL of an achievement's public description."""
    return site_url() + reverse("credentials:achievement", args=[achievement.pk])


def award_url(award) -> str:
    """Return the credential's id: its public verification page."""
    return site_url() + reverse("credentials:verify", args=[award.public_id])


def award_json_url(award) -> str:
    """Return the URL of the signed credential as JSON."""
    return site_url() + reverse("credentials:credential_json", args=[award.public_id])
