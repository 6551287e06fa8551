"""Run a benchmark suite: ``.venv/bin/python bench/run_bench.py [--suite S|all] [--requests N] [--database-url URL]``.

Each run creates a throwaway database (a temp SQLite file, or the PostgreSQL database named in
--database-url, which is dropped and created; its name must contain "bench"), starts gunicorn with the
production settings on 127.0.0.1, measures, stops gunicorn and drops the database, then writes its section
of docs/benchmarks.md and the raw figures to bench/results/. ``--suite all`` runs every suite in turn, each
with its own --timeout. Exit code 1 when a target is missed, 2 when a suite could not run.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import (  # noqa: E402
    assessment_submit,
    credentials,
    learner_pages,
    readiness,
    scorm_commit,
    sign_in_load,
    staff_import,
    staff_import_limits,
)
from bench.database import BenchError  # noqa: E402

# "all" runs them in this order
SUITES = {
    module.SUITE: module
    for module in (
        learner_pages,
        assessment_submit,
        scorm_commit,
        staff_import,
        staff_import_limits,
        readiness,
        sign_in_load,
        credentials,
    )
}


class BenchTimeout(BenchError):
    """The whole run took longer than --timeout."""


def _on_alarm(signum, frame):
    raise BenchTimeout("The benchmark run exceeded its time limit (--timeout).")


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", choices=[*SUITES, "all"], default=learner_pages.SUITE)
    parser.add_argument(
        "--requests",
        type=positive_int,
        help="timed requests per endpoint (default per suite: "
        + ", ".join(f"{name} {module.DEFAULT_REQUESTS}" for name, module in SUITES.items())
        + ")",
    )
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per endpoint (20)")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL URL of a throwaway database to drop and create, e.g. "
        "postgres://postgres@127.0.0.1:5432/upskill_bench (default: a SQLite file in a temp dir)",
    )
    parser.add_argument(
        "--seeded-database-url",
        help="readiness suite only: a database already migrated and seeded (seed_demo, then seed_scale --end today) "
        "to measure as it is, skipping the seeding (e.g. when a loaded machine makes seeding slow); it is not "
        "dropped. A SQLite URL is copied to a temp dir first.",
    )
    parser.add_argument("--concurrency", type=positive_int, default=2, help="clients for the throughput column (2)")
    parser.add_argument("--timeout", type=positive_int, default=900, help="limit for each suite's run, seconds (900)")
    parser.add_argument("--no-doc", dest="write_doc", action="store_false", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _on_alarm)
    names = list(SUITES) if args.suite == "all" else [args.suite]
    codes = [run_suite(name, args) for name in names]
    if len(names) > 1:
        print("summary: " + ", ".join(f"{name} {RESULTS[code]}" for name, code in zip(names, codes, strict=True)))
    return max(codes)


RESULTS = {0: "all checks passed", 1: "a target missed", 2: "failed to run"}


def run_suite(name: str, args: argparse.Namespace) -> int:
    """Run one suite with its default request count unless --requests was given; return its exit code."""
    module = SUITES[name]
    suite_args = argparse.Namespace(**{**vars(args), "suite": name})
    if suite_args.requests is None:
        suite_args.requests = module.DEFAULT_REQUESTS
    signal.alarm(args.timeout)
    try:
        return module.run(suite_args)
    except BenchError as exc:
        print(f"benchmark {name} failed: {exc}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())
