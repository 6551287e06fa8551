"""Benchmark "xapi" (issue 15): what writing an xAPI statement adds to a lesson completion, and draining 10,000
statements to a real LRS on loopback.

``.venv/bin/python bench/xapi.py [--database-url postgres://...bench...] [--rounds 5] [--completions 60]``

Targets (issue 15, point 4): writing the statement adds under 10% to a lesson completion; the outbox drains
10,000 statements to the loopback LRS at a measured rate with 0 lost and 0 duplicated.

Overhead: on the demo site with production settings, in one process, learners of a fresh organisation each
complete the first lesson of the demo course once through the real view (``POST /learning/lessons/<id>/complete/``
with Django's test client: middleware, view, service and the outbox write, no network). In each round the same
number of completions run with the organisation's LRS endpoint switched off (nothing written) and on (one
statement written in the completion's transaction), alternating completion by completion (the switch untimed),
which goes first changing from round to round. A round's figure per setting is the median time of its
completions; the result is the median of the rounds' ratios (on / off).
Drain: 10,000 statements built by ``interop.statements`` wait in the outbox for one endpoint, a Ralph LRS
(``ralph runserver``, tests/lrs.py) on loopback; twelve delivery tasks are queued and ``db_worker --batch``
processes (two on PostgreSQL, one on SQLite, which has one writer) deliver them in batches of 100. Lost: a
statement written but not in Ralph's store; duplicated: a statement stored twice by Ralph, or sent more often in
all (the workers' own counts) than there are statements.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report  # noqa: E402
from bench.database import (  # noqa: E402
    REPO_ROOT,
    BenchError,
    django_env,
    prepare_site,
    run_in_django,
    throwaway_database,
)

SUITE = "xapi"
STATEMENTS = 10_000
DELIVERY_JOBS = 12
TARGET_RATIO = 1.10
ORGANISATION = "bench-xapi"


# --- inside Django (python -m bench.xapi ACTION OUT.json ...) --------------------------------------------------


def _learners(count: int) -> dict:
    """Create ``count`` learners in a fresh organisation with one LRS endpoint (untimed set-up)."""
    from django.contrib.auth import get_user_model

    from interop.models import LrsEndpoint
    from learning.models import Organisation, StaffMember

    organisation, _ = Organisation.objects.get_or_create(slug=ORGANISATION, defaults={"name": "Bench council"})
    LrsEndpoint.objects.get_or_create(
        organisation=organisation,
        name="Bench LRS",
        defaults={"url": "http://127.0.0.1:9/xAPI/", "key": "k", "secret": "s"},
    )
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"xapi{n}@bench.example", email=f"xapi{n}@bench.example") for n in range(count)]
    )
    StaffMember.objects.bulk_create(
        [
            StaffMember(organisation=organisation, user=user, employee_number=f"X{n:05d}", first_name="Pat")
            for n, user in enumerate(users)
        ]
    )
    return {"learners": count}


def _overhead(rounds: int, completions: int) -> dict:
    """Time first completions of the demo course's first lesson with the endpoint off and on, interleaved."""
    from django.test import Client

    from interop.models import LrsEndpoint, OutboxStatement
    from learning import selectors
    from learning.models import CoursePage, StaffMember

    course = CoursePage.objects.live().order_by("path").first()
    lesson = selectors.lesson_list_for_course(course)[0]
    url = f"/learning/lessons/{lesson.id}/complete/"
    staff = list(StaffMember.objects.filter(organisation__slug=ORGANISATION).select_related("user").order_by("id"))
    if len(staff) < (rounds * completions + 2) * 2:
        raise SystemExit("not enough learners")
    people = iter(staff)

    endpoints = LrsEndpoint.objects.filter(organisation__slug=ORGANISATION)

    def signed_in() -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(next(people).user)
        return client

    def one_round(count: int, first: bool) -> dict[bool, list[float]]:
        """Alternate off and on completion by completion (the endpoint switched untimed between them)."""
        clients = [(active, signed_in()) for _ in range(count) for active in (first, not first)]
        times: dict[bool, list[float]] = {False: [], True: []}
        for active, client in clients:
            endpoints.update(active=active)
            started = time.perf_counter()
            response = client.post(url)
            times[active].append(time.perf_counter() - started)
            if response.status_code != 302:
                raise SystemExit(f"the completion answered {response.status_code}")
        return times

    one_round(2, False)  # warm-up (not counted)
    results = []
    for number in range(rounds):
        times = one_round(completions, number % 2 == 0)
        results.append(
            {"off_ms": statistics.median(times[False]) * 1000, "on_ms": statistics.median(times[True]) * 1000}
        )
    endpoints.update(active=False)  # its statements are not for the drain below
    written = OutboxStatement.objects.filter(endpoint__organisation__slug=ORGANISATION).count()
    return {"rounds": results, "statements_written": written, "expected": rounds * completions + 2}


