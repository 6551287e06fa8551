"""Reads for the credentials screens (a fixed number of queries each)."""

from __future__ import annotations

from credentials.models import Award, Issuer


def award_list_for_user(user):
    """Return the awards of every staff record of ``user`` (a person keeps them when they move on)."""
    if not getattr(user, "is_authenticated", False):
        return Award.objects.none()
    return (
        Award.objects.filter(staff__user=user)
        .select_related("achievement", "achievement__image", "issuer__organisation")
        .order_by("-issued_at")
    )


def award_get_for_user(user, public_id) -> Award | None:
    """Return one of the user's own awards by its public id, or None."""
    return award_list_for_user(user).filter(public_id=public_id).first()


def award_get_public(public_id) -> Award | None:
    """Return the award a verification URL names (only what the credential itself shows is used)."""
    return Award.objects.select_related("achievement", "issuer__organisation").filter(public_id=public_id).first()


def issuer_get_public(public_id) -> Issuer | None:
    """Return the issuer a profile or status-list URL names."""
    return Issuer.objects.select_related("organisation").filter(public_id=public_id).first()
