"""Who may see what: roles derived from groups and staff records. Deny by default."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from learning.models import Organisation, StaffMember
from learning.staffing import current_on

HR_GROUP = "HR"
ADMIN_GROUP = "Platform admins"


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


def organisations_for_user(user) -> QuerySet[Organisation]:
    """Return the organisations the user may manage as HR or admin."""
    return Organisation.objects.filter(id__in=hr_organisation_ids(user))


def report_ids(manager: StaffMember) -> set[int]:
    """Return the ids of a manager's direct and indirect reports (one query per level, cycle-safe)."""
    found: set[int] = set()
    frontier = {manager.id}
    while frontier:
        children = set(
            StaffMember.objects.filter(line_manager_id__in=frontier, organisation_id=manager.organisation_id)
            .exclude(id__in=found | {manager.id})
            .values_list("id", flat=True)
        )
        found |= children
        frontier = children
    return found


def visible_staff(user) -> QuerySet[StaffMember]:
    """Return the staff records the user may see: own, reports, or their organisations as HR."""
    if not user.is_authenticated:
        return StaffMember.objects.none()
    org_ids = hr_organisation_ids(user)
    own = list(StaffMember.objects.filter(user=user))
    ids = {s.id for s in own}
    for record in own:
        ids |= report_ids(record)
    return StaffMember.objects.filter(id__in=ids) | StaffMember.objects.filter(organisation_id__in=org_ids)
