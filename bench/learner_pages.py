"""Suite "learner-pages" (issue 2): a lesson page and a lesson completion against a plain Wagtail page.

Targets (DESIGN.md section 7): a lesson page for a signed-in learner costs at most 1.2x a plain page for a
signed-in user, with a constant number of queries however long the course; recording a completion costs
no more than a plain page view.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from argparse import Namespace
from pathlib import Path

from bench import report
from bench.client import BenchClient, Probe, Samples, measure_concurrent, measure_interleaved
from bench.database import BenchError, django_env, prepare_site, run_python, throwaway_database
from bench.server import gunicorn, gunicorn_version

SUITE = "learner-pages"
LEARNER_EMAIL = "learner@northbrook.example"
LEARNER_PASSWORD = "upskill-demo"  # the demo password printed by seed_demo
MID_LESSON = 5  # lessons 1..MID_LESSON-1 are completed first
WORKERS = 2
TARGETS = {"lesson": 1.2, "complete": 1.0}  # median latency, as a multiple of the plain page's
VENDOR_TITLES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

INTRO = f"""## Learner pages (issue 2)

Three requests by the demo learner ({LEARNER_EMAIL}), signed in through the login form and mid-course
(lessons 1-{MID_LESSON - 1} of the 9-lesson demo course completed over HTTP before timing starts):

- **Plain page** (the baseline): `GET /accessibility/`, a StandardPage, as the signed-in learner.
- **Lesson page**: `GET` lesson {MID_LESSON} of 9, with its course position, progress bar and
  "Mark as complete" form.
- **Completion**: `POST /learning/lessons/<id>/complete/` for lesson {MID_LESSON - 1} with the CSRF token
  from the lesson page; the redirect is not followed. The lesson is already complete, so every POST takes
  the repeat path: in one transaction, a conditional UPDATE that matches no row, INSERT ... ON CONFLICT DO
  NOTHING for the progress row and the enrolment, and the read of completed lessons. That is one statement
  more than a first completion (whose UPDATE finds the row the lesson view created), and no progress or
  enrolment row changes (on SQLite each ignored insert still advances `sqlite_sequence`, so the
  transaction does write). First completions are not timed separately.

Targets (DESIGN.md section 7): lesson page median at most 1.2x the plain page median, with a number of
queries that does not grow with the course; completion median at most 1.0x the plain page median.
"vs plain" is the ratio of medians; the range after it is the lowest and highest ratio over the first,
middle and last third of the rounds, a rough measure of noise. Queries are counted in-process on the same
database with Django's test Client and CaptureQueriesContext (the third identical request, so caches are
warm; BEGIN and COMMIT count as queries); the longer course adds 10 lessons to each module inside a
transaction that is rolled back. The load average shows whether other work shared the machine: it
inflates the milliseconds more than the ratios.
"""


def command_line(args: Namespace) -> str:
    """Return the command that reproduces this run."""
    parts = [report.python_command(), "bench/run_bench.py", "--suite", SUITE, "--requests", str(args.requests)]
    if args.database_url:
        parts += ["--database-url", args.database_url]
    return " ".join(parts)


def in_django(env: dict[str, str], action: str, *options: str) -> dict:
    """Run bench.learner_pages_queries in a subprocess against the run's database and return its JSON."""
    with tempfile.TemporaryDirectory(prefix="upskill-bench-") as directory:
        out = Path(directory) / "out.json"
        run_python(env, "-m", "bench.learner_pages_queries", action, str(out), *options, timeout=300)
        return json.loads(out.read_text())


def learner_to_mid_course(client: BenchClient, lessons: list[dict]) -> None:
    """Open and complete lessons 1..MID_LESSON-1 the way the learner would, checking each redirect."""
    for index, lesson in enumerate(lessons[: MID_LESSON - 1]):
        client.get_page(lesson["url"])
        response = client.request("POST", f"/learning/lessons/{lesson['id']}/complete/")
        if response.status_code != 302 or not response.headers["Location"].endswith(lessons[index + 1]["url"]):
            raise BenchError(f"Completing {lesson['url']} answered {response.status_code} {response.headers}.")


def probes_for(site: dict) -> list[Probe]:
    """Return the three timed requests, with what a correct answer contains."""
    lessons = site["lessons"]
    mid, done = lessons[MID_LESSON - 1], lessons[MID_LESSON - 2]
    count = len(lessons)
    return [
        Probe("plain", "Plain page (baseline)", "GET", site["plain_url"], expect_text=["Sign out", "</html>"]),
        Probe(
            "lesson",
            f"Lesson page ({MID_LESSON} of {count})",
            "GET",
            mid["url"],
            expect_text=[
                f"Lesson {MID_LESSON} of {count}",
                f"{MID_LESSON - 1} of {count} lessons complete",
                f'action="/learning/lessons/{mid["id"]}/complete/"',
            ],
        ),
        Probe(
            "complete",
            f"Completion (repeat, lesson {MID_LESSON - 1})",
            "POST",
            f"/learning/lessons/{done['id']}/complete/",
            expect_status=302,
            expect_location=mid["url"],
        ),
    ]


