"""The cohort form: rules, hand-picked staff by employee number, and inline rows of targets and courses.

Drop-downs offer only the requester's organisations (and, when editing, the cohort's own); every team and
hand-picked person must belong to the cohort's organisation. Targets name skill areas by slug.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.text import slugify
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from assessments.models import SkillArea
from assessments.selectors import level_names
from learning import visibility
from learning.models import CoursePage, Organisation, StaffMember, Team
from readiness.models import Cohort

RULE_LABELS = {
    "rule_job_roles": "Job roles",
    "rule_bands": "Bands or grades",
    "rule_started_from": "Started on or after",
    "rule_started_to": "Started on or before",
}

ERROR_TEAM_ELSEWHERE = "Choose teams from {organisation} only: {teams} belong to another organisation."
ERROR_UNKNOWN_EMPLOYEES = "No staff record in {organisation} has the employee number {numbers}."
ERROR_SLUG_TAKEN = "Another cohort in {organisation} already uses the short name “{slug}”: choose a different one."
ERROR_SLUG_EMPTY = "Give the cohort a short name of letters, numbers or hyphens (the name has none to make one from)."
ERROR_START_ORDER = "The start of the start-date range must not be after its end."
ERROR_BAND_ORDER = "Amber must start at or below green."
ERROR_DUPLICATE_AREA = "Each skill area can have only one target: remove the repeated row."
ERROR_DUPLICATE_COURSE = "Each course can be assigned only once: remove the repeated row."


def quoted(values) -> str:
    return ", ".join(f"“{value}”" for value in values)


def _user_organisation_ids(user) -> set[int]:
    return visibility.people_organisation_ids(user) if user is not None else set()


# --- choices -----------------------------------------------------------------------------------------------------


def skill_area_queryset():
    """Every skill area, in framework order."""
    return SkillArea.objects.select_related("framework").order_by("framework_id", "sort_order", "name")


def level_choices() -> list[tuple[int, str]]:
    """Return the target levels 1-4 with the framework's names for them (``selectors.level_names``)."""
    names = level_names()
    return [(level, f"{level} – {names[level]}" if level in names else str(level)) for level in range(1, 5)]


def team_paths(team_ids_query) -> dict[int, str]:
    """Return "Directorate › Team" for each team (one query for the whole organisation tree)."""
    rows = {
        team_id: (name, parent_id, org_name)
        for team_id, name, parent_id, org_name in Team.objects.filter(
            organisation_id__in=team_ids_query.values("organisation_id")
        ).values_list("id", "name", "parent_id", "organisation__name")
    }

    def path(team_id: int) -> str:
        parts, seen = [], set()
        while team_id in rows and team_id not in seen:
            seen.add(team_id)
            name, team_id, _ = rows[team_id]
            parts.append(name)
        return " › ".join(reversed(parts))

    return {team_id: path(team_id) for team_id in rows}


# --- the inline rows ---------------------------------------------------------------------------------------------


class CohortTargetForm(WagtailAdminModelForm):
    skill_area = forms.ModelChoiceField(
        label="Skill area", queryset=SkillArea.objects.none(), empty_label="Choose a skill area"
    )
    level = forms.TypedChoiceField(label="Target level", coerce=int, choices=level_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill_area"].queryset = skill_area_queryset()
        self.fields["level"].choices = level_choices()


class CohortCourseForm(WagtailAdminModelForm):
    course = forms.ModelChoiceField(label="Course", queryset=CoursePage.objects.none(), empty_label="Choose a course")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assigned = Q(pk=self.instance.course_id) if self.instance.course_id else Q(pk__in=[])
        self.fields["course"].queryset = CoursePage.objects.filter(Q(live=True) | assigned).order_by("title")


class _RowFormSet(BaseChildFormSet):
    duplicate_message = ""

    def get_unique_error_message(self, unique_check):
        return self.duplicate_message

    def get_form_error(self):
        return self.duplicate_message


class TargetFormSet(_RowFormSet):
    duplicate_message = ERROR_DUPLICATE_AREA


class CourseFormSet(_RowFormSet):
    duplicate_message = ERROR_DUPLICATE_COURSE


class RowsPanel(InlinePanel):
    """An InlinePanel whose rows use a given form and formset (for choices and plain-words errors)."""

    def __init__(self, *args, form_class=None, formset_class=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_class, self.formset_class = form_class, formset_class

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "form_class": self.form_class, "formset_class": self.formset_class}

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name].update(form=self.form_class, formset=self.formset_class)
        return options


