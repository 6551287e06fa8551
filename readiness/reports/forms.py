"""The readiness screens' filter forms: the "as of" and baseline dates, and the staff drill-down filters."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from readiness.reports.lazy import presenters

EARLIEST = date(2000, 1, 1)
ERROR_FUTURE = "The date cannot be in the future."
ERROR_TOO_EARLY = "Choose a date after 1 January 2000."
ERROR_BASELINE_ORDER = "The baseline must be before the “as of” date."


class DatesForm(forms.Form):
    as_of = forms.DateField(label="As of", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    baseline = forms.DateField(
        label="Baseline", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="Compare with"
    )

    def _check(self, name: str):
        value = self.cleaned_data.get(name)
        if value and value > timezone.localdate():
            raise forms.ValidationError(ERROR_FUTURE)
        if value and value < EARLIEST:
            raise forms.ValidationError(ERROR_TOO_EARLY)
        return value

    def clean_as_of(self):
        return self._check("as_of") or timezone.localdate()

    def clean_baseline(self):
        return self._check("baseline")

    def clean(self):
        cleaned = super().clean()
        as_of, baseline = cleaned.get("as_of"), cleaned.get("baseline")
        if as_of and baseline and baseline >= as_of:
            self.add_error("baseline", ERROR_BASELINE_ORDER)
        return cleaned


ERROR_NAME_LENGTH = "Type at most {max} characters of a name or employee number."
NAME_MAX_LENGTH = 100


class StaffFilterForm(DatesForm):
    name = forms.CharField(
        label="Name or employee number",
        required=False,
        max_length=NAME_MAX_LENGTH,
        error_messages={"max_length": ERROR_NAME_LENGTH.format(max=NAME_MAX_LENGTH)},
    )
    area = forms.ChoiceField(label="Skill area", required=False)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    team_only = forms.BooleanField(label="Leave out its sub-teams", required=False)
    status = forms.ChoiceField(label="Show", choices=lambda: presenters.STATUS_CHOICES, required=False)

    def __init__(self, *args, areas, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "All targeted areas")] + [(a.slug, a.name) for a in areas]
        self.fields["team"].choices = [("", "All teams")] + teams

    def clean_status(self):
        return self.cleaned_data.get("status") or "not-ready"
