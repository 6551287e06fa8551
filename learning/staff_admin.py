"""Staff record and team screens re-apply cohort rules: a new record, an edit (team, role, band, dates), a
leaver, a team moved to another parent or deleted.

A staff record's re-check covers only the record saved, in the same transaction as the save, and the success
message says which cohorts the person joined or left; a team change re-checks its whole organisation.
"""

from __future__ import annotations

from django.utils import timezone

from learning.cohorts import MembershipChange, cohort_memberships_refresh_all
from learning.models import Cohort, Organisation, StaffMember


def staff_cohorts_refresh(*, staff: StaffMember, organisation_ids: set[int]) -> dict[str, list[str]]:
    """Re-check one person against every cohort of the given organisations; return the cohort names joined and left."""
    today = timezone.localdate()
    changes: dict[tuple[int, str], MembershipChange] = {}
    for organisation in Organisation.objects.filter(id__in=organisation_ids).order_by("id"):
        result = cohort_memberships_refresh_all(organisation=organisation, today=today, staff_ids={staff.id})
        changes.update({(organisation.id, slug): change for slug, change in result.items()})
    moved = {key for key, change in changes.items() if change.joined or change.left}
    names = {
        (org_id, slug): name
        for org_id, slug, name in Cohort.objects.filter(organisation_id__in=organisation_ids).values_list(
            "organisation_id", "slug", "name"
        )
        if (org_id, slug) in moved
    }
    return {
        "joined": sorted(names[key] for key in moved if changes[key].joined),
        "left": sorted(names[key] for key in moved if changes[key].left),
    }


def cohort_change_sentence(moves: dict[str, list[str]] | None) -> str:
    """Return e.g. " Joined cohort: Ward managers. Left cohort: All staff." (empty when nothing moved)."""
    if not moves:
        return ""
    parts = []
    for key, verb in (("joined", "Joined"), ("left", "Left")):
        names = moves.get(key) or []
        if names:
            noun = "cohort" if len(names) == 1 else "cohorts"
            parts.append(f"{verb} {noun}: {', '.join(names)}.")
    return (" " + " ".join(parts)) if parts else ""


class _RefreshOnCreate:
    def save_instance(self):
        instance = super().save_instance()
        self.cohort_moves = staff_cohorts_refresh(staff=instance, organisation_ids={instance.organisation_id})
        return instance

    def get_success_message(self, instance):
        message = super().get_success_message(instance)
        return message and message + cohort_change_sentence(getattr(self, "cohort_moves", None))


class _RefreshOnEdit:
    def save_instance(self):
        before = StaffMember.objects.filter(pk=self.object.pk).values_list("organisation_id", flat=True).first()
        instance = super().save_instance()
        organisation_ids = {before, instance.organisation_id} - {None}
        self.cohort_moves = staff_cohorts_refresh(staff=instance, organisation_ids=organisation_ids)
        return instance

    def get_success_message(self):
        message = super().get_success_message()
        return message and message + cohort_change_sentence(getattr(self, "cohort_moves", None))


class StaffCohortRefreshMixin:
    """Mix into the staff record viewset (before ScopedViewSetMixin) so saves re-apply cohort rules.

    Deleting a record needs nothing: its membership spells go with it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_view_class = type("StaffCreateView", (_RefreshOnCreate, self.add_view_class), {})
        self.edit_view_class = type("StaffEditView", (_RefreshOnEdit, self.edit_view_class), {})


def _team_cohorts_refresh(organisation_id: int | None) -> None:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is not None:
        cohort_memberships_refresh_all(organisation=organisation)


class _TeamRefreshOnEdit:
    def save_instance(self):
        instance = super().save_instance()
        _team_cohorts_refresh(instance.organisation_id)  # a new parent moves the team in or out of team rules
        return instance


class _TeamRefreshOnDelete:
    def delete_action(self):
        organisation_id = self.object.organisation_id
        super().delete_action()
        _team_cohorts_refresh(organisation_id)  # its members now have no team


class TeamCohortRefreshMixin:
    """Mix into the team viewset so moving or deleting a team re-applies its organisation's cohort rules."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_view_class = type("TeamEditView", (_TeamRefreshOnEdit, self.edit_view_class), {})
        self.delete_view_class = type("TeamDeleteView", (_TeamRefreshOnDelete, self.delete_view_class), {})
