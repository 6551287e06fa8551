"""Admin forms: an achievement's fields must match its kind; editing an award means revoking it."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from credentials.models import Achievement
from credentials.revocation import ERROR_ALREADY_REVOKED, ERROR_NO_REASON, RevocationError, award_revoke

ERROR_COURSE_NEEDED = "Choose the course to complete (and no skill area, level or programme courses)."
ERROR_SKILL_NEEDED = "Choose the skill area and a level from 1 to 4 (and no course or programme courses)."
ERROR_PROGRAMME_NEEDED = "Choose at least two courses for a programme (and no single course, area or level)."


class AchievementForm(WagtailAdminModelForm):
    """Refuse an achievement whose fields do not fit its kind, with a sentence saying what is missing."""

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        course, area, level = data.get("course"), data.get("area"), data.get("level")
        courses = list(data.get("courses") or [])
        if kind == Achievement.Kind.COURSE and (course is None or area or level or courses):
            raise forms.ValidationError(ERROR_COURSE_NEEDED)
        if kind == Achievement.Kind.SKILL_LEVEL and (
            area is None or level is None or not 1 <= level <= 4 or course or courses
        ):
            raise forms.ValidationError(ERROR_SKILL_NEEDED)
        if kind == Achievement.Kind.PROGRAMME and (len(courses) < 2 or course or area or level):
            raise forms.ValidationError(ERROR_PROGRAMME_NEEDED)
        return data


class AwardRevokeForm(WagtailAdminModelForm):
    """The award's edit screen: a reason, and saving revokes the award (``revocation.award_revoke``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "revoked_reason" in self.fields:
            self.fields["revoked_reason"].required = True
            self.fields["revoked_reason"].label = "Reason for revoking"
            self.fields["revoked_reason"].error_messages["required"] = ERROR_NO_REASON

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.revoked_at is not None:
            raise forms.ValidationError(ERROR_ALREADY_REVOKED.format(day=f"{self.instance.revoked_at:%-d %B %Y}"))
        return data

    def save(self, commit=True):
        try:
            return award_revoke(award=self.instance, reason=self.cleaned_data["revoked_reason"], user=self.for_user)
        except RevocationError as error:  # raced with another revocation
            raise forms.ValidationError(str(error)) from error
