"""The SCORM lesson's edit form: an upload field whose package is checked before the page can be saved."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from learning.scorm.unpack import PackageRefused

NO_PACKAGE = "Upload a SCORM package (.zip) for this lesson."
CURRENT_PACKAGE = "Now: {version}{name}. Leave this empty to keep it. "
UPLOAD_HELP = (
    "A SCORM 1.2 or 2004 package as a .zip with imsmanifest.xml at its top. Uploading a new zip adds a new version; "
    "learners' records on earlier versions are kept."
)


class ScormLessonPageForm(WagtailAdminPageForm):
    """Check an uploaded package when the form is validated and store it as a new version when it is saved."""

    package_file = forms.FileField(required=False, label="SCORM package", help_text=UPLOAD_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = getattr(self.instance, "package_version", None) if self.instance.package_version_id else None
        if current is not None:  # the file input cannot show it, so the help text says what is attached now
            name = f" from “{current.original_name}”" if current.original_name else ""
            self.fields["package_file"].help_text = CURRENT_PACKAGE.format(version=current, name=name) + UPLOAD_HELP

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("package_file")
        self._checked = None
        if upload:
            from learning.scorm.manifest import package_check

            try:
                self._checked = package_check(upload)
            except PackageRefused as refused:
                self.add_error("package_file", str(refused))
        elif not getattr(self.instance, "package_version_id", None):
            self.add_error("package_file", NO_PACKAGE)
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=False)
        if getattr(self, "_checked", None) is not None:
            from learning.scorm.services import package_version_store

            current = page.package_version if page.package_version_id else None
            page.package_version = package_version_store(
                checked=self._checked,
                package=current.package if current else None,
                user=getattr(self, "for_user", None),
                original_name=self.cleaned_data["package_file"].name,
            )
        if commit:
            page.save()
        return page
