"""Roles from groups and staff records: who is HR or a platform admin, and for which organisations. Deny by default.

Which staff records each person may see is ``learning.visibility``."""

from __future__ import annotations

from django.utils import timezone

from learning.models import Organisation, StaffMember
from learning.staffing import current_on

HR_GROUP = "HR"
ADMIN_GROUP = "Platform admins"
EDITORS_GROUP = "Editors"  # Wagtail's: write content and submit it for review
MODERATORS_GROUP = "Moderators"  # Wagtail's: review, approve and publish (the demo's reviewer)


def _group_names(user) -> set[str]:
    cached = getattr(user, "_role_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._role_groups = cached
    return cached


def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or ADMIN_GROUP in _group_names(user)))


def is_hr(user) -> bool:
    return bool(user.is_authenticated and HR_GROUP in _group_names(user))


def may_approve_content(user) -> bool:
    """Whether the user may approve pages in some review: a superuser, or a member of a group named by an active
    Wagtail approval task (by default "Moderators")."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from wagtail.models import GroupApprovalTask

    return GroupApprovalTask.objects.filter(active=True, groups__name__in=_group_names(user)).exists()


def requires_mfa(user) -> bool:
    """HR and platform admins must use a second factor."""
    return is_hr(user) or is_platform_admin(user)


def hr_organisation_ids(user) -> set[int]:
    """Return the organisations whose people data the user may see as HR (all for platform admins)."""
    if is_platform_admin(user):
        return set(Organisation.objects.values_list("id", flat=True))
    if not is_hr(user):
        return set()
    current = StaffMember.objects.filter(current_on(timezone.localdate()), user=user)
    return set(current.values_list("organisation_id", flat=True))
