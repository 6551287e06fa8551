"""Long work off the request (issue 14, point 7): an organisation's whole workbook and large staff imports run as
background jobs; the page shows progress, then the file or result; kept for 7 days; audited; only the person
who asked sees them."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from learning.models import AuditLogEntry, PendingImport, StaffMember
from learning.staff_import import admin_views
from notifications import longwork
from notifications.models import BackgroundJob
from readiness.reports import exports
from readiness.reports.exports import ERROR_UNKNOWN_TABLE
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate
from tests.learning.test_staff_import_admin import upload
from tests.learning.test_staff_import_files import DOMAIN, people

pytestmark = pytest.mark.django_db

# a whole download, signed in: sign-in and admin checks, the job, the person's rights, the file, the audit entry
DOWNLOAD_QUERIES = 11


def hr_for(organisation, number: str = "HR-1"):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(user)
    StaffMemberFactory(organisation=organisation, user=user, employee_number=number, email="")
    return user


@pytest.fixture
def org(db):
    organisation = OrganisationFactory(name="Northbrook Borough Council", email_domains=DOMAIN)
    for number in range(3):
        StaffMemberFactory(organisation=organisation, employee_number=f"E{number}")
    return organisation


@pytest.fixture
def hr(org):
    return hr_for(org)


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


def prepare(client, org, **data):
    return client.post(reverse("background:workbook_prepare", args=[org.pk]), data)


def test_the_organisation_page_offers_the_workbook_as_background_work(hr_client, org):
    page = hr_client.get(reverse("readiness_organisation", args=[org.pk])).content.decode()
    prepare_url = reverse("background:workbook_prepare", args=[org.pk])
    assert f'href="{prepare_url}?as_of=' in page and "prepared in the background" in page
    # the old direct XLSX address now leads to the page that asks for it, and prepares nothing by itself
    direct = hr_client.get(reverse("readiness_organisation_export", args=[org.pk]) + "?format=xlsx&as_of=2026-01-05")
    assert direct.status_code == 302 and direct["Location"] == f"{prepare_url}?as_of=2026-01-05"
    asked = hr_client.get(direct["Location"])
    assert asked.status_code == 200 and "Prepare the workbook" in asked.content.decode()
    assert not BackgroundJob.objects.exists() and not DBTaskResult.objects.exists()


def test_a_workbook_is_queued_run_by_a_worker_and_downloaded_with_an_audit_entry(hr_client, hr, org):
    answer = prepare(hr_client, org)
    job = BackgroundJob.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("background:job", args=[job.pk])
    assert (job.status, job.requested_by, job.organisation) == (BackgroundJob.Status.QUEUED, hr, org)
    assert DBTaskResult.objects.get().task_path.endswith("background_job_run")
    assert job.expires_at - job.created_at == timedelta(days=longwork.KEEP_DAYS)

    waiting = hr_client.get(answer["Location"])
    assert waiting["Refresh"] == str(3) and "Waiting for a worker" in waiting.content.decode()
    assert "Download" not in waiting.content.decode()

    assert longwork.job_run(str(job.pk)) == BackgroundJob.Status.DONE
    assert longwork.job_run(str(job.pk)) == "not queued"  # a second worker, or a repeat, does nothing
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.file_name.endswith("-all.xlsx")
    export = AuditLogEntry.objects.get(action=AuditLogEntry.Action.EXPORT)
    assert export.actor == hr and export.organisation == org and "Format: XLSX" in export.detail

    done = hr_client.get(answer["Location"])
    assert "Refresh" not in done and "The workbook is ready" in done.content.decode()
    download = hr_client.get(reverse("background:job_file", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith(f'"{job.file_name}"')
    sheets = load_workbook(io.BytesIO(download.content), read_only=True).sheetnames
    assert sheets[1:] == ["summary", "areas", "teams", "staff"]  # the staff sheet, now off the request
    assert AuditLogEntry.objects.filter(subject__startswith="Downloaded a prepared file", actor=hr).count() == 1

    listed = hr_client.get(reverse("background:jobs")).content.decode()
    assert job.file_name in listed


def _job_queries(queries) -> list[str]:
    table = BackgroundJob._meta.db_table
    return [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]


def test_a_download_reads_the_job_once_for_its_rights_and_once_for_its_file(hr_client, org):
    prepare(hr_client, org)
    job = BackgroundJob.objects.get()
    longwork.job_run(str(job.pk))
    url = reverse("background:job_file", args=[job.pk])
    hr_client.get(url)  # the first request warms per-process caches (content types, site)
    content_column = f'"{BackgroundJob._meta.db_table}"."content"'
    with CaptureQueriesContext(connection) as queries:
        download = hr_client.get(url)
    assert download.status_code == 200 and download.content == bytes(BackgroundJob.objects.get().content)
    reads = _job_queries(queries.captured_queries)
    # the rights are checked on a row read without its file, then the file alone is read: never the row twice
    assert len(reads) == 2, reads
    assert content_column not in reads[0] and '"status"' in reads[0]
    assert content_column in reads[1] and '"status"' not in reads[1]
    assert len(queries.captured_queries) == DOWNLOAD_QUERIES, [q["sql"][:60] for q in queries.captured_queries]


def test_bad_requests_prepare_nothing(hr_client, org):
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    assert prepare(hr_client, org, as_of=future).status_code == 400
    bad_table = prepare(hr_client, org, table="everything")
    assert bad_table.status_code == 400 and ERROR_UNKNOWN_TABLE.format(table="everything") in bad_table.content.decode()
    assert hr_client.get(reverse("background:workbook_prepare", args=[org.pk]) + "?as_of=nonsense").status_code == 400
    other = OrganisationFactory(name="Riverside NHS Trust")
    assert prepare(hr_client, other).status_code == 404
    assert not BackgroundJob.objects.exists() and not DBTaskResult.objects.exists()


def test_only_the_person_who_asked_may_follow_or_download_a_job(client, hr_client, hr, org):
    prepare(hr_client, org)
    job = BackgroundJob.objects.get()
    longwork.job_run(str(job.pk))
    colleague = hr_for(org, "HR-2")  # HR in the same organisation, but did not ask
    learner = StaffMemberFactory(organisation=org).user
    client.force_login(colleague)
    for name in ("background:job", "background:job_file", "background:job_again"):
        assert client.get(reverse(name, args=[job.pk])).status_code in (404, 405)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("background:job_file", args=[job.pk])).status_code == 404
    reads = _job_queries(queries.captured_queries)
    assert len(reads) == 1 and '"content"' not in reads[0]  # refused before the file is read
    client.force_login(learner)  # not an admin user at all: Wagtail sends them to sign in
    assert client.get(reverse("background:job_file", args=[job.pk]))["Location"].startswith("/admin/login/")
    client.force_login(hr)
    assert longwork.may_see_job(hr, job)
    hr.groups.clear()  # no longer in HR: the job is out of reach too
    hr = type(hr).objects.get(pk=hr.pk)  # as the next request loads them
    assert not longwork.may_see_job(hr, job)
    assert client.get(reverse("background:job_file", args=[job.pk])).status_code == 302  # to sign in
    assert not AuditLogEntry.objects.filter(subject__startswith="Downloaded").exists()


def test_a_failing_workbook_says_so_and_keeps_nothing(hr_client, org, monkeypatch):
    prepare(hr_client, org)
    job = BackgroundJob.objects.get()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "readiness_export", broken)
    assert longwork.job_run(str(job.pk)) == BackgroundJob.Status.FAILED
    job.refresh_from_db()
    assert job.outcome == longwork.FAILED_EXPORT and job.content is None
    page = hr_client.get(reverse("background:job", args=[job.pk])).content.decode()
    assert longwork.FAILED_EXPORT in page and "Download" not in page


def test_a_job_whose_worker_died_can_be_started_again_once(hr_client, org):
    prepare(hr_client, org)
    job = BackgroundJob.objects.get()
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.RUNNING)
    again = reverse("background:job_again", args=[job.pk])
    hr_client.post(again)  # still running recently: not started again
    assert DBTaskResult.objects.count() == 1
    BackgroundJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - longwork.STALE_AFTER * 2)
    assert longwork.STALE in hr_client.get(reverse("background:job", args=[job.pk])).content.decode()
    hr_client.post(again)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.QUEUED and DBTaskResult.objects.count() == 2
    assert longwork.job_run(str(job.pk)) == BackgroundJob.Status.DONE


def test_jobs_past_their_week_are_deleted_with_their_files(hr_client, org):
    prepare(hr_client, org)
    prepare(hr_client, org)
    old, new = BackgroundJob.objects.order_by("created_at")
    BackgroundJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert longwork.jobs_purge() == 1
    assert list(BackgroundJob.objects.values_list("pk", flat=True)) == [new.pk]


def test_progress_is_written_outside_transactions_only(hr_client, org):
    from django.db import transaction

    prepare(hr_client, org)
    job = BackgroundJob.objects.get()
    progress = longwork.JobProgress(job, {"read": "Reading the file"})
    progress("read", 10, 40)
    job.refresh_from_db()
    assert (job.stage, job.done, job.total) == ("Reading the file", 10, 40)
    with transaction.atomic():
        progress("read", 40, 40)  # finished, but inside a transaction: nobody else could read it
    job.refresh_from_db()
    assert job.done == 10
    page = hr_client.get(reverse("background:job", args=[job.pk])).content.decode()
    assert 'value="25"' in page and "10 of 40" in page


# --- large staff imports -----------------------------------------------------------------------------------------


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(admin_views, "BACKGROUND_ROWS", 3)


def test_a_large_staff_file_is_imported_by_a_worker_with_the_same_result(hr_client, hr, org, small_threshold):
    preview = upload(hr_client, org, people(5))
    html = preview.content.decode()
    assert f'action="{reverse("background:import_start")}"' in html and "a background worker imports it" in html
    token = preview.context["token"]
    answer = hr_client.post(reverse("background:import_start"), {"token": token, "action": admin_views.ACTION_IMPORT})
    job = BackgroundJob.objects.get()
    assert answer["Location"] == reverse("background:job", args=[job.pk])
    assert not PendingImport.objects.exists() and job.source  # the file moved to the job
    assert not StaffMember.objects.filter(employee_number__startswith="N").exists()  # nothing yet

    assert longwork.job_run(str(job.pk)) == BackgroundJob.Status.DONE
    job.refresh_from_db()
    assert job.source is None and job.outcome.startswith("Imported")
    assert StaffMember.objects.filter(organisation=org).count() == 3 + 1 + 5
    entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.IMPORT)
    assert entry.actor == hr and entry.row_count == 5
    page = hr_client.get(reverse("background:job", args=[job.pk])).content.decode()
    assert "Imported" in page and "Import another file" in page and "Download" not in page
    # the token was used: sending it again imports nothing more
    again = hr_client.post(reverse("background:import_start"), {"token": token})
    assert again.status_code == 302 and BackgroundJob.objects.count() == 1


def test_small_files_are_still_imported_on_the_page(hr_client, org):
    preview = upload(hr_client, org, people(2))
    assert f'action="{reverse("learning_staff_import:confirm")}"' in preview.content.decode()


def test_an_import_started_by_someone_else_or_without_rights_is_refused(client, hr_client, org, small_threshold):
    token = upload(hr_client, org, people(5)).context["token"]
    client.force_login(hr_for(org, "HR-2"))  # another HR user cannot use this token
    assert client.post(reverse("background:import_start"), {"token": token}).status_code == 302
    assert not BackgroundJob.objects.exists() and PendingImport.objects.count() == 1
    client.force_login(StaffMemberFactory(organisation=org).user)
    assert client.post(reverse("background:import_start"), {"token": token})["Location"].startswith("/admin/login/")
    assert PendingImport.objects.count() == 1 and not BackgroundJob.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_process_prepares_the_workbook(tmp_path, org, hr):
    """``db_worker`` in its own process takes the job from the database queue and leaves the file on it."""
    from tests.servers import REPO_ROOT, database_url_for_other_processes, process_env

    job = longwork.workbook_job_start(user=hr, organisation=org, as_of=timezone.localdate(), table=None)
    database_url = database_url_for_other_processes(tmp_path)
    done = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--backend", "background", "--batch", "--no-startup-delay"]
        + ["--no-reload"],
        cwd=REPO_ROOT,
        env=process_env(database_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    if database_url.startswith("sqlite:///"):  # the worker had a copy of the database: read the job there
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as copy:
            query = "SELECT status, stage, content FROM notifications_backgroundjob WHERE id = ?"
            status, stage, content = copy.execute(query, (job.pk.hex,)).fetchone()
    else:
        job.refresh_from_db()
        status, stage, content = job.status, job.stage, job.content
    assert (status, stage) == (BackgroundJob.Status.DONE, longwork.STAGE_DONE)
    assert load_workbook(io.BytesIO(bytes(content)), read_only=True).sheetnames[-1] == "staff"


def test_the_schedule_tidies_prepared_files_daily():
    from notifications.schedule import JOBS

    assert ("background_tidy", "day") in [(job.name, job.every) for job in JOBS]


def test_the_tidy_task_deletes_expired_jobs_and_old_task_records(hr_client, org):
    from notifications.tasks import background_tidy

    prepare(hr_client, org)
    BackgroundJob.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=8))
    result = background_tidy.call()
    assert result == {"jobs_deleted": 1, "task_results_deleted": 1}
    assert not DBTaskResult.objects.exists()
