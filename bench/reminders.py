"""Benchmark "reminders" (issue 14): the daily sweep over 50,000 staff, and two workers delivering 10,000 messages.

``.venv/bin/python bench/reminders.py [--database-url postgres://...bench...] [--seeded-database-url URL]``

Targets (docs/architecture.md, quality bars): on ``seed_scale`` (50,000 staff, 20 cohorts) the daily sweep
decides and enqueues in under 30 s and under 500 MB; two workers deliver 10,000 messages to a loopback SMTP
server at a measured rate with 0 duplicates and 0 lost. Three interleaved rounds of a sweep then a delivery; the
sweep runs in its own process per round (so its peak memory is its own), the messages of a round deleted
(untimed) before the next; ``seed_scale``
leaves people without email addresses, so every generated person is first given one (untimed). The baseline,
timed in the same process, reads the same enrolments and inserts one plain message for each, deciding nothing.
Delivery: the outbox is filled with 10,000 waiting messages, twelve delivery jobs are queued, and two
``db_worker --batch`` processes (production settings) deliver them to an aiosmtpd server in this process; every
message is counted by its key.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report  # noqa: E402
from bench.database import (  # noqa: E402
    REPO_ROOT,
    django_env,
    prepare_site,
    run_in_django,
    run_python,
    seeded_database,
    throwaway_database,
)

SUITE = "reminders"
STAFF = 50_000
ROUNDS = 3
MESSAGES = 10_000
DELIVERY_JOBS = 12
TARGET_SECONDS, TARGET_MB = 30.0, 500.0
ZONE = ZoneInfo("Europe/London")


# --- inside Django (python -m bench.reminders ACTION OUT.json --day D) ----------------------------------------


def _sweep(day: str) -> dict:
    from datetime import date

    from django.utils import timezone

    from notifications.models import Message
    from notifications.outbox import messages_add
    from notifications.sweep import _eligible_enrolments, reminders_decide

    today = date.fromisoformat(day)
    Message.objects.all().delete()  # untimed: every round decides the same messages from nothing
    started = time.perf_counter()
    rows = list(_eligible_enrolments(today).values_list("id", "staff_id", "staff__organisation_id", "staff__email"))
    read = time.perf_counter() - started
    now = timezone.now()
    plain = [
        Message(
            key=f"baseline:{enrolment}",
            kind=Message.Kind.ASSIGNED,
            organisation_id=org,
            recipient_id=staff,
            to_email=email,
            enrolment_id=enrolment,
            created_at=now,
            next_attempt_at=now,
        )  # fmt: skip
        for enrolment, staff, org, email in rows
    ]
    started = time.perf_counter()
    messages_add(plain)  # the sweep's own insert
    baseline = read + time.perf_counter() - started  # the same rows read and inserted, nothing decided
    Message.objects.all().delete()
    started = time.perf_counter()
    result = reminders_decide(today=today)
    seconds = time.perf_counter() - started
    return {
        "baseline_seconds": baseline,
        "sweep_seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "enrolments": len(rows),
        "decided": result.decided,
        "manager_digests": result.manager_digests,
        "hr_escalations": result.hr_escalations,
    }


def _addresses() -> dict:
    """Give every generated person an email address (seed_scale leaves them blank, and people without one are
    never reminded): untimed set-up, so that the sweep has the whole trust to decide for."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE learning_staffmember SET email = 'p' || CAST(id AS TEXT) || '@scale.example' WHERE email = ''"
        )
        return {"updated": cursor.rowcount}


def _outbox(count: int) -> dict:
    from django.utils import timezone

    from learning.models import StaffMember
    from learning.staffing import current_on
    from notifications.models import Message
    from notifications.tasks import messages_deliver

    Message.objects.all().delete()
    current = StaffMember.objects.filter(current_on(timezone.localdate()), anonymised_at__isnull=True)
    people = list(current.exclude(email="").values_list("id", "organisation_id", "email")[:count])
    now = timezone.now()
    Message.objects.bulk_create(
        (
            Message(
                key=f"bench:{n}",
                kind=Message.Kind.MANAGER_DIGEST,
                organisation_id=org,
                recipient_id=staff,
                to_email=f"bench{n}@bench.example",
                context={"first_name": "Pat", "overdue": []},
                created_at=now,
                next_attempt_at=now,
            )  # fmt: skip
            for n, (staff, org, _email) in enumerate(people)
        ),
        batch_size=2000,
    )
    for _ in range(DELIVERY_JOBS):
        messages_deliver.enqueue()
    return {"messages": len(people)}


def _outcome() -> dict:
    from notifications.models import Message

    return dict(Counter(Message.objects.values_list("status", flat=True)))


# --- the run ---------------------------------------------------------------------------------------------------


