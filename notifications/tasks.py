"""Background tasks (Django's tasks API through the django-tasks backport: on Django 6 the import becomes
``django.tasks``). Each is small and safe to run again; ``notifications.schedule`` decides when they run."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.core.management import call_command
from django_tasks import task

BACKEND = "background"  # settings.TASKS: the database queue that `db_worker --backend background` serves


@task(backend=BACKEND)
def reminders_sweep(day: str) -> dict:
    """Decide the day's reminders and digests, then send what is waiting."""
    from notifications.sweep import reminders_decide

    result = asdict(reminders_decide(today=date.fromisoformat(day)))
    messages_deliver.enqueue()
    return result


@task(backend=BACKEND)
def hr_digests(day: str) -> int:
    """Decide HR's weekly cohort digests, then send what is waiting."""
    from notifications.digests import hr_digests_decide

    added = hr_digests_decide(today=date.fromisoformat(day))
    messages_deliver.enqueue()
    return added


@task(backend=BACKEND)
def messages_deliver() -> dict:
    """Send every waiting message whose time has come (retries included)."""
    from notifications.delivery import messages_deliver as deliver

    return asdict(deliver())


@task(backend=BACKEND)
def management_command(name: str) -> str:
    """Run one of the product's scheduled management commands (cohort refresh, retention, publishing)."""
    from io import StringIO

    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()[-2000:]


@task(backend=BACKEND)
def background_job_run(job_id: str) -> str:
    """Do one piece of long work someone is waiting for on a page (a workbook, a large import)."""
    from notifications.longwork import job_run

    return job_run(job_id)


@task(backend=BACKEND)
def background_tidy() -> dict:
    """Forget prepared files past their week, and the queue's own records of tasks finished over a week ago."""
    from django_tasks_db.models import DBTaskResult

    from notifications.longwork import KEEP_DAYS, jobs_purge

    before = DBTaskResult.objects.count()
    call_command("prune_db_task_results", "--backend", BACKEND, "--queue-name", "*", "--min-age-days", str(KEEP_DAYS))
    return {"jobs_deleted": jobs_purge(), "task_results_deleted": before - DBTaskResult.objects.count()}