def _outbox(count: int, url: str, key: str, secret: str) -> dict:
    """Fill the outbox with ``count`` statements for an endpoint at ``url`` and queue the delivery tasks."""
    import uuid

    from django.utils import timezone

    from interop import statements as xapi
    from interop.models import LrsEndpoint, OutboxStatement
    from interop.tasks import statements_deliver
    from learning.models import Organisation

    organisation, _ = Organisation.objects.get_or_create(slug="bench-drain", defaults={"name": "Drain council"})
    endpoint = LrsEndpoint.objects.create(organisation=organisation, name="Ralph", url=url, key=key, secret=secret)
    now = timezone.now()
    course = xapi.Activity(xapi.activity_id("http://127.0.0.1/", "pages", 1), xapi.COURSE, "Bench course")
    rows = []
    for n in range(count):
        actor = xapi.Actor(home_page="http://127.0.0.1/", name=str(uuid.uuid4()))
        built = xapi.lesson_completed(
            actor=actor, base_url="http://127.0.0.1/", lesson_id=n % 50 + 2, lesson_title=f"Lesson {n % 50 + 1}",
            course=course, registration=str(uuid.uuid4()), at=now,
        )  # fmt: skip
        rows.append(
            OutboxStatement(
                endpoint=endpoint,
                statement_id=built["id"],
                verb="completed",
                payload=built,
                created_at=now,
                next_attempt_at=now,
            )  # fmt: skip
        )
    OutboxStatement.objects.bulk_create(rows, batch_size=2000)
    for _ in range(DELIVERY_JOBS):
        statements_deliver.enqueue()
    return {"ids": [str(row.statement_id) for row in rows]}


def _outcome() -> dict:
    from django_tasks_db.models import DBTaskResult

    from interop.models import OutboxStatement

    drained = OutboxStatement.objects.filter(endpoint__organisation__slug="bench-drain")
    sent_by_tasks = 0
    for task in DBTaskResult.objects.filter(task_path="interop.tasks.statements_deliver"):
        sent_by_tasks += (task.return_value or {}).get("sent", 0)
    return {
        "statuses": dict(Counter(drained.values_list("status", flat=True))),
        "attempts": dict(Counter(drained.values_list("attempts", flat=True))),
        "sent_by_tasks": sent_by_tasks,
        "tasks": dict(
            Counter(
                DBTaskResult.objects.filter(task_path="interop.tasks.statements_deliver").values_list(
                    "status", flat=True
                )
            )
        ),  # fmt: skip
    }


# --- the run ---------------------------------------------------------------------------------------------------


