"""Admin screens: the messages sent and waiting (read-only, HR see their organisations'), each cohort's reminder
schedule (HR), and the words of each kind of message (editors). In the "Reminders" menu."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from learning.admin_scope import ScopedViewSetMixin
from notifications.models import Message, MessageTemplate, ReminderSchedule

PLACEHOLDERS = (
    'Placeholders: {{ first_name }}, {{ course_title }}, {{ due_date }} (write {{ due_date|date:"j F Y" }} for '
    "a full date), {{ days }} (days until the due date), {{ my_learning_url }}, {{ my_team_url }}. A manager's "
    "digest lists {{ overdue }}: each row has name, course_title, due_date and days_overdue. If what you write "
    "cannot be filled in, the built-in words are sent instead."
)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Messages are a record: they can be viewed, never added, changed or deleted in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


class MessageViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Message
    url_prefix = "sent-messages"
    icon = "mail"
    menu_label = "Sent messages"
    menu_order = 10
    add_to_admin_menu = False
    inspect_view_enabled = True
    list_display = [
        "to_email",  # the first column links to the message itself
        Column("created_at", label="Decided", sort_key="created_at"),
        "kind",
        "status",
        Column("attempts", label="Tries"),
        "last_error",
    ]
    list_filter = ["status", "kind", "organisation"]
    search_fields = ["to_email", "subject"]
    ordering = ["-created_at", "-id"]
    inspect_view_fields = [
        "kind",
        "status",
        "to_email",
        "subject",
        "body",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
        "mandatory",
        "due_date",
    ]

    form_fields = ["status"]  # never shown: the policy allows no adding or changing


class ReminderScheduleViewSet(ScopedViewSetMixin, ModelViewSet):
    model = ReminderSchedule
    url_prefix = "reminder-schedules"
    scope_field = "cohort__organisation_id"
    icon = "time"
    menu_label = "Reminder schedules"
    menu_order = 20
    add_to_admin_menu = False
    list_display = [
        "cohort",
        "first_reminder_days",
        "second_reminder_days",
        "on_due_day",
        "manager_after_days",
        "hr_after_days",
    ]
    ordering = ["cohort__name"]
    edit_handler = ObjectList(
        [
            HelpPanel(
                "Learners on this cohort's courses are told when a course is assigned, then reminded at these "
                "steps. Leave a number empty to switch that step off. A cohort without a schedule here uses the "
                "defaults: 14 and 3 days before, on the day, 7 days after (line manager told) and 21 days "
                "after (HR told)."
            ),
            FieldPanel("cohort"),
            FieldRowPanel([FieldPanel("first_reminder_days"), FieldPanel("second_reminder_days")]),
            FieldPanel("on_due_day"),
            FieldRowPanel([FieldPanel("manager_after_days"), FieldPanel("hr_after_days")]),
        ]
    )


class MessageTemplateViewSet(ModelViewSet):
    model = MessageTemplate
    url_prefix = "message-words"
    icon = "doc-full"
    menu_label = "Message words"
    menu_order = 30
    add_to_admin_menu = False
    list_display = ["kind", "subject"]
    edit_handler = ObjectList(
        [
            HelpPanel(PLACEHOLDERS),
            FieldPanel("kind"),
            FieldPanel("subject"),
            FieldPanel("text_body"),
            FieldPanel("html_body"),
            FieldPanel("notify_template_id"),
        ]
    )


class RemindersViewSetGroup(ViewSetGroup):
    menu_label = "Reminders"
    menu_icon = "mail"
    menu_order = 270
    items = (MessageViewSet, ReminderScheduleViewSet, MessageTemplateViewSet)
