"""Admin pages for long work (``notifications.longwork``): ask for an organisation's workbook, hand a checked
large staff file to a worker, follow a job while it runs (the page reloads itself, no JavaScript needed), then
download the file or read the result; and the list of one's prepared files of the last week."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learning import visibility
from learning.models import Organisation
from learning.staff_import.admin_views import ACTION_VALID_ONLY, BACKGROUND_ROWS, UPLOAD_EXPIRED
from learning.staff_import.pending import pending_claim, pending_return
from notifications import longwork
from notifications.models import BackgroundJob
from readiness.reports.forms import DatesForm
from readiness.reports.lazy import exports

REFRESH_SECONDS = 3
FORBIDDEN = "Only HR and platform administrators can prepare files of staff data."
STARTED_AGAIN = "Started again."
NOT_STALE = "This work is still running: it can be started again only once it has stopped."


def _forbidden(request) -> TemplateResponse:
    return TemplateResponse(request, "notifications/longwork/forbidden.html", {"message": FORBIDDEN}, status=403)


def _job(request, job_id) -> BackgroundJob:
    """The job, if this user may follow it; otherwise 404 (whether it exists is nobody else's business)."""
    job = get_object_or_404(BackgroundJob.objects.defer("content", "source").select_related("organisation"), pk=job_id)
    if not longwork.may_see_job(request.user, job):
        raise Http404
    return job


@require_http_methods(["GET", "POST"])
def workbook_prepare(request, organisation_id: int):
    """GET: say what will be prepared, with its "as of" day; POST: queue it and go to its page."""
    if not visibility.may_manage_people(request.user):
        return _forbidden(request)
    organisation = get_object_or_404(
        Organisation, pk=organisation_id, id__in=visibility.people_organisation_ids(request.user)
    )
    form = DatesForm(request.POST if request.method == "POST" else (request.GET or {}))
    error = ""
    if form.is_valid() and request.method == "POST":
        try:
            job = longwork.workbook_job_start(
                user=request.user,
                organisation=organisation,
                as_of=form.cleaned_data["as_of"],
                table=request.POST.get("table") or None,
            )
        except exports.ExportError as exc:
            error = str(exc)
        else:
            return redirect("background:job", job_id=job.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "as_of": form.cleaned_data.get("as_of") if form.is_valid() else None,
        "table": request.GET.get("table", "") if request.method == "GET" else request.POST.get("table", ""),
        "error": error,
        "keep_days": longwork.KEEP_DAYS,
    }
    status = 400 if error or form.errors else 200
    return TemplateResponse(request, "notifications/longwork/workbook_prepare.html", context, status=status)


@require_POST
def import_start(request):
    """Hand a checked staff file (the preview's token) to a worker and go to its page."""
    if not visibility.may_manage_people(request.user):
        return _forbidden(request)
    pending = pending_claim(token=request.POST.get("token", ""), user=request.user)
    if pending is None:
        messages.error(request, UPLOAD_EXPIRED)
        return redirect("learning_staff_import:upload")
    if pending.organisation_id not in visibility.people_organisation_ids(request.user):
        pending_return(pending)
        return _forbidden(request)
    job = longwork.import_job_start(
        user=request.user, pending=pending, valid_only=request.POST.get("action") == ACTION_VALID_ONLY
    )
    return redirect("background:job", job_id=job.pk)


@require_GET
def job_page(request, job_id):
    job = _job(request, job_id)
    stale = longwork.job_is_stale(job)
    waiting = job.status in (BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING) and not stale
    context = {
        "job": job,
        "stale": stale,
        "waiting": waiting,
        "refresh_seconds": REFRESH_SECONDS,
        "percent": round(100 * job.done / job.total) if job.total else None,
        "unit": "rows" if job.kind == BackgroundJob.Kind.STAFF_IMPORT else "steps done",
        "elapsed": int((timezone.now() - job.created_at).total_seconds()),
        "stale_message": longwork.STALE,
        "has_file": job.status == BackgroundJob.Status.DONE and bool(job.file_name),
    }
    response = TemplateResponse(request, "notifications/longwork/job.html", context)
    if waiting:
        response["Refresh"] = str(REFRESH_SECONDS)  # browsers reload the page themselves
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def job_again(request, job_id):
    job = _job(request, job_id)
    if longwork.job_start_again(job):
        messages.success(request, STARTED_AGAIN)
    else:
        messages.error(request, NOT_STALE)
    return redirect("background:job", job_id=job.pk)


@require_GET
def job_file(request, job_id):
    job = _job(request, job_id)
    if job.status != BackgroundJob.Status.DONE or not job.file_name:
        raise Http404
    job.refresh_from_db(fields=["content"])  # the file alone, read only once the rights are checked
    response = HttpResponse(longwork.job_download(user=request.user, job=job), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def jobs_list(request):
    if not visibility.may_manage_people(request.user):
        return _forbidden(request)
    jobs = (
        BackgroundJob.objects.filter(
            requested_by=request.user,
            organisation_id__in=visibility.people_organisation_ids(request.user),
            expires_at__gte=timezone.now(),
        )
        .defer("content", "source", "result_html")
        .select_related("organisation")[:100]
    )
    context = {"jobs": jobs, "keep_days": longwork.KEEP_DAYS, "background_rows": f"{BACKGROUND_ROWS:,}"}
    return TemplateResponse(request, "notifications/longwork/jobs.html", context)


def admin_urls() -> list:
    """URL patterns registered with the Wagtail admin under /admin/prepared/."""
    return [
        path(
            "prepared/",
            include(
                (
                    [
                        path("", jobs_list, name="jobs"),
                        path("workbook/<int:organisation_id>/", workbook_prepare, name="workbook_prepare"),
                        path("import/", import_start, name="import_start"),
                        path("<uuid:job_id>/", job_page, name="job"),
                        path("<uuid:job_id>/again/", job_again, name="job_again"),
                        path("<uuid:job_id>/file/", job_file, name="job_file"),
                    ],
                    "background",
                )
            ),
        )
    ]
