"""Wagtail admin screens for importing staff records: choose an organisation and a file, check it, confirm.

The uploaded bytes stay on the server between the check and the confirmation, once, in the database
(``pending.py``: any web worker can confirm), under a random token tied to the user; confirming reads and
validates them again, so nothing the browser sends back is trusted.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from learning import roles, visibility
from learning.models import Organisation
from learning.staff_import import staff_import
from learning.staff_import.columns import COLUMNS, HEADER_ALIASES
from learning.staff_import.pending import pending_claim, pending_return, pending_store
from learning.staff_import.plan import BLANK_CHOICES, BLANK_KEEPS
from learning.staff_import.read import FILE_TOO_LARGE, MAX_FILE_BYTES, MAX_ROWS, workbook_sheet_names

HR_GROUP = roles.HR_GROUP
PREVIEW_LIMIT = 50
# Files with more rows than this are imported by a background worker: the confirmation goes to the background
# work's page (notifications.longwork), which shows progress and then the same result.
BACKGROUND_ROWS = 5_000
BACKGROUND_IMPORT = "background:import_start"
UPLOAD_EXPIRED = "That upload has expired or has already been imported. Upload the file again."
NO_ORGANISATIONS = "Your account is not linked to any organisation's staff records, so there is nothing to import into."
FORBIDDEN = "You do not have permission to import staff records. Ask HR or a platform administrator."
ACTION_IMPORT = "import"
ACTION_VALID_ONLY = "valid-only"
ORGANISATION_CHOOSE = "Choose an organisation"
BLANKS_LABEL = "Blank cells in the file"
BLANKS_HELP = (
    "Most extracts leave some cells empty. “Keeps what is stored” (the default, for partial extracts) changes "
    "only the cells that have a value; choose “clears the value” when the file is a complete extract and an "
    "empty cell means the value should be removed."
)
SHEET_LABEL = "Worksheet to read"
RECHECK_INVALID = "Choose how blank cells count, and a worksheet from the list, then check the file again."


class BlanksField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=list(BLANK_CHOICES.items()),
            initial=BLANK_KEEPS,
            label=BLANKS_LABEL,
            help_text=BLANKS_HELP,
            widget=forms.RadioSelect,
            required=False,
            **kwargs,
        )

    def clean(self, value):
        return super().clean(value) or BLANK_KEEPS  # not sent: the default


class RecheckForm(forms.Form):
    """The choices HR can change on the preview: how blank cells count and which worksheet to read."""

    blanks = BlanksField()
    sheet = forms.ChoiceField(label=SHEET_LABEL, required=False, choices=[])

    def __init__(self, *args, sheets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(name, name) for name in sheets]


class UploadForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation",
        help_text="The staff in the file belong to this organisation.",
    )
    file = forms.FileField(
        label="Staff records file",
        help_text=f"A CSV file (saved as “CSV UTF-8”) or an Excel workbook (.xlsx), up to 20 MB and {MAX_ROWS:,} rows.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    blanks = BlanksField()
    missing_are_leavers = forms.BooleanField(
        required=False,
        label="Treat staff who are not in the file as leavers",
        help_text="Only tick this when the file lists everyone who works for the organisation. They get "
        "today's date as their leave date and can no longer sign in.",
    )

    def __init__(self, *args, organisations: QuerySet[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.empty_label = ORGANISATION_CHOOSE
        if len(organisations) == 1:  # the only choice: chosen already, with no empty option before it
            field.initial = organisations[0].pk
            field.empty_label = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(FILE_TOO_LARGE.format(size=upload.size / (1024 * 1024)))
        return upload


def _forbidden(request) -> TemplateResponse:
    """Answer 403 with a page that says why (Wagtail would turn PermissionDenied into a redirect)."""
    context = {"message": FORBIDDEN}
    return TemplateResponse(request, "learning/staff_import/forbidden.html", context, status=403)


def _columns_help() -> list[dict]:
    return [
        {"label": column.label, "required": column.required, "also": HEADER_ALIASES[column.key][1:]}
        for column in COLUMNS
    ]


@require_http_methods(["GET", "POST"])
def upload(request):
    """Show the upload form; on a valid upload, check the file (a dry run) and show what it would do."""
    if not visibility.may_manage_people(request.user):
        return _forbidden(request)
    organisations = visibility.people_organisations(request.user).order_by("name")
    form = UploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        upload_file = form.cleaned_data["file"]
        data = upload_file.read()
        options = {
            "missing_are_leavers": form.cleaned_data["missing_are_leavers"],
            "blanks": form.cleaned_data["blanks"],
        }
        report = staff_import(organisation=organisation, data=data, filename=upload_file.name, dry_run=True, **options)
        token = None
        if not report.file_errors or len(report.sheets) > 1:  # another worksheet may still be chosen
            token = pending_store(
                user=request.user, organisation=organisation, filename=upload_file.name, data=data, **options
            )
        return _preview(request, report, organisation, token, status=400 if report.file_errors else 200)
    context = {
        "form": form,
        "columns": _columns_help(),
        "no_organisations": not organisations.exists(),
        "no_organisations_message": NO_ORGANISATIONS,
    }
    return TemplateResponse(request, "learning/staff_import/upload.html", context, status=400 if form.errors else 200)


def _preview(request, report, organisation, token, status=200):
    recheck = RecheckForm(initial={"blanks": report.blanks, "sheet": report.sheet}, sheets=report.sheets)
    background = report.rows_read > BACKGROUND_ROWS
    context = {
        "recheck": recheck,
        "report": report,
        "organisation": organisation,
        "token": token,
        "limit": PREVIEW_LIMIT,
        "action_import": ACTION_IMPORT,
        "action_valid_only": ACTION_VALID_ONLY,
        "background": background,
        "confirm_url": reverse(BACKGROUND_IMPORT if background else "learning_staff_import:confirm"),
    }
    return TemplateResponse(request, "learning/staff_import/preview.html", context, status=status)


@require_POST
def confirm(request):
    """Import the checked file kept on the server, all rows or only the valid ones, and show the result."""
    if not visibility.may_manage_people(request.user):
        return _forbidden(request)
    token = request.POST.get("token", "")
    pending = pending_claim(token=token, user=request.user)
    if pending is None:
        messages.error(request, UPLOAD_EXPIRED)
        return redirect("learning_staff_import:upload")
    organisation = visibility.people_organisations(request.user).filter(pk=pending.organisation_id).first()
    if organisation is None:
        return _forbidden(request)
    report = staff_import(
        organisation=organisation,
        data=pending.data,
        filename=pending.filename,
        actor=request.user,
        valid_only=request.POST.get("action") == ACTION_VALID_ONLY,
        missing_are_leavers=pending.missing_are_leavers,
        blanks=pending.blanks,
        sheet=pending.sheet or None,
    )
    if not report.applied:
        pending_return(pending)  # refused: the user may still import only the valid rows
        return _preview(request, report, organisation, token, status=400)
    context = {"report": report, "organisation": organisation, "limit": PREVIEW_LIMIT}
    return TemplateResponse(request, "learning/staff_import/result.html", context)


@require_POST
def recheck(request):
    """Check the kept file again with other choices (blank cells, worksheet) and show the new preview.

    The old upload is claimed and a new one kept under a new token, so the confirmation always imports
    exactly what the latest preview showed.
    """
    if not visibility.may_manage_people(request.user):
        return _forbidden(request)
    pending = pending_claim(token=request.POST.get("token", ""), user=request.user)
    if pending is None:
        messages.error(request, UPLOAD_EXPIRED)
        return redirect("learning_staff_import:upload")
    organisation = visibility.people_organisations(request.user).filter(pk=pending.organisation_id).first()
    if organisation is None:
        return _forbidden(request)
    form = RecheckForm(request.POST, sheets=workbook_sheet_names(pending.data))
    if not form.is_valid():
        pending_return(pending)
        messages.error(request, RECHECK_INVALID)
        return redirect("learning_staff_import:upload")
    options = {
        "missing_are_leavers": pending.missing_are_leavers,
        "blanks": form.cleaned_data["blanks"],
        "sheet": form.cleaned_data["sheet"] or pending.sheet or None,
    }
    report = staff_import(
        organisation=organisation, data=pending.data, filename=pending.filename, dry_run=True, **options
    )
    token = pending_store(
        user=request.user, organisation=organisation, filename=pending.filename, data=pending.data, **options
    )
    return _preview(request, report, organisation, token, status=400 if report.file_errors else 200)


def admin_urls() -> list:
    """Return the URL patterns to register with the Wagtail admin (under /admin/staff-import/)."""
    return [
        path(
            "staff-import/",
            (
                [
                    path("", upload, name="upload"),
                    path("check-again/", recheck, name="recheck"),
                    path("confirm/", confirm, name="confirm"),
                ],
                "learning_staff_import",
                "learning_staff_import",
            ),
        )
    ]
