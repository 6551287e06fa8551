"""Benchmark "xapi" (issue 15): what writing an xAPI statement adds to a lesson completion, and draining 10,000
statements to a real LRS on loopback.

``.venv/bin/python bench/xapi.py [--database-url postgres://...bench...] [--rounds 5] [--completions 60]``

Targets (issue 15, point 4): writing the statement adds under 10% to a lesson completion; the outbox drains
10,000 statements to the loopback LRS at a measured rate with 0 lost and 0 duplicated.

Overhead: the demo site with production settings behind gunicorn (two sync workers, loopback HTTP), timed by
the client. Two organisations are made alike for the run, each with an LRS endpoint: one switched on, one
switched off. Each learner signs in through the login form (two at a time) and opens the demo course's first
lesson, all before timing starts; each then completes that lesson once, their first completion of it:
``POST /learning/lessons/<id>/complete/`` with the CSRF token from the lesson page's form, the answer checked to
be a redirect to the next lesson (not followed). In one transaction the progress row the lesson page made is
marked complete, the completed lessons are read, and one statement is written to the outbox for each active
endpoint of the learner's organisation, with the enrolment's registration (one INSERT ... SELECT, the same for
both settings: with the endpoint off it inserts nothing). Nothing is sent while
the request runs. After five warm-up completions per setting, each round times the same number of completions per
setting, alternating off and on completion by completion (each by a
learner of that setting's organisation), which goes first changing from round to round. A round's figure per
setting is the median of its completions, to the full response; the result is the median of the rounds' ratios
(on / off). Worker memory is each gunicorn worker's resident set (read from /proc) after start-up and after the
timed completions. Queries are those of one first completion per setting after one warm-up completion by
another learner, counted in-process with Django's test client and CaptureQueriesContext (BEGIN and COMMIT
count as queries).
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report, suite  # noqa: E402
from bench.client import BenchClient, Probe, signed_in_clients, timed  # noqa: E402
from bench.database import (  # noqa: E402
    REPO_ROOT,
    BenchError,
    django_env,
    prepare_site,
    run_in_django,
    throwaway_database,
)
from bench.server import gunicorn, worker_rss_mb  # noqa: E402
from bench.xapi_queries import COUNTED, ORGANISATIONS, PASSWORD  # noqa: E402

SUITE = "xapi"
STATEMENTS = 10_000
TARGET_RATIO = 1.10
WARMUP = 5  # untimed completions per setting before the rounds


# --- the run ---------------------------------------------------------------------------------------------------


def _signed_in(base_url: str, emails: list[str], lesson_url: str) -> list[BenchClient]:
    """Sign each learner in through the login form and open the lesson (its form's CSRF token), two at a time."""

    def one(email: str) -> BenchClient:
        return signed_in_clients(base_url, 1, email=email, password=PASSWORD, token_page=lesson_url)[0]

    with ThreadPoolExecutor(max_workers=suite.WORKERS) as pool:
        return list(pool.map(one, emails))


def _overhead(env: dict, rounds: int, completions: int) -> dict:
    """Time first completions over HTTP by learners whose organisation's endpoint is off or on, interleaved."""
    per_setting = WARMUP + rounds * completions
    site = run_in_django(env, "bench.xapi_queries", "learners", "--count", str(per_setting + COUNTED))
    lesson, after = site["lessons"][0], site["lessons"][1]
    complete = f"/learning/lessons/{lesson['id']}/complete/"
    probes = {
        setting: Probe(
            setting,
            f"First completion, endpoint {setting}",
            "POST",
            complete,
            expect_status=302,
            expect_location=after["url"],
        )
        for setting in ORGANISATIONS
    }
    with gunicorn(env, workers=suite.WORKERS, ready_path=site["plain_url"]) as server:
        fresh_mb = worker_rss_mb(server)  # after answering the readiness probe only
        print(f"[{SUITE}] gunicorn on {server.base_url}; signing in {2 * per_setting} learners ...", flush=True)
        clients = {s: iter(_signed_in(server.base_url, site["emails"][s][:per_setting], lesson["url"]))
                   for s in ORGANISATIONS}  # fmt: skip

        def complete_once(setting: str) -> float:
            return timed(next(clients[setting]), probes[setting])[0]

        for _ in range(WARMUP):
            for setting in ORGANISATIONS:
                complete_once(setting)
        print(f"[{SUITE}] timing {rounds} rounds of {completions} completions per setting ...", flush=True)
        load_before = report.load_average()
        results = []
        for number in range(rounds):
            order = ("on", "off") if number % 2 == 0 else ("off", "on")
            times: dict[str, list[float]] = {"off": [], "on": []}
            for _ in range(completions):
                for setting in order:
                    times[setting].append(complete_once(setting))
            results.append({"first": order[0], **{f"{s}_ms": statistics.median(t) for s, t in times.items()}})
        load_after = report.load_average()
        after_mb = worker_rss_mb(server)
        if "Traceback" in server.log_tail(400):
            raise BenchError(f"gunicorn logged errors:\n{server.log_tail()}")
    counted = run_in_django(
        env, "bench.xapi_queries", "count", "--lesson-url", lesson["url"], "--complete-path", complete,
        "--off-emails", ",".join(site["emails"]["off"][per_setting:]),
        "--on-emails", ",".join(site["emails"]["on"][per_setting:]),
    )  # fmt: skip
    return {"rounds": results, "expected": per_setting, "fresh_mb": fresh_mb, "after_mb": after_mb,
            "load": {"before": load_before, "after": load_after}, **counted}  # fmt: skip


def _drain(env: dict, workers: int, count: int) -> dict:
    from tests.lrs import RALPH, RalphLRS

    if not RALPH.exists():
        raise BenchError("Ralph is not installed: run `make install` (it builds .venv-lrs).")
    with tempfile.TemporaryDirectory(prefix="upskill-bench-lrs-") as directory:
        lrs = RalphLRS(Path(directory))
        lrs.start()
        try:
            queued = run_in_django(
                env, "bench.xapi_queries", "outbox", "--count", str(count), "--url", lrs.url, "--key", lrs.key,
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
    outcome = run_in_django(env, "bench.xapi_queries", "outcome")
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


def _mib(sizes: list[float]) -> str:
    return ", ".join(f"{mb:.0f}" for mb in sizes) + " MiB" if sizes else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL whose database name contains 'bench' (dropped)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the overhead (5, at least 3)")
    parser.add_argument("--completions", type=int, default=60, help="completions per round and setting (60)")
    parser.add_argument("--statements", type=int, default=STATEMENTS, help="statements to drain (10,000)")
    parser.add_argument("--no-doc", dest="write_doc", action="store_false", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds must be at least 3")
    load_before = report.load_average()
    with throwaway_database(args.database_url) as database:
        env = django_env(database.url)
        prepare_site(env)
        overhead = _overhead(env, args.rounds, args.completions)
        print(f"[{SUITE}] overhead: {overhead['rounds']}", flush=True)
        drain = _drain(env, workers=2 if database.vendor == "postgresql" else 1, count=args.statements)
        print(f"[{SUITE}] drain: { {k: v for k, v in drain.items() if k != 'ids'} }", flush=True)
    ratios = [r["on_ms"] / r["off_ms"] for r in overhead["rounds"]]
    ratio = statistics.median(ratios)
    off = statistics.median(r["off_ms"] for r in overhead["rounds"])
    on = statistics.median(r["on_ms"] for r in overhead["rounds"])
    duplicated = drain["stored_twice"] + drain["sent_more_than_written"]
    written, queries = overhead["written"], overhead["queries"]
    met = (
        ratio < TARGET_RATIO and written == {"off": 0, "on": overhead["expected"]} and drain["lost"] == 0
        and duplicated == 0 and all(code == 0 for code in drain["worker_exit_codes"])
    )  # fmt: skip
    rows = [
        ["Lesson completion over HTTP, endpoint off (median of round medians)", f"{off:.2f} ms", ""],
        [
            "Lesson completion over HTTP, endpoint on: one statement written (median of round medians)",
            f"{on:.2f} ms",
            "",
        ],
        [
            f"Writing the statement: median of {len(ratios)} rounds' ratios (each "
            + ", ".join(f"{r:.3f}" for r in ratios)
            + ")",
            f"{ratio:.3f}x",
            f"under {TARGET_RATIO:.2f}x",
        ],  # fmt: skip
        [
            "Queries of one first completion, endpoint off / on",
            f"{queries['off']['count']} / {queries['on']['count']}",
            "reported",
        ],  # fmt: skip
        [
            f"Statements written by the {2 * overhead['expected']:,} HTTP completions (warm-up included), "
            "endpoint off / on",
            f"{written['off']:,} / {written['on']:,}",
            f"0 / {overhead['expected']:,}",
        ],  # fmt: skip
        [
            "Each gunicorn worker's resident memory after start-up; after the timed completions",
            f"{_mib(overhead['fresh_mb'])}; {_mib(overhead['after_mb'])}",
            "reported",
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
            f"Run on {report.now_utc()}, {report.machine_summary()}; {suite.server_description()}; database: "
            f"{database.description}; 1-minute load "
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
    if args.write_doc:
        report.doc_block_write(f"{SUITE}:{database.vendor}", section)
    report.results_write(SUITE, {"overhead": overhead, "drain": drain, "met": met})
    print(section)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
