"""Who may see which staff records: the one home of the rule every site view, admin screen and export asks.

- Everyone may see their own records.
- A line manager (while current staff, ``learning.staffing``) may see the records of the people who report to
  them, directly or further down the chain.
- HR (while current staff in an organisation) and platform admins may see every record of the organisations
  they manage: HR their own organisations, platform admins all of them. Only they may use the people screens
  (reports, exports, the staff import, leavers and anonymising, the audit log, the people admin).

Group membership itself (who is HR, who is a platform admin, who must use a second factor) is in
``learning.roles``. Deny by default: anyone signed out, or whose account is inactive, manages nothing.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from learning import roles
from learning.models import Organisation, StaffMember
from learning.staffing import current_on


def may_manage_people(user) -> bool:
    """Return whether the user may use the people screens at all: an active HR user or platform admin."""
    return bool(user.is_authenticated and user.is_active and (roles.is_platform_admin(user) or roles.is_hr(user)))


def people_organisation_ids(user) -> set[int]:
    """Return the organisations whose staff records the user manages (empty for everyone else)."""
    return roles.hr_organisation_ids(user) if may_manage_people(user) else set()


def people_organisations(user) -> QuerySet[Organisation]:
    """Return the organisations whose staff records the user manages, as a queryset."""
    return Organisation.objects.filter(id__in=people_organisation_ids(user))


def organisation_scope(user) -> set[int] | None:
    """Return the organisations the user's admin screens are kept to; None means every organisation."""
    if may_manage_people(user) and roles.is_platform_admin(user):
        return None
    return people_organisation_ids(user)


def scope_to_organisations(queryset: QuerySet, field: str, user) -> QuerySet:
    """Narrow ``queryset`` to rows whose ``field`` (a lookup to an organisation id) is one the user manages."""
    scope = organisation_scope(user)
    return queryset if scope is None else queryset.filter(**{f"{field}__in": scope})


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


def manager_records(user, today: date) -> list[StaffMember]:
    """Return the user's records that are current staff on ``today``: those whose reports they may see."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(StaffMember.objects.filter(current_on(today), user=user).order_by("id"))


def visible_staff(user, today: date | None = None) -> QuerySet[StaffMember]:
    """Return every staff record the user may see: their own, their reports' and their organisations' as HR."""
    if not getattr(user, "is_authenticated", False):
        return StaffMember.objects.none()
    scope = organisation_scope(user)
    if scope is None:
        return StaffMember.objects.all()
    ids: set[int] = set()
    for record in manager_records(user, today or timezone.localdate()):
        ids |= report_ids(record)
    return StaffMember.objects.filter(Q(user=user) | Q(id__in=ids) | Q(organisation_id__in=scope))


def may_see_staff(user, staff: StaffMember, today: date | None = None) -> bool:
    """Return whether the user may see this staff record."""
    return visible_staff(user, today).filter(pk=staff.pk).exists()