def run(args: Namespace) -> int:
    """Run the suite once: fresh database, gunicorn, timings, query counts, report. Return the exit code."""
    with throwaway_database(args.database_url) as database:
        print(f"[{SUITE}] database: {database.description}")
        env = django_env(database.url)
        print(f"[{SUITE}] migrate, seed_demo, collectstatic ...")
        prepare_site(env)
        site = in_django(env, "describe")
        if len(site["lessons"]) < MID_LESSON:
            raise BenchError(f"The demo course has {len(site['lessons'])} lessons; the suite needs {MID_LESSON}.")
        probes = probes_for(site)
        with gunicorn(env, workers=WORKERS, ready_path=site["plain_url"]) as server:
            print(f"[{SUITE}] gunicorn on {server.base_url} with {WORKERS} workers")
            client = BenchClient(server.base_url)
            client.sign_in(LEARNER_EMAIL, LEARNER_PASSWORD)
            learner_to_mid_course(client, site["lessons"])
            client.get_page(probes[1].path)  # the completion form's CSRF token, as the browser would have it
            print(f"[{SUITE}] timing {args.requests} requests each, interleaved, after {args.warmup} warm-up each")
            load_before = report.load_average()
            samples = measure_interleaved(client, probes, requests_each=args.requests, warmup_each=args.warmup)
            if args.concurrency > 1:
                clients = [client]
                for _ in range(args.concurrency - 1):
                    other = BenchClient(server.base_url)
                    other.sign_in(LEARNER_EMAIL, LEARNER_PASSWORD)
                    other.get_page(probes[1].path)
                    clients.append(other)
                print(f"[{SUITE}] throughput with {args.concurrency} concurrent clients")
                measure_concurrent(clients, probes, samples, requests_each=args.requests)
            load_after = report.load_average()
            if "Traceback" in server.log_tail(400):
                raise BenchError(f"gunicorn logged errors:\n{server.log_tail()}")
        print(f"[{SUITE}] counting queries in-process")
        queries = in_django(
            env,
            "count",
            "--email",
            LEARNER_EMAIL,
            "--plain-url",
            probes[0].path,
            "--lesson-url",
            probes[1].path,
            "--complete-path",
            probes[2].path,
        )
    results = summarise(args, database.vendor, database.description, probes, samples, queries)
    results["load_average"] = {"before": load_before, "after": load_after}
    print_results(results)
    for row in results["rows"].values():
        print(f"  queries, {row['label']}: {row['query_tables']}")
    report.results_write(f"{SUITE}-{database.vendor}.json", results)
    if args.write_doc:
        doc_write(results)
        print(f"[{SUITE}] wrote {report.DOC_PATH.relative_to(report.REPO_ROOT)}")
    return 0 if all(check["passed"] for check in results["checks"]) else 1


