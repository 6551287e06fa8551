"""Learner views to download their own learning record. Only ever the requester's own: no id in the URL."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments import personal_data
from learning.audit import audit_record
from learning.models import AuditLogEntry
from learning.selectors import staff_get_for_user

NO_STAFF_RECORD = "Your account is not linked to a current staff record, so there is no learning record to download."
AUDIT_SUBJECT = "Own learning record"
CSV_BOM = "\ufeff"  # so spreadsheet programs read the file as UTF-8


def _no_staff_record(request):
    return render(request, "assessments/my_record.html", {"staff": None, "message": NO_STAFF_RECORD}, status=404)


@login_required
@require_GET
def my_record(request):
    """Explain what the learning record holds and offer it as JSON or CSV."""
    staff = staff_get_for_user(request.user)
    if staff is None:
        return _no_staff_record(request)
    return render(request, "assessments/my_record.html", {"staff": staff})


def _download(request, fmt: str):
    staff = staff_get_for_user(request.user)
    if staff is None:
        return _no_staff_record(request)
    now = timezone.now()
    record = personal_data.learning_record_for_staff(staff, now=now)
    if fmt == "json":
        body = json.dumps(record, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        content_type = "application/json; charset=utf-8"
    else:
        body = CSV_BOM + personal_data.learning_record_csv(record)
        content_type = "text/csv; charset=utf-8"
    audit_record(
        actor=request.user,
        action=AuditLogEntry.Action.DOWNLOAD,
        subject=AUDIT_SUBJECT,
        organisation=staff.organisation,
        row_count=personal_data.learning_record_row_count(record),
        detail=f"Format: {fmt.upper()}",
        staff_ids=[staff.pk],
    )
    response = HttpResponse(body, content_type=content_type)
    filename = f"learning-record-{timezone.localdate(now):%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def my_record_json(request):
    """Download the learner's own learning record as JSON."""
    return _download(request, "json")


@login_required
@require_GET
def my_record_csv(request):
    """Download the learner's own learning record as CSV, one section per table."""
    return _download(request, "csv")
