"""Long work off the request: an organisation's whole readiness workbook and large staff imports.

The page asks (``workbook_job_start``, ``import_job_start``); that writes a ``BackgroundJob`` and enqueues
``tasks.background_job_run`` in the same transaction, so a job is never queued twice nor lost. A worker
claims the job (queued -> running, one UPDATE: two workers cannot both run it), does the work through the
services the pages use (``readiness.reports.exports.readiness_export``, ``learning.staff_import.staff_import``),
which write their own audit entries, and keeps the file or the result for ``KEEP_DAYS``. Downloads are
audited too. Only the person who asked may follow or download a job, and only while they may still manage
people in its organisation (``may_see_job``). Progress is written as the work goes, except while the work
holds a transaction open (a staff import's checks and writes): other pages could not see it then, so the
page says what is happening instead.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from time import monotonic

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from learning import visibility
from learning.audit import audit_record
from learning.models import AuditLogEntry, Organisation, PendingImport
from notifications.models import BackgroundJob
from readiness.reports.lazy import exports  # pandas loads when a workbook is asked for, not with the admin

logger = logging.getLogger(__name__)

KEEP_DAYS = 7
STALE_AFTER = timedelta(minutes=30)  # a running job not heard from for this long has lost its worker
PROGRESS_EVERY = 0.5  # seconds between progress writes

STAGES = {
    "read": "Reading the file",
    "validate": "Checking the rows",
    "write": "Writing the records",
}
STAGE_QUEUED = "Waiting for a worker to pick this up"
STAGE_IMPORT_HELD = "Checking and writing {rows:,} rows in one transaction (this page updates when it is done)"
STAGE_DONE = "Done"
FAILED_EXPORT = "The workbook could not be prepared. Nothing was kept; try again, and tell support if it fails again."
FAILED_IMPORT = (
    "The import stopped with an error, so nothing was written. Try again, and tell support if it fails again."
)
STALE = "This work stopped without finishing (its worker was restarted). Nothing was half-written: start it again."
WORKBOOK_READY = "The workbook is ready: {rows:,} rows in {tables}."


def _expiry(now: datetime) -> datetime:
    return now + timedelta(days=KEEP_DAYS)


def may_see_job(user, job: BackgroundJob) -> bool:
    """Whether ``user`` may follow ``job`` and download its file: they asked for it, and they may still manage
    people in its organisation."""
    if not getattr(user, "is_authenticated", False) or job.requested_by_id != user.pk:
        return False
    return visibility.may_manage_people(user) and job.organisation_id in visibility.people_organisation_ids(user)


def job_is_stale(job: BackgroundJob, *, now: datetime | None = None) -> bool:
    """A running job whose worker has not written for ``STALE_AFTER`` (killed, or the machine restarted)."""
    now = now or timezone.now()
    return job.status == BackgroundJob.Status.RUNNING and job.updated_at < now - STALE_AFTER


def _enqueue(job: BackgroundJob) -> None:
    from notifications.tasks import background_job_run  # tasks import this module

    result = background_job_run.enqueue(str(job.pk))
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])


# --- starting ---------------------------------------------------------------------------------------------------


def workbook_job_start(*, user, organisation: Organisation, as_of: date, table: str | None) -> BackgroundJob:
    """Queue an organisation's readiness workbook (XLSX) for ``user``; raise ExportError, writing nothing, for a
    bad table list or a future day."""
    tables = exports.export_check(table=table, file_format="xlsx")
    if as_of > timezone.localdate():
        raise exports.ExportError(exports.ERROR_FUTURE_DATE.format(as_of=as_of.isoformat()))
    now = timezone.now()
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=BackgroundJob.Kind.READINESS_WORKBOOK,
            organisation=organisation,
            requested_by=user,
            stage=STAGE_QUEUED,
            params={"as_of": as_of.isoformat(), "tables": ",".join(tables)},
            created_at=now,
            updated_at=now,
            expires_at=_expiry(now),
        )
        _enqueue(job)
    return job


def import_job_start(*, user, pending: PendingImport, valid_only: bool) -> BackgroundJob:
    """Queue a checked staff file (already claimed from ``learning.staff_import.pending``) for import."""
    now = timezone.now()
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=BackgroundJob.Kind.STAFF_IMPORT,
            organisation_id=pending.organisation_id,
            requested_by=user,
            stage=STAGE_QUEUED,
            params={
                "filename": pending.filename,
                "valid_only": valid_only,
                "missing_are_leavers": pending.missing_are_leavers,
                "blanks": pending.blanks,
                "sheet": pending.sheet,
            },
            source=bytes(pending.data),
            created_at=now,
            updated_at=now,
            expires_at=_expiry(now),
        )
        _enqueue(job)
    return job


def job_start_again(job: BackgroundJob) -> bool:
    """Queue a stale job again (its worker died mid-way; its work was rolled back or never kept)."""
    if not job_is_stale(job):
        return False
    with transaction.atomic():
        moved = BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.RUNNING).update(
            status=BackgroundJob.Status.QUEUED, stage=STAGE_QUEUED, done=0, total=None, updated_at=timezone.now()
        )
        if moved:
            job.refresh_from_db()
            _enqueue(job)
    return bool(moved)


# --- running ----------------------------------------------------------------------------------------------------


class JobProgress:
    """The progress callback the services accept: writes the stage and counts to the job, at most every
    ``PROGRESS_EVERY`` seconds, and never inside an open transaction (no other page could read it)."""

    def __init__(self, job: BackgroundJob, labels: dict[str, str] | None = None):
        self.job_id = job.pk
        self.labels = labels or {}
        self.last = 0.0
        # Any transaction already open when the work starts (a test's) is not the work's own.
        self.outer = (connection.in_atomic_block, len(connection.savepoint_ids))

    def _held(self) -> bool:
        """Whether the work has opened a transaction of its own since it started."""
        in_atomic, savepoints = self.outer
        return (connection.in_atomic_block and not in_atomic) or len(connection.savepoint_ids) > savepoints

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        finished = total is not None and done >= total
        if self._held() or (monotonic() - self.last < PROGRESS_EVERY and not finished):
            return
        self.last = monotonic()
        label = self.labels.get(stage, stage)
        self.write(label, done if total is None else min(done, total), total)

    def write(self, stage: str, done: int, total: int | None) -> None:
        BackgroundJob.objects.filter(pk=self.job_id).update(
            stage=stage[:200], done=done, total=total, updated_at=timezone.now()
        )


def job_run(job_id: str) -> str:
    """Do one queued job (the task calls this). Returns its status; a job already claimed is left alone."""
    now = timezone.now()
    claimed = BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.QUEUED).update(
        status=BackgroundJob.Status.RUNNING, updated_at=now
    )
    if not claimed:
        return "not queued"
    job = BackgroundJob.objects.select_related("organisation", "requested_by").get(pk=job_id)
    try:
        if job.kind == BackgroundJob.Kind.READINESS_WORKBOOK:
            _workbook_run(job)
        else:
            _import_run(job)
    except Exception:
        logger.exception("Background job %s (%s) failed", job.pk, job.kind)
        failed = FAILED_EXPORT if job.kind == BackgroundJob.Kind.READINESS_WORKBOOK else FAILED_IMPORT
        BackgroundJob.objects.filter(pk=job.pk).update(
            status=BackgroundJob.Status.FAILED,
            outcome=failed,
            source=None,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return BackgroundJob.Status.FAILED
    return BackgroundJob.Status.DONE


def _finish(job: BackgroundJob, **fields) -> None:
    now = timezone.now()
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=BackgroundJob.Status.DONE, stage=STAGE_DONE, finished_at=now, updated_at=now, **fields
    )


def _workbook_run(job: BackgroundJob) -> None:
    exported = exports.readiness_export(
        organisation=job.organisation,
        as_of=date.fromisoformat(job.params["as_of"]),
        table=job.params["tables"],
        file_format="xlsx",
        actor=job.requested_by,
        progress=JobProgress(job),
    )
    tables = job.params["tables"].replace(",", ", ")
    _finish(
        job,
        outcome=WORKBOOK_READY.format(rows=exported.row_count, tables=tables),
        file_name=exported.filename,
        content_type=exported.content_type,
        content=exported.content,
    )


def _import_run(job: BackgroundJob) -> None:
    from learning.staff_import import staff_import
    from learning.staff_import.admin_views import PREVIEW_LIMIT

    progress = JobProgress(job, STAGES)
    params = job.params
    data = bytes(job.source)

    def held(stage: str, done: int, total: int | None) -> None:
        progress(stage, done, total)
        if stage == "read" and total is not None:  # what follows runs inside the import's transaction
            progress.write(STAGE_IMPORT_HELD.format(rows=total), 0, None)

    report = staff_import(
        organisation=job.organisation,
        data=data,
        filename=params["filename"],
        actor=job.requested_by,
        valid_only=params["valid_only"],
        missing_are_leavers=params["missing_are_leavers"],
        blanks=params["blanks"],
        sheet=params["sheet"] or None,
        progress=held,
    )
    html = render_to_string(
        "learning/staff_import/_report.html",
        {"report": report, "organisation": job.organisation, "limit": PREVIEW_LIMIT},
    )
    _finish(job, outcome=report.outcome, result_html=html, source=None)


# --- the result -------------------------------------------------------------------------------------------------


def job_download(*, user, job: BackgroundJob) -> bytes:
    """Return the job's file and write the download to the audit log of its organisation."""
    audit_record(
        actor=user,
        action=AuditLogEntry.Action.EXPORT,
        subject=f"Downloaded a prepared file: {job.file_name}",
        organisation=job.organisation,
        detail=f"{job.outcome} Prepared {timezone.localtime(job.finished_at):%Y-%m-%d %H:%M}; kept until "
        f"{timezone.localtime(job.expires_at):%Y-%m-%d %H:%M}.",
    )
    return bytes(job.content)


def jobs_purge(*, now: datetime | None = None) -> int:
    """Delete jobs (with their files and results) past their week; return how many went."""
    deleted, _ = BackgroundJob.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