# --- the cohort form ---------------------------------------------------------------------------------------------


class TeamChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class CohortForm(WagtailAdminModelForm):
    rule_teams = TeamChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label="Teams",
        help_text="Members of these teams and of every team below them.",
    )
    hand_picked = forms.CharField(
        required=False,
        label="Hand-picked staff",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Employee numbers, one per line; anything after the number on a line (such as the name) is "
        "ignored. Hand-picked people are members whatever the rules say, while they are current staff.",
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        organisation_ids = _user_organisation_ids(for_user)
        organisation = self.fields.get("organisation")
        if organisation is not None:
            organisation.help_text = ""
            if self.instance.pk:
                organisation.disabled = True
                organisation.help_text = "A cohort stays in the organisation it was made for."
                organisation_ids = {self.instance.organisation_id}
            elif len(organisation_ids) == 1:
                self.initial.setdefault("organisation", next(iter(organisation_ids)))
        teams = Team.objects.filter(organisation_id__in=organisation_ids)
        paths = team_paths(teams)
        several = len(organisation_ids) > 1
        org_names = dict(Organisation.objects.filter(id__in=organisation_ids).values_list("id", "name"))
        team_orgs = dict(teams.values_list("id", "organisation_id"))
        labelled = [
            (team_id, f"{org_names[team_orgs[team_id]]}: {paths[team_id]}" if several else paths[team_id])
            for team_id in team_orgs
        ]
        field = self.fields["rule_teams"]
        field.queryset = teams
        field.choices = sorted(labelled, key=lambda pair: pair[1].casefold())
        self.initial["hand_picked"] = ""
        if self.instance.pk:
            self.initial["hand_picked"] = "\n".join(
                f"{number} – {first} {last}".strip()
                for number, first, last in self.instance.hand_picked.order_by("employee_number").values_list(
                    "employee_number", "first_name", "last_name"
                )
            )
        for name, label in RULE_LABELS.items():
            self.fields[name].label = label
        self.fields["slug"].required = False
        self.fields["slug"].label = "Short name"
        self.fields[
            "slug"
        ].help_text = "Used in exports and on the command line. Leave blank to make one from the name."

    def _organisation(self) -> Organisation | None:
        if self.instance.pk:
            return self.instance.organisation
        return self.cleaned_data.get("organisation")

    def clean(self):
        cleaned = super().clean()
        organisation = self._organisation()
        if organisation is None:
            return cleaned
        teams = cleaned.get("rule_teams")
        if teams:
            elsewhere = [team.name for team in teams if team.organisation_id != organisation.id]
            if elsewhere:
                self.add_error(
                    "rule_teams", ERROR_TEAM_ELSEWHERE.format(organisation=organisation, teams=quoted(elsewhere))
                )
        self._clean_hand_picked(organisation)
        self._clean_slug(organisation)
        start_from, start_to = cleaned.get("rule_started_from"), cleaned.get("rule_started_to")
        if start_from and start_to and start_from > start_to:
            self.add_error("rule_started_to", ERROR_START_ORDER)
        green, amber = cleaned.get("green_from"), cleaned.get("amber_from")
        if green is not None and amber is not None and amber > green:
            self.add_error("amber_from", ERROR_BAND_ORDER)
        return cleaned

    def _clean_hand_picked(self, organisation: Organisation) -> None:
        text = self.cleaned_data.get("hand_picked") or ""
        numbers = list(dict.fromkeys(line.split()[0] for line in text.splitlines() if line.split()))
        found = {
            staff.employee_number: staff
            for staff in StaffMember.objects.filter(organisation=organisation, employee_number__in=numbers)
        }
        unknown = [number for number in numbers if number not in found]
        if unknown:
            message = ERROR_UNKNOWN_EMPLOYEES.format(organisation=organisation, numbers=quoted(unknown))
            if len(unknown) > 1:
                message = message.replace("the employee number", "the employee numbers")
            self.add_error("hand_picked", message)
            return
        self.cleaned_data["hand_picked"] = [found[number] for number in numbers]

    def _clean_slug(self, organisation: Organisation) -> None:
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name") or "")[:80].strip("-")
        if not slug:
            if "name" not in self.errors:
                self.add_error("slug", ERROR_SLUG_EMPTY)
            return
        self.cleaned_data["slug"] = slug
        taken = Cohort.objects.filter(organisation=organisation, slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            self.add_error("slug", ERROR_SLUG_TAKEN.format(organisation=organisation, slug=slug))