def _drain(env: dict, workers: int, count: int) -> dict:
    from tests.lrs import RALPH, RalphLRS

    if not RALPH.exists():
        raise BenchError("Ralph is not installed: run `make install` (it builds .venv-lrs).")
    with tempfile.TemporaryDirectory(prefix="upskill-bench-lrs-") as directory:
        lrs = RalphLRS(Path(directory))
        lrs.start()
        try:
            queued = run_in_django(
                env, "bench.xapi", "outbox", "--count", str(count), "--url", lrs.url, "--key", lrs.key,
                "--secret", lrs.secret,
            )  # fmt: skip
            command = [sys.executable, "manage.py", "db_worker", "--backend", "background", "--batch", "--no-reload",
                       "--no-startup-delay", "--verbosity", "0"]  # fmt: skip
            started = time.perf_counter()
            processes = [subprocess.Popen(command, cwd=REPO_ROOT, env=env) for _ in range(workers)]
            codes = [process.wait(timeout=1800) for process in processes]
            seconds = time.perf_counter() - started
            stored = Counter(lrs.stored_ids())
            read_back = len(lrs.statements(limit=100)) if len(stored) <= 1000 else None
        finally:
            lrs.stop()
    outcome = run_in_django(env, "bench.xapi", "outcome")
    written = set(queued["ids"])
    return {
        "written": len(written),
        "seconds": seconds,
        "rate": len(set(stored) & written) / seconds if seconds else 0.0,
        "lost": len(written - set(stored)),
        "stored_twice": sum(n - 1 for n in stored.values() if n > 1),
        "sent_more_than_written": max(outcome["sent_by_tasks"] - len(written), 0),
        "workers": workers,
        "worker_exit_codes": codes,
        "read_back": read_back,
        **outcome,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL whose database name contains 'bench' (dropped)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the overhead (5, at least 3)")
    parser.add_argument("--completions", type=int, default=60, help="completions per round and setting (60)")
    parser.add_argument("--statements", type=int, default=STATEMENTS, help="statements to drain (10,000)")
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds must be at least 3")
    load_before = report.load_average()
    with throwaway_database(args.database_url) as database:
        env = django_env(database.url)
        prepare_site(env)
        run_in_django(env, "bench.xapi", "learners", "--count", str((args.rounds * args.completions + 2) * 2))
        print(f"[{SUITE}] timing completions ...", flush=True)
        overhead = run_in_django(
            env, "bench.xapi", "overhead", "--rounds", str(args.rounds), "--completions", str(args.completions),
            timeout=1800,
        )  # fmt: skip
        print(f"[{SUITE}] overhead: {overhead['rounds']}", flush=True)
        drain = _drain(env, workers=2 if database.vendor == "postgresql" else 1, count=args.statements)
        print(f"[{SUITE}] drain: { {k: v for k, v in drain.items() if k != 'ids'} }", flush=True)
    ratios = [r["on_ms"] / r["off_ms"] for r in overhead["rounds"]]
    ratio = statistics.median(ratios)
    off = statistics.median(r["off_ms"] for r in overhead["rounds"])
    on = statistics.median(r["on_ms"] for r in overhead["rounds"])
    duplicated = drain["stored_twice"] + drain["sent_more_than_written"]
    met = (
        ratio < TARGET_RATIO and overhead["statements_written"] == overhead["expected"] and drain["lost"] == 0
        and duplicated == 0 and all(code == 0 for code in drain["worker_exit_codes"])
    )  # fmt: skip
    rows = [
        ["Lesson completion, no endpoint (median of round medians)", f"{off:.2f} ms", ""],
        ["Lesson completion writing one statement (median of round medians)", f"{on:.2f} ms", ""],
        [
            f"Writing the statement: median of {len(ratios)} rounds' ratios (each "
            + ", ".join(f"{r:.3f}" for r in ratios)
            + ")",
            f"{ratio:.3f}x",
            f"under {TARGET_RATIO:.2f}x",
        ],  # fmt: skip
        [
            "Statements written by the timed completions",
            f"{overhead['statements_written']:,}",
            f"{overhead['expected']:,}",
        ],  # fmt: skip
        [
            f"Drain: {drain['written']:,} statements, {drain['workers']} worker(s), batches of 100",
            f"{drain['seconds']:.1f} s",
            "",
        ],  # fmt: skip
        ["Drain rate (statements stored by the LRS per second)", f"{drain['rate']:.0f} /s", "measured"],
        ["Lost / duplicated", f"{drain['lost']} / {duplicated}", "0 / 0"],
        [
            "Outbox afterwards",
            ", ".join(f"{k} {v:,}" for k, v in sorted(drain["statuses"].items())),
            f"sent {drain['written']:,}",
        ],
    ]
    section = "\n".join(
        [
            "## xAPI: statement write overhead and outbox drain (issue 15)",
            "",
            f"Run on {report.now_utc()}, {report.machine_summary()}; database: {database.description}; 1-minute load "
            f"average {load_before} before and {report.load_average()} after (other work on the machine shows here: "
            "single rounds then vary, the median of interleaved rounds less so).",
            f"Command: `.venv/bin/python bench/xapi.py {' '.join(sys.argv[1:])}`.",
            "",
            __doc__.split("\n\n", 2)[2].strip(),
            "",
            report.markdown_table(["Measure", "Figure", "Target"], rows),
            "",
            f"Result: {'all targets met' if met else 'a target was missed'}.",
        ]
    )
    report.doc_block_write(f"{SUITE}:{database.vendor}", section)
    report.results_write(SUITE, {"overhead": overhead, "drain": drain, "met": met})
    print(section)
    return 0 if met else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"learners", "overhead", "outbox", "outcome"}:
        from bench.inprocess import cli

        cli(
            __doc__.split("\n")[0],
            {"learners": _learners, "overhead": _overhead, "outbox": _outbox, "outcome": _outcome},
            {"count": int, "rounds": int, "completions": int, "url": str, "key": str, "secret": str},
        )
    else:
        sys.exit(main())
