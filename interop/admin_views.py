"""Admin screen "Learning Record Stores": each organisation's LRS endpoints with the state of their outbox
(waiting, sent, failed, the oldest waiting and the last error), kept to the HR user's organisations. HR and
platform admins add and change endpoints here; a secret, once saved, is never shown again."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from interop.models import LrsEndpoint
from interop.selectors import endpoint_list_with_outbox_state
from learning.admin_scope import ScopedViewSetMixin

ERROR_SECRET_REQUIRED = "Give the secret of this Learning Record Store."
SECRET_HELP_KEEP = "Leave empty to keep the secret saved before (it is never shown)."
HELP = (
    "Statements about this organisation's learners (lessons and courses completed, checks passed or failed, skill "
    "levels reached, SCORM results) are sent to each active Learning Record Store here, within a minute or so. "
    "Learners are named by an opaque id, never by email. If the store is down, statements wait and are sent "
    "when it is back."
)


class LrsEndpointForm(WagtailAdminModelForm):
    """The secret is write-only: the field is always empty, and leaving it empty on an edit keeps the saved one."""

    secret = forms.CharField(
        required=False,
        max_length=500,
        help_text="The LRS's secret (the password of its basic authentication). It is never shown again.",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["secret"].help_text = SECRET_HELP_KEEP

    def clean_secret(self) -> str:
        secret = self.cleaned_data.get("secret", "")
        if secret:
            return secret
        if self.instance.pk and self.instance.secret:
            return self.instance.secret
        raise forms.ValidationError(ERROR_SECRET_REQUIRED)


class _OutboxStateIndex:
    def get_base_queryset(self):
        return endpoint_list_with_outbox_state(super().get_base_queryset())


class LrsEndpointViewSet(ScopedViewSetMixin, ModelViewSet):
    model = LrsEndpoint
    url_prefix = "learning-record-stores"
    icon = "link"
    menu_label = "Record stores"
    menu_order = 280
    add_to_admin_menu = True
    list_display = [
        "name",
        "organisation",
        BooleanColumn("active"),
        Column("pending", label="Waiting", sort_key="pending"),
        Column("sent", label="Sent", sort_key="sent"),
        Column("failed", label="Failed", sort_key="failed"),
        DateColumn("oldest_waiting", label="Oldest waiting since", sort_key="oldest_waiting"),
        Column("last_error", label="Last error"),
    ]
    list_filter = ["organisation", "active"]
    ordering = ["organisation__name", "name"]
    edit_handler = ObjectList(
        [
            HelpPanel(HELP),
            FieldPanel("organisation"),
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("key"),
            FieldPanel("secret"),
            FieldPanel("active"),
        ],
        base_form_class=LrsEndpointForm,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_view_class = type("LrsEndpointIndexView", (_OutboxStateIndex, self.index_view_class), {})
