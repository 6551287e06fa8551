"""Staff record and team screens announce their changes (``learning.events``): a new record, an edit (team, role,
band, dates), a leaver, a team moved to another parent or deleted. Readiness listens and re-applies cohort rules.

A staff record's re-check covers only the record saved, in the same transaction as the save, and the success
message says which cohorts the person joined or left; a team change re-checks its whole organisation.
"""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse
from wagtail.admin.ui.tables import Column

from learning.events import staff_records_changed_send
from learning.models import Organisation, StaffMember

# The record page belongs to readiness (it reads cohorts and results), above this app: it is named, not imported,
# like the navigation's links to My skills and My team.
RECORD_URL_NAME = "readiness:staff_record"


class RecordLinkColumn(Column):
    """A "View record" link per row of the People list, to the person's learning record on the site."""

    cell_template_name = "learning/admin/record_link_cell.html"

    def __init__(self, name: str = "learning_record", **kwargs):
        kwargs.setdefault("label", "Learning record")
        kwargs.setdefault("accessor", lambda staff: staff.full_name or staff.employee_number)
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        back = request.get_full_path() if request is not None else ""
        url = reverse(RECORD_URL_NAME, args=[instance.pk])
        context["link_url"] = f"{url}?back={quote(back, safe='')}" if back else url
        return context


def staff_change_announce(*, staff: StaffMember, organisation_ids: set[int]) -> str:
    """Announce a change to one person in each organisation it touches; return what listeners had to say."""
    return "".join(
        staff_records_changed_send(organisation=organisation, staff_ids={staff.id})
        for organisation in Organisation.objects.filter(id__in=organisation_ids).order_by("id")
    )


class _RefreshOnCreate:
    def save_instance(self):
        instance = super().save_instance()
        self.change_sentence = staff_change_announce(staff=instance, organisation_ids={instance.organisation_id})
        return instance

    def get_success_message(self, instance):
        message = super().get_success_message(instance)
        return message and message + getattr(self, "change_sentence", "")


class _RefreshOnEdit:
    def save_instance(self):
        before = StaffMember.objects.filter(pk=self.object.pk).values_list("organisation_id", flat=True).first()
        instance = super().save_instance()
        organisation_ids = {before, instance.organisation_id} - {None}
        self.change_sentence = staff_change_announce(staff=instance, organisation_ids=organisation_ids)
        return instance

    def get_success_message(self):
        message = super().get_success_message()
        return message and message + getattr(self, "change_sentence", "")


class StaffChangeAnnounceMixin:
    """Mix into the staff record viewset (before ScopedViewSetMixin) so saves re-apply cohort rules.

    Deleting a record needs nothing: its membership spells go with it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_view_class = type("StaffCreateView", (_RefreshOnCreate, self.add_view_class), {})
        self.edit_view_class = type("StaffEditView", (_RefreshOnEdit, self.edit_view_class), {})


def _team_change_announce(organisation_id: int | None) -> None:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is not None:
        staff_records_changed_send(organisation=organisation)


class _TeamRefreshOnEdit:
    def save_instance(self):
        instance = super().save_instance()
        _team_change_announce(instance.organisation_id)  # a new parent moves the team in or out of team rules
        return instance


class _TeamRefreshOnDelete:
    def delete_action(self):
        organisation_id = self.object.organisation_id
        super().delete_action()
        _team_change_announce(organisation_id)  # its members now have no team


class TeamChangeAnnounceMixin:
    """Mix into the team viewset so moving or deleting a team is announced for its whole organisation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_view_class = type("TeamEditView", (_TeamRefreshOnEdit, self.edit_view_class), {})
        self.delete_view_class = type("TeamDeleteView", (_TeamRefreshOnDelete, self.delete_view_class), {})
