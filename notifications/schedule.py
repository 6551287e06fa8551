"""What runs when, enqueued exactly once per time slot however many machines run the schedule.

``manage.py run_due_jobs`` (cron or a systemd timer, every minute or few) calls ``jobs_enqueue_due``. For each
job it inserts a ``JobRun`` row keyed by the job and its current slot (the minute, the five minutes, the local
day) and enqueues the task in the same transaction; a second scheduler at the same moment hits the unique key
and enqueues nothing. A slot missed while nothing ran is not made up, apart from the daily jobs, which run at
the first call of their day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications import tasks
from notifications.models import JobRun


@dataclass(frozen=True)
class Job:
    name: str
    every: str  # "minute", "5 minutes", "day" or "week"
    task: object
    args: tuple = ()
    day_argument: bool = False  # the task is given the slot's local day (ISO)

    def slot(self, local: datetime) -> str:
        if self.every == "minute":
            return local.strftime("%Y-%m-%dT%H:%M")
        if self.every == "5 minutes":
            return local.replace(minute=local.minute - local.minute % 5).strftime("%Y-%m-%dT%H:%M")
        if self.every == "week":
            year, week, _ = local.date().isocalendar()
            return f"{year}-W{week:02d}"
        return local.date().isoformat()


JOBS: list[Job] = [
    Job("publish_scheduled", "minute", tasks.management_command, ("publish_scheduled",)),
    Job("deliver_messages", "5 minutes", tasks.messages_deliver),
    Job("refresh_cohorts", "day", tasks.management_command, ("refresh_cohorts",)),
    Job("apply_retention", "day", tasks.management_command, ("apply_retention",)),
    Job("reminders_sweep", "day", tasks.reminders_sweep, day_argument=True),
    Job("background_tidy", "day", tasks.background_tidy),
    Job("hr_digests", "week", tasks.hr_digests, day_argument=True),  # the first run of each ISO week (Monday)
]


def register_job(job: Job) -> None:
    """Add a job from a higher app (its ``AppConfig.ready``: ``interop`` adds xAPI delivery, ``credentials`` its
    issuing) without this module importing it."""
    if job.name not in {existing.name for existing in JOBS}:
        JOBS.append(job)


def jobs_enqueue_due(*, now: datetime | None = None, jobs=JOBS) -> list[str]:
    """Enqueue each job whose current slot has no run yet; return "job slot" for those enqueued here."""
    local = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in jobs:
        slot = job.slot(local)
        try:
            with transaction.atomic():
                run = JobRun.objects.create(job=job.name, slot=slot, enqueued_at=local)
                args = (*job.args, local.date().isoformat()) if job.day_argument else job.args
                result = job.task.enqueue(*args)
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler enqueued it for this slot
        enqueued.append(f"{job.name} {slot}")
    return enqueued