def _deliver(env: dict) -> dict:
    from aiosmtpd.controller import Controller

    from tests.servers import free_port

    keys: list[str] = []

    class Count:
        async def handle_DATA(self, server, session, envelope):
            for line in envelope.content.split(b"\r\n"):
                if line.startswith(b"X-Upskill-Message:"):
                    keys.append(line.split(b":", 1)[1].strip().decode())
                    break
            return "250 OK"

    port = free_port()
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        queued = run_in_django(env, "bench.reminders", "outbox", "--count", str(MESSAGES))
        worker_env = {**env, "EMAIL_PORT": str(port)}
        command = [sys.executable, "manage.py", "db_worker", "--backend", "background", "--batch", "--no-reload",
                   "--no-startup-delay", "--verbosity", "0"]  # fmt: skip
        started = time.perf_counter()
        workers = [subprocess.Popen(command, cwd=REPO_ROOT, env=worker_env) for _ in range(2)]
        codes = [worker.wait(timeout=1800) for worker in workers]
        seconds = time.perf_counter() - started
    finally:
        controller.stop()
    counts = Counter(keys)
    outcome = run_in_django(env, "bench.reminders", "outcome")
    return {
        "queued": queued["messages"],
        "seconds": seconds,
        "rate": len(counts) / seconds if seconds else 0.0,
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "lost": queued["messages"] - len(counts),
        "worker_exit_codes": codes,
        "statuses": outcome,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL whose database name contains 'bench' (dropped)")
    parser.add_argument("--seeded-database-url", help="a database seeded earlier with seed_demo and seed_scale")
    args = parser.parse_args()
    day = datetime.now(ZONE).date().isoformat()
    load_before = os.getloadavg()[0]
    with (
        seeded_database(args.seeded_database_url)
        if args.seeded_database_url
        else throwaway_database(args.database_url) as database
    ):
        env = django_env(database.url)
        if not args.seeded_database_url:
            prepare_site(env)
            print(f"[{SUITE}] seed_scale --staff {STAFF} ...", flush=True)
            run_python(env, "manage.py", "seed_scale", "--staff", str(STAFF), "--end", day, timeout=3600)
        else:
            run_python(env, "manage.py", "migrate", "--noinput", timeout=600)
        addresses = run_in_django(env, "bench.reminders", "addresses")
        print(f"[{SUITE}] email addresses given: {addresses['updated']:,}", flush=True)
        rounds, deliveries = [], []
        for n in range(ROUNDS):  # interleaved: a sweep, then a delivery, three times
            rounds.append(run_in_django(env, "bench.reminders", "sweep", "--day", day, timeout=600))
            print(f"[{SUITE}] sweep round {n + 1}: {rounds[-1]['sweep_seconds']:.2f} s, "
                  f"{rounds[-1]['peak_mb']:.0f} MB", flush=True)  # fmt: skip
            deliveries.append(_deliver(env))
            print(f"[{SUITE}] delivery round {n + 1}: {deliveries[-1]}", flush=True)
    delivery = {
        "seconds": statistics.median(d["seconds"] for d in deliveries),
        "rate": statistics.median(d["rate"] for d in deliveries),
        "duplicates": sum(d["duplicates"] for d in deliveries),
        "lost": sum(d["lost"] for d in deliveries),
        "worker_exit_codes": [code for d in deliveries for code in d["worker_exit_codes"]],
        "rates": [round(d["rate"]) for d in deliveries],
    }
    sweep_s = statistics.median(r["sweep_seconds"] for r in rounds)
    read_s = statistics.median(r["baseline_seconds"] for r in rounds)
    peak = max(r["peak_mb"] for r in rounds)
    met = (
        sweep_s < TARGET_SECONDS and peak < TARGET_MB and delivery["duplicates"] == 0 and delivery["lost"] == 0
        and all(code == 0 for code in delivery["worker_exit_codes"])
    )  # fmt: skip
    first = rounds[0]
    rows = [
        ["Enrolments read by the sweep (due date, open, current staff)", f"{first['enrolments']:,}", ""],
        ["Messages decided (first day: every 'assigned')", f"{first['decided']:,}", ""],
        ["Line managers' digests", f"{first['manager_digests']:,}", ""],
        [
            "Baseline: read those enrolments and insert one plain message each, nothing decided (median)",
            f"{read_s:.2f} s",
            "",
        ],  # fmt: skip
        ["Sweep: decide and insert (median of 3 processes)", f"{sweep_s:.2f} s", f"under {TARGET_SECONDS:.0f} s"],
        ["Sweep / baseline", f"{sweep_s / read_s:.2f}x" if read_s else "n/a", ""],
        ["Peak memory of a sweep process", f"{peak:.0f} MB", f"under {TARGET_MB:.0f} MB"],
        ["Delivery: 10,000 messages, two workers (median of 3 rounds)", f"{delivery['seconds']:.1f} s", ""],
        [
            "Delivery rate (median; each round)",
            f"{delivery['rate']:.0f} messages/s ({', '.join(str(r) for r in delivery['rates'])})",
            "measured",
        ],
        ["Duplicates / lost (3 rounds, 30,000 messages)", f"{delivery['duplicates']} / {delivery['lost']}", "0 / 0"],
    ]
    section = "\n".join(
        [
            "## Reminders: the daily sweep and delivery (issue 14)",
            "",
            f"Run on {report.now_utc()}, {report.machine_summary()}; database: {database.description}.",
            f"Command: `.venv/bin/python bench/reminders.py {' '.join(sys.argv[1:])}`.".replace(" `", " `", 1),
            "",
            __doc__.split("\n\n", 1)[1].strip(),
            "",
            report.markdown_table(["Measure", "Figure", "Target"], rows),
            "",
            f"Result: {'all targets met' if met else 'a target was missed'}.",
            "",
            f"Load: 1-minute load average {load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end.",
        ]
    )
    report.doc_block_write(SUITE, section)
    report.results_write(SUITE, {"rounds": rounds, "deliveries": deliveries, "met": met})
    print(section)
    return 0 if met else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"sweep", "outbox", "outcome", "addresses"}:
        from bench.inprocess import cli

        cli(__doc__.split("\n")[0], {"sweep": _sweep, "outbox": _outbox, "outcome": _outcome, "addresses": _addresses},
            {"day": str, "count": int})  # fmt: skip
    else:
        sys.exit(main())
