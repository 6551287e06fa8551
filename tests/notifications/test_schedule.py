"""The schedule enqueues each job once per slot, however many schedulers run it at once; real workers run it."""

import subprocess
import sys
import threading
from datetime import datetime

import pytest
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import JobRun
from notifications.schedule import JOBS, jobs_enqueue_due
from tests.conftest import is_postgres


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.mark.django_db
def test_each_job_is_enqueued_once_per_slot():
    first = jobs_enqueue_due(now=local(2027, 3, 1, 6, 0, 10))
    assert sorted(line.split()[0] for line in first) == sorted(job.name for job in JOBS)
    assert jobs_enqueue_due(now=local(2027, 3, 1, 6, 0, 50)) == []  # the same minute: nothing new
    later = jobs_enqueue_due(now=local(2027, 3, 1, 6, 5, 0))
    assert sorted(later) == [
        "deliver_messages 2027-03-01T06:05",
        "deliver_statements 2027-03-01T06:05",
        "issue_awards 2027-03-01T06:05",  # registered by credentials (CredentialsConfig.ready)
        "publish_scheduled 2027-03-01T06:05",
    ]
    next_day = jobs_enqueue_due(now=local(2027, 3, 2, 0, 1))
    assert "reminders_sweep 2027-03-02" in next_day and "refresh_cohorts 2027-03-02" in next_day
    assert DBTaskResult.objects.count() == JobRun.objects.count() == len(first) + len(later) + len(next_day)
    sweep = DBTaskResult.objects.get(id=JobRun.objects.get(job="reminders_sweep", slot="2027-03-02").task_id)
    assert sweep.args_kwargs["args"] == ["2027-03-02"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # puts back what migrations made
@pytest.mark.skipif(not is_postgres(), reason="concurrent schedulers need PostgreSQL (SQLite has one writer)")
def test_two_schedulers_at_the_same_moment_enqueue_each_job_once():
    moment = local(2027, 3, 1, 6, 0)
    barrier = threading.Barrier(4)
    results = []

    def scheduler():
        try:
            barrier.wait()
            results.append(jobs_enqueue_due(now=moment))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(line for lines in results for line in lines) == sorted(
        f"{job.name} {job.slot(timezone.localtime(moment))}" for job in JOBS
    )
    assert DBTaskResult.objects.count() == len(JOBS)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # puts back what migrations made
def test_a_real_worker_runs_the_enqueued_sweep_then_the_delivery(team_with_course, smtp_server, settings, tmp_path):
    """``manage.py db_worker --batch`` in its own process takes the day's jobs from the database queue: the
    sweep decides the two "assigned" messages and enqueues the delivery, which sends them over SMTP."""
    from notifications.tasks import reminders_sweep
    from tests.servers import REPO_ROOT, database_url_for_other_processes, process_env

    reminders_sweep.enqueue(timezone.localdate().isoformat())
    env = process_env(
        database_url_for_other_processes(tmp_path), EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(settings.EMAIL_PORT)
    )
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--backend",
            "background",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == [
        "asha@northbrook.example",
        "ben@northbrook.example",
    ]
    assert all(m["Subject"].startswith("New course to complete") for m in smtp_server.messages)