def summarise(
    args: Namespace, vendor: str, description: str, probes: list[Probe], samples: dict[str, Samples], queries: dict
) -> dict:
    """Return every figure of the run as plain data: per request, ratios, checks."""
    base = samples["plain"].median_ms
    plain = samples["plain"].latencies_ms
    parts = 3 if len(plain) >= 3 else 1
    thirds = [slice(i * len(plain) // parts, (i + 1) * len(plain) // parts) for i in range(parts)]
    rows = {}
    for probe in probes:
        sample = samples[probe.key]
        rows[probe.key] = {
            "label": probe.label,
            "request": f"{probe.method} {probe.path}",
            "median_ms": round(sample.median_ms, 2),
            "p95_ms": round(sample.p95_ms, 2),
            "rps_1": round(sample.sequential_rps, 1),
            "rps_concurrent": round(sample.concurrent_rps, 1) if sample.concurrent_rps else None,
            "bytes": sample.response_bytes,
            "queries": queries["requests"][probe.key]["count"],
            "ratio": round(sample.median_ms / base, 3),
            "ratio_thirds": [
                round(statistics.median(sample.latencies_ms[part]) / statistics.median(plain[part]), 3)
                for part in thirds
            ],
            "target": TARGETS.get(probe.key),
            "query_tables": report.sql_tables(queries["requests"][probe.key]["sql"]),
            "sql": queries["requests"][probe.key]["sql"],
        }
    checks = [
        {
            "name": f"{rows[key]['label']} median <= {target}x plain page",
            "passed": rows[key]["ratio"] <= target,
        }
        for key, target in TARGETS.items()
    ]
    for key in ("lesson", "complete"):
        short, long = rows[key]["queries"], queries["longer_requests"][key]["count"]
        checks.append(
            {
                "name": f"{rows[key]['label']} queries constant: {short} with {queries['lesson_count']} lessons, "
                f"{long} with {queries['longer_lesson_count']}",
                "passed": short == long,
            }
        )
    return {
        "suite": SUITE,
        "date": report.now_utc(),
        "machine": report.machine_summary(),
        "vendor": vendor,
        "database": description,
        "server": f"gunicorn {gunicorn_version()}, {WORKERS} sync workers, config.settings.production, DEBUG off",
        "command": command_line(args),
        "requests_each": args.requests,
        "warmup_each": args.warmup,
        "concurrency": args.concurrency,
        "rows": rows,
        "queries_longer_course": queries["longer_requests"],
        "lesson_count": queries["lesson_count"],
        "longer_lesson_count": queries["longer_lesson_count"],
        "checks": checks,
    }


HEADERS = ["Request", "Median ms", "p95 ms", "Req/s (1 client)", "Req/s ({c} clients)", "Queries", "KB", "vs plain"]


def table_rows(results: dict, *, markdown: bool) -> tuple[list[str], list[list[str]]]:
    """Return the headers and rows of the results table."""
    concurrency = results["concurrency"]
    headers = [h.format(c=concurrency) for h in HEADERS if concurrency > 1 or "{c}" not in h] + ["Target"]
    rows = []
    for row in results["rows"].values():
        request = f"{row['label']}: `{row['request']}`" if markdown else row["label"]
        cells = [request, f"{row['median_ms']:.1f}", f"{row['p95_ms']:.1f}", f"{row['rps_1']:.0f}"]
        if concurrency > 1:
            cells.append(f"{row['rps_concurrent']:.0f}")
        size = f"{row['bytes'] / 1024:.1f}" if row["bytes"] else "-"
        spread = f" ({min(row['ratio_thirds']):.2f}-{max(row['ratio_thirds']):.2f})" if row["target"] else ""
        cells += [str(row["queries"]), size, f"{row['ratio']:.2f}x{spread}"]
        if row["target"] is None:
            cells.append("baseline")
        else:
            verdict = "PASS" if row["ratio"] <= row["target"] else "FAIL"
            cells.append(f"<= {row['target']}x: **{verdict}**" if markdown else f"<= {row['target']}x {verdict}")
        rows.append(cells)
    return headers, rows


def print_results(results: dict) -> None:
    """Print the table and the checks to the terminal."""
    headers, rows = table_rows(results, markdown=False)
    print()
    print(f"{results['database']} | {results['machine']}")
    print(report.text_table(headers, rows))
    for check in results["checks"]:
        print(f"  {'PASS' if check['passed'] else 'FAIL'}  {check['name']}")
    print()


def section_for_database(results: dict) -> str:
    """Return the Markdown for one database's run."""
    headers, rows = table_rows(results, markdown=True)
    concurrency = results["concurrency"]
    client_line = (
        f"one client sending requests back to back, {results['requests_each']} requests per row in "
        f"interleaved rounds after {results['warmup_each']} warm-up requests each"
    )
    if concurrency > 1:
        client_line += (
            f"; the {concurrency}-client column is throughput with {concurrency} clients (the same learner, "
            "separate sessions) sending at once, from the same machine"
        )
    checks = "\n".join(f"- **{'PASS' if c['passed'] else 'FAIL'}** {c['name']}" for c in results["checks"])
    tables = "\n".join(f"- {row['label']}: {row['query_tables']}" for row in results["rows"].values())
    load = results["load_average"]
    return f"""### {VENDOR_TITLES.get(results["vendor"], results["vendor"])}

- Date: {results["date"]}
- Machine: {results["machine"]}; 1-minute load average {load["before"]} before timing, {load["after"]} after
- Database: {results["database"]}, created, migrated and seeded (`seed_demo`) for the run, dropped after
- Server: {results["server"]}, loopback HTTP
- Client: {client_line}
- Reproduce: `{results["command"]}`

{report.markdown_table(headers, rows)}

{checks}

Queries per request by table (the SQL is in `bench/results/{SUITE}-{results["vendor"]}.json`, git-ignored):

{tables}
"""


def doc_write(results: dict) -> None:
    """Write this database's run into the suite's section, keeping the other database's last run."""
    parts = [INTRO]
    for vendor, title in VENDOR_TITLES.items():
        key = f"{SUITE}:{vendor}"
        if vendor == results["vendor"]:
            content = section_for_database(results)
        else:
            content = report.doc_block_read(key) or f"### {title}\n\nNot run yet."
        parts.append(report.block_replace("", key, content).strip("\n"))
    report.doc_block_write(SUITE, "\n\n".join(part.strip("\n") for part in parts))
