"""Enqueue the scheduled background jobs that are due (run from cron or a systemd timer every minute)."""

import time

from django.core.management.base import BaseCommand, CommandError

from notifications.schedule import jobs_enqueue_due


class Command(BaseCommand):
    help = (
        "Enqueue the background jobs due now (scheduled publishing every minute, message delivery every five "
        "minutes, once a day the cohort refresh, retention and the reminder sweep, once a week HR's cohort digests). "
        "Safe to run on several "
        "machines at once: each job is enqueued once per slot. Workers (manage.py db_worker) run them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, checking every SECONDS (10 to 3600); without it, check once and exit.",
        )

    def handle(self, *args, every=None, **options):
        if every is not None and not 10 <= every <= 3600:
            raise CommandError("--every must be a number of seconds from 10 to 3600.")
        while True:
            for line in jobs_enqueue_due():
                self.stdout.write(f"enqueued {line}")
            if every is None:
                return
            time.sleep(every)
