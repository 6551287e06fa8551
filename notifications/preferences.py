"""Whether a person gets optional reminders, and the one-click link that switches them off (writes in
``optional_reminders_switch``). A reminder is optional when no cohort requires its course of the person (a
course they chose, or a date agreed with their manager) or when it was sent by hand; notices about courses a
cohort requires cannot be switched off, and their emails say so."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from learning.models import StaffMember
from notifications.models import OptionalRemindersOff

SALT = "notifications.unsubscribe"


def unsubscribe_token(staff_id: int) -> str:
    return signing.dumps(staff_id, salt=SALT, compress=True)


def staff_for_token(token: str) -> StaffMember | None:
    """Return the staff record a link was made for, or None for a link that was altered or made elsewhere."""
    try:
        staff_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return StaffMember.objects.filter(pk=staff_id).first() if isinstance(staff_id, int) else None


def unsubscribe_url(staff_id: int) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(staff_id)])
    return settings.WAGTAILADMIN_BASE_URL + path


def optional_reminders_off(staff_ids) -> set[int]:
    """Return which of these people switched optional reminders off."""
    return set(OptionalRemindersOff.objects.filter(staff_id__in=staff_ids).values_list("staff_id", flat=True))


def optional_reminders_switch(staff: StaffMember, *, on: bool) -> None:
    if on:
        OptionalRemindersOff.objects.filter(staff=staff).delete()
    else:
        OptionalRemindersOff.objects.get_or_create(staff=staff)
