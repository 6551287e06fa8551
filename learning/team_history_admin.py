"""The staff record admin screens keep team history: a new record opens its first spell, and an edit that changes
the team closes the old spell and opens the next from today (``learning.team_history``)."""

from __future__ import annotations

from django.utils import timezone

from learning.models import StaffMember
from learning.team_history import TeamChange, team_spells_move, team_spells_open


class _HistoryOnCreate:
    def save_instance(self):
        instance = super().save_instance()
        team_spells_open(records=[(instance.pk, instance.team_id, instance.start_date)])
        return instance


class _HistoryOnEdit:
    def save_instance(self):
        before = StaffMember.objects.filter(pk=self.object.pk).values_list("team_id", flat=True).first()
        instance = super().save_instance()
        change = TeamChange(instance.pk, before, instance.team_id, instance.start_date)
        team_spells_move(changes=[change], day=timezone.localdate())
        return instance


class StaffTeamHistoryMixin:
    """Mix into the staff record viewset so creating or editing a record keeps its team history."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_view_class = type("StaffCreateView", (_HistoryOnCreate, self.add_view_class), {})
        self.edit_view_class = type("StaffEditView", (_HistoryOnEdit, self.edit_view_class), {})
