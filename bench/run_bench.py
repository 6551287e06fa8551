"""Run a benchmark suite: ``.venv/bin/python bench/run_bench.py [--suite S] [--requests N] [--database-url URL]``.

Each run creates a throwaway database (a temp SQLite file, or the PostgreSQL database named in
--database-url, which is dropped and created; its name must contain "bench"), starts gunicorn with the
production settings on 127.0.0.1, measures, stops gunicorn and drops the database, then writes its section
of docs/benchmarks.md and the raw figures to bench/results/. Exit code 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import learner_pages  # noqa: E402
from bench.database import BenchError  # noqa: E402

SUITES = {learner_pages.SUITE: learner_pages.run}


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
    parser.add_argument("--suite", choices=sorted(SUITES), default=learner_pages.SUITE)
    parser.add_argument("--requests", type=positive_int, default=300, help="timed requests per endpoint (300)")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per endpoint (20)")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL URL of a throwaway database to drop and create, e.g. "
        "postgres://postgres@127.0.0.1:5432/upskill_bench (default: a SQLite file in a temp dir)",
    )
    parser.add_argument("--concurrency", type=positive_int, default=2, help="clients for the throughput column (2)")
    parser.add_argument("--timeout", type=positive_int, default=900, help="limit for the whole run, seconds (900)")
    parser.add_argument("--no-doc", dest="write_doc", action="store_false", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(args.timeout)
    try:
        return SUITES[args.suite](args)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())
