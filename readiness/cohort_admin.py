"""Cohort screens for HR in the Wagtail admin, in the "Workforce readiness" menu.

HR see and edit only their own organisations' cohorts (anything else is a 404, as on the People
screens); teams, hand-picked staff and courses are offered from the cohort's organisation only
(readiness.cohort_forms). Saving a cohort re-applies its membership rules in the same transaction
and says what changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem as ActionMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from learning.admin_scope import ScopedViewSetMixin
from learning.models import StaffMember
from learning.staffing import current_on
from readiness.cohort_forms import (
    CohortCourseForm,
    CohortForm,
    CohortTargetForm,
    CourseFormSet,
    RowsPanel,
    TargetFormSet,
    quoted,
)
from readiness.cohorts import (
    MembershipChange,
    cohort_due_dates,
    cohort_due_dates_move,
    cohort_membership_refresh,
    lines,
)
from readiness.models import Cohort

WARNING_NO_MATCH = "No staff member in {organisation} has the {what} {values}: check the spelling in the staff records."


# --- views -------------------------------------------------------------------------------------------------------


def change_sentence(change: MembershipChange) -> str:
    """Return "12 joined, 3 left, 12 enrolled" for a membership refresh."""
    return f"{change.joined} joined, {change.left} left, {change.enrolled} enrolled"


def unmatched_rule_values(cohort: Cohort) -> list[str]:
    """Return warnings for job roles and bands in the rules that no current staff member has."""
    staff = StaffMember.objects.filter(current_on(timezone.localdate()), organisation_id=cohort.organisation_id)
    warnings = []
    for field, what in (("job_role", "job role"), ("band", "band")):
        wanted = lines(getattr(cohort, f"rule_{field}s"))
        if not wanted:
            continue
        known = set(staff.filter(**{f"{field}__in": wanted}).values_list(field, flat=True))
        missing = [value for value in wanted if value not in known]
        if missing:
            label = what if len(missing) == 1 else f"{what}s"
            warnings.append(
                WARNING_NO_MATCH.format(organisation=cohort.organisation, what=label, values=quoted(missing))
            )
    return warnings


class _ApplyRulesOnSave:
    """Re-apply the cohort's rules in the same transaction as the save, and say what changed."""

    def save_instance(self):
        instance = super().save_instance()
        self.before_rules(instance)
        self.membership_change = cohort_membership_refresh(cohort=instance)
        for warning in unmatched_rule_values(instance):
            messages.warning(self.request, warning)
        return instance

    def before_rules(self, instance):
        """Do what must happen after the save and before the rules are re-applied (nothing, unless overridden)."""

    def _with_change(self, message):
        change = getattr(self, "membership_change", None)
        if message and change is not None:
            return f"{message.rstrip('.')}: {change_sentence(change)}."
        return message


class _CreateApplyingRules(_ApplyRulesOnSave):
    def get_success_message(self, instance):
        return self._with_change(super().get_success_message(instance))


class _EditApplyingRules(_ApplyRulesOnSave):
    """Also move members' deadlines when a course's due date changes (before the rules add newcomers)."""

    due_dates_moved = 0

    def save_instance(self):
        self.due_dates_before = cohort_due_dates(self.object)
        return super().save_instance()

    def before_rules(self, instance):
        self.due_dates_moved = cohort_due_dates_move(cohort=instance, before=self.due_dates_before)

    def get_success_message(self):
        message = self._with_change(super().get_success_message())
        moved = self.due_dates_moved
        if message and moved:
            message = f"{message.rstrip('.')}; {moved} due date{'s' if moved != 1 else ''} moved."
        return message


class _CohortIndex:
    """Count current members; link each cohort to its readiness page (when the dashboard is installed)."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        try:
            url = reverse("readiness_cohort", args=[instance.pk])
        except NoReverseMatch:
            return buttons
        return [*buttons, ActionMenuItem("Readiness", url=url, icon_name="view", priority=5)]

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("organisation")
            .annotate(member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        )


class CohortViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = "Cohorts"
    menu_order = 20
    add_to_admin_menu = False
    list_display = [
        "name",
        "organisation",
        Column("member_count", label="Current members", sort_key="member_count"),
        Column("slug", label="Short name", sort_key="slug"),
    ]
    list_filter = ["organisation"]
    search_fields = ["name", "slug", "description"]
    ordering = ["organisation__name", "name"]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("rule_teams"),
                    FieldPanel("rule_job_roles"),
                    FieldPanel("rule_bands"),
                    FieldRowPanel([FieldPanel("rule_started_from"), FieldPanel("rule_started_to")]),
                ],
                heading="Membership rules",
                help_text="Staff who match every rule you fill in are members; leave a rule blank to ignore it. "
                "Rules are re-applied on every save, staff import and staff record edit.",
            ),
            FieldPanel("hand_picked"),
            RowsPanel(
                "targets",
                heading="Targets",
                label="target",
                form_class=CohortTargetForm,
                formset_class=TargetFormSet,
                panels=[FieldRowPanel([FieldPanel("skill_area"), FieldPanel("level")])],
                help_text="The level members should reach in each skill area. Areas without a target are left out "
                "of this cohort's readiness.",
            ),
            RowsPanel(
                "courses",
                heading="Assigned courses",
                label="course",
                form_class=CohortCourseForm,
                formset_class=CourseFormSet,
                panels=[FieldRowPanel([FieldPanel("course"), FieldPanel("due_date")])],
                help_text="Members, and everyone who joins later, are enrolled with this due date. People already "
                "enrolled keep their enrolment and its due date.",
            ),
            FieldRowPanel([FieldPanel("green_from"), FieldPanel("amber_from")], heading="Colour bands"),
        ],
        base_form_class=CohortForm,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_view_class = type("CohortIndexView", (_CohortIndex, self.index_view_class), {})
        self.add_view_class = type("CohortCreateView", (_CreateApplyingRules, self.add_view_class), {})
        self.edit_view_class = type("CohortEditView", (_EditApplyingRules, self.edit_view_class), {})
