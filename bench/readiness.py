"""Suite "readiness" (issue 5): the organisation-wide report and a 5,000-member cohort page at scale.

Targets (quality bars, docs/architecture.md): the report for 50,000 staff, 6 areas, 300,000 skill results and
1,000,000 lesson-progress rows renders in under 2 s, at most 1.5x a hand-written SQL aggregate of the same
``areas`` table measured in the same run, in under 500 MB, with a query count that does not grow with the
cohort. The suite seeds a throwaway database (``seed_demo``, then ``seed_scale``), then measures in-process
(bench.readiness_queries) and over HTTP against gunicorn with the production settings.
"""

from __future__ import annotations

import re
import time
from argparse import Namespace
from datetime import datetime
from zoneinfo import ZoneInfo

from bench import readiness_http, report, suite
from bench.database import (
    django_env,
    prepare_site,
    run_in_django,
    run_python,
    seeded_database,
    throwaway_database,
)
from bench.readiness_http import HTTP_WARMUP
from bench.server import gunicorn
from bench.staff_import import wait_for_other_benchmarks

SUITE = "readiness"
DEFAULT_REQUESTS = 10
STAFF = 50_000
ORGANISATION = "scale-trust"
ROUNDS_IN_PROCESS = 7
TARGET_MS = 2000.0
TARGET_RATIO = 1.5
TARGET_MB = 500.0
SITE_ZONE = ZoneInfo("Europe/London")
KEYS = ("organisation", "cohort_big", "cohort_mid")
JUDGED = ("organisation", "cohort_big")

INTRO = f"""## Workforce readiness at scale (issue 5)

`manage.py seed_scale --staff {STAFF}` generates a trust of {STAFF:,} staff (10 directorates, 300 teams,
with starters, leavers and anonymised records), the 6 skill areas, {6 * STAFF:,} skill results over 24 months
(scored checks, observed sign-offs and self-ratings, with expiry set as the services set it),
{20 * STAFF:,} lesson-progress rows over 4 courses and 20 cohorts with targets, courses and dated membership
spells, on top of `seed_demo` (on PostgreSQL it ends with VACUUM ANALYZE of the loaded tables, which
autovacuum would otherwise do in the middle of the timings). It is measured on the day it was generated (the
"as of" date), three ways:

- **SQL aggregate** (the baseline): one hand-written SQL statement per report that returns the `areas` table
  of the export contract (`bench/readiness_sql.py`, written from the readiness rules without the project's
  code), timed in-process with the cursor's fetch. Each person's latest result per area is found the fastest
  way for the engine: `DISTINCT ON (staff, area) ... ORDER BY staff, area, assessed_at DESC` on PostgreSQL,
  a `ROW_NUMBER()` window on SQLite (which has no DISTINCT ON).
- **Service**: `readiness.reports.service.organisation_report` / `cohort_report`, in-process: the same
  `areas` table plus the teams, directorates and course completion the pages show. Its `areas` table must
  equal the SQL aggregate's (counts exactly, fractions to 4 places) or the suite fails.
- **Page**: `GET /admin/readiness/organisation/<id>/` and `/admin/readiness/cohort/<id>/` over HTTP from
  gunicorn (production settings, 2 sync workers, loopback), signed in as an HR user of the organisation
  with a second factor (the session is created in-process, as after signing in with a code).

In-process figures are the median of {ROUNDS_IN_PROCESS} calls in interleaved rounds after one warm-up
call (a call over 30 s is timed once only); page figures are the median over interleaved rounds after
{HTTP_WARMUP} warm-up requests each, and in every round the page's own SQL aggregate runs just before it, on a
connection of the benchmark's own, so "Page / SQL" compares medians taken in the same rounds under the same load.
Peak memory is the resident set of a fresh process that loads Django and
runs one report (so it includes Django itself), with the tracemalloc peak of the call after the slash; for
pages, the tracemalloc peak of one in-process request. Queries are counted with CaptureQueriesContext (the
page's third identical request) for the 5,000-member cohort and the ~500-member cohort of the same
directorate, with every statement on the one connection; in the timed runs the service sends its two independent
statements (readiness counts and course completion) side by side on two connections, as it does outside a
transaction (`readiness/reports/parallel.py`). Ratios are against the SQL aggregate of the same report in the
same run. The load average shows whether other work shared the machine (it usually did): it inflates the
milliseconds more than the ratios.
"""


def _in_django(env: dict, action: str, *options: str, timeout: float = 1800) -> dict:
    return run_in_django(env, "bench.readiness_queries", action, "--organisation", ORGANISATION, *options,
                         timeout=timeout)  # fmt: skip


def _seed(env: dict, as_of: str) -> dict:
    started = time.perf_counter()
    output = run_python(env, "manage.py", "seed_scale", "--staff", str(STAFF), "--end", as_of, timeout=900)
    wall = time.perf_counter() - started
    done = re.search(r"Done in ([\d.]+) s: (.*)\.", output)
    return {"seconds": float(done.group(1)) if done else None, "wall_seconds": round(wall, 1),
            "summary": done.group(2) if done else output[-300:]}  # fmt: skip


def run(args: Namespace) -> int:
    """Run the suite once: fresh database, seed, in-process figures, gunicorn, HTTP timings, checks, report."""
    as_of = datetime.now(SITE_ZONE).date().isoformat()
    wait_for_other_benchmarks()  # the same throwaway database name, and the same CPUs
    seeded_url = getattr(args, "seeded_database_url", None)
    with seeded_database(seeded_url) if seeded_url else throwaway_database(args.database_url) as database:
        print(f"[{SUITE}] database: {database.description}")
        env = django_env(database.url)
        if seeded_url:
            print(f"[{SUITE}] seeded earlier: migrate (nothing to do), collectstatic ...")
            prepare_site(env, seed=False)
            seeded = {"seconds": None, "wall_seconds": None, "summary": f"seeded earlier ({seeded_url})"}
        else:
            print(f"[{SUITE}] migrate, seed_demo, collectstatic ...")
            prepare_site(env)
            print(f"[{SUITE}] seed_scale --staff {STAFF} --end {as_of} ...")
            seeded = _seed(env, as_of)
        print(f"[{SUITE}] seeded in {seeded['seconds']} s: {seeded['summary']}")
        prepared = _in_django(env, "prepare")
        load_before = report.load_average()
        print(f"[{SUITE}] in-process: SQL aggregate and service, {ROUNDS_IN_PROCESS} rounds ...")
        measured = _in_django(env, "measure", "--as-of", as_of, "--rounds", str(ROUNDS_IN_PROCESS))
        slow = [key for key in KEYS if measured[key]["service_slow"]]
        memory = {}
        for key in KEYS:
            if key in slow:
                memory[key] = {"peak_rss_mb": None, "rss_before_mb": None}
                continue
            print(f"[{SUITE}] memory of one {key} report in a fresh process ...")
            memory[key] = _in_django(env, "memory", "--as-of", as_of, "--probe", key)
        print(f"[{SUITE}] in-process pages: queries and memory ...")
        page_counts = _in_django(env, "pages", "--as-of", as_of, "--email", prepared["email"],
                                 *(["--skip", ",".join(slow)] if slow else []))  # fmt: skip
        paths = {key: (measured[key]["label"], measured[key]["path"]) for key in KEYS}
        baselines = _in_django(env, "statements", "--as-of", as_of)
        with gunicorn(env, workers=suite.WORKERS, ready_path="/accessibility/") as server:
            print(f"[{SUITE}] gunicorn on {server.base_url}: {args.requests} requests per page ...")
            http = readiness_http.page_rounds(
                server.base_url, prepared["session"], paths, args.requests, baselines=baselines, database=database
            )
            log = server.log_tail(400)
        load = {"before": load_before, "after": report.load_average()}
    results = summarise(args, database, as_of, seeded, measured, memory, page_counts, http, load)
    results["server_log_errors"] = "Traceback" in log
    return finish(args, results)


def _ratio(value, base) -> float | None:
    return round(value / base, 2) if value is not None and base else None


def summarise(args, database, as_of, seeded, measured, memory, page_counts, http, load) -> dict:
    """Return every figure of the run as plain data, with the checks against the targets."""
    rows = {}
    for key in KEYS:
        m, page, counted = measured[key], http[key], page_counts.get(key, {})
        sql_ms = m["sql"]["median_ms"]
        rows[key] = {
            "label": m["label"],
            "path": m["path"],
            "members": m["members"],
            "sql_ms": sql_ms,
            "service_ms": m["service"]["median_ms"],
            "service_slow": m["service_slow"],
            "service_runs": m["service"]["runs"],
            "service_ratio": _ratio(m["service"]["median_ms"], sql_ms),
            "service_queries": m["service_queries"],
            "service_statement_ms": m["service_statement_ms"],
            "page_ms": page["median_ms"],
            "page_p95_ms": page["p95_ms"],
            "page_requests": page["requests"],
            "page_error": page["error"] or counted.get("error"),
            "page_sql_ms": page.get("sql_median_ms"),
            "page_ratio": _ratio(page["median_ms"], page.get("sql_median_ms") or sql_ms),
            "page_queries": counted.get("queries"),
            "page_kb": round(page["bytes"] / 1024, 1) if page["bytes"] else None,
            "page_traced_mb": counted.get("tracemalloc_peak_mb"),
            "peak_rss_mb": memory[key]["peak_rss_mb"],
            "rss_before_mb": memory[key]["rss_before_mb"],
            "traced_mb": memory[key].get("tracemalloc_peak_mb"),
            "differences": m["differences"],
            "page_tables": report.sql_tables(counted.get("sql", [])),
        }
    checks = []
    for key in JUDGED:
        row = rows[key]
        name = "organisation report" if key == "organisation" else f"{row['members']:,}-member cohort"
        for what, ms, ratio in (("service", row["service_ms"], row["service_ratio"]),
                                ("page", row["page_ms"], row["page_ratio"])):  # fmt: skip
            shown = "no answer" if ms is None else f"{ms:,.0f} ms"
            checks.append({"name": f"{name}: {what} under 2 s ({shown})", "passed": ms is not None and ms < TARGET_MS})
            checks.append({
                "name": f"{name}: {what} at most {TARGET_RATIO}x the SQL aggregate "
                + (f"({ratio}x)" if ratio is not None else "(no answer)"),
                "passed": ratio is not None and ratio <= TARGET_RATIO,
            })  # fmt: skip
        if row["peak_rss_mb"] is None:
            checks.append({"name": f"{name}: peak memory not measured (the report took over 30 s)", "passed": False})
        else:
            memory_mb = max(row["peak_rss_mb"], row["page_traced_mb"] or 0)
            checks.append({"name": f"{name}: peak memory under {TARGET_MB:.0f} MB ({memory_mb:.0f} MB)",
                           "passed": memory_mb < TARGET_MB})  # fmt: skip
    for key in KEYS:
        row = rows[key]
        checks.append({
            "name": f"{row['label']}: service areas table equals the SQL aggregate's"
            + ("" if not row["differences"] else f" ({len(row['differences'])} differences: {row['differences'][0]})"),
            "passed": not row["differences"],
        })  # fmt: skip
    big, mid = rows["cohort_big"], rows["cohort_mid"]
    for what in ("service", "page"):
        a, b = big[f"{what}_queries"], mid[f"{what}_queries"]
        checks.append({
            "name": f"{what.capitalize()} queries independent of cohort size: {a} with {big['members']:,} members, "
            f"{b} with {mid['members']:,}",
            "passed": a is not None and a == b,
        })  # fmt: skip
    command = [report.python_command(), "bench/run_bench.py", "--suite", SUITE, "--requests", str(args.requests)]
    if args.database_url:
        command += ["--database-url", args.database_url]
    return {
        "suite": SUITE,
        "date": report.now_utc(),
        "machine": report.machine_summary(),
        "vendor": database.vendor,
        "database": database.description,
        "server": suite.server_description(),
        "command": " ".join(command),
        "as_of": as_of,
        "seed": seeded,
        "rounds_in_process": ROUNDS_IN_PROCESS,
        "requests_each": args.requests,
        "load_average": load,
        "rows": rows,
        "profile": measured.get("_profile"),
        "checks": checks,
    }


HEADERS = ["Report", "Members", "SQL aggregate ms", "Service ms", "Service / SQL", "Page ms (p95)",
           "SQL in the page rounds ms", "Page / SQL (same rounds)",
           "Queries (service, page)", "Peak MB (RSS / traced; page traced)"]  # fmt: skip


def _table(results: dict, *, markdown: bool) -> tuple[list[str], list[list[str]]]:
    rows = []
    for row in results["rows"].values():
        label = f"{row['label']}: `GET {row['path']}`" if markdown else row["label"]
        page = "failed" if row["page_ms"] is None else f"{row['page_ms']:,.0f} ({row['page_p95_ms']:,.0f})"
        traced = "-" if row["traced_mb"] is None else f"{row['traced_mb']:.0f}"
        page_traced = "-" if row["page_traced_mb"] is None else f"{row['page_traced_mb']:.0f}"
        rss = "-" if row["peak_rss_mb"] is None else f"{row['peak_rss_mb']:.0f}"
        rows.append([
            label, f"{row['members']:,}", f"{row['sql_ms']:,.0f}", f"{row['service_ms']:,.0f}",
            f"{row['service_ratio']}x", page,
            "-" if row.get("page_sql_ms") is None else f"{row['page_sql_ms']:,.0f}",
            f"{row['page_ratio']}x" if row["page_ratio"] else "-",
            f"{row['service_queries']}, {row['page_queries'] if row['page_queries'] is not None else '-'}",
            f"{rss} / {traced}; {page_traced}",
        ])  # fmt: skip
    return HEADERS, rows


def _time_notes(results: dict) -> list[str]:
    notes = []
    for row in results["rows"].values():
        timing = row["service_statement_ms"]
        if timing:
            statements = ", ".join(f"{ms:,.0f}" for ms in timing["statements_ms"])
            sql = sum(timing["statements_ms"])
            notes.append(
                f"{row['label']}: one service call {timing['total_ms']:,.0f} ms, of which SQL {sql:,.0f} ms "
                f"in {len(timing['statements_ms'])} statements ({statements} ms)"
            )
        if row["page_error"]:
            notes.append(f"{row['label']}: the page did not answer: {row['page_error']}")
        if row.get("service_slow"):
            notes.append(f"{row['label']}: one service call took over 30 s, so it was timed once")
    return notes


def print_results(results: dict) -> None:
    headers, rows = _table(results, markdown=False)
    print()
    print(f"{results['database']} | {results['machine']} | seeded in {results['seed']['seconds']} s")
    print(report.text_table(headers, rows))
    for note in _time_notes(results):
        print(f"  {note}")
    for check in results["checks"]:
        print(f"  {'PASS' if check['passed'] else 'FAIL'}  {check['name']}")


def section_for_database(results: dict) -> str:
    headers, rows = _table(results, markdown=True)
    checks = "\n".join(f"- **{'PASS' if c['passed'] else 'FAIL'}** {c['name']}" for c in results["checks"])
    notes = "\n".join(f"- {note}" for note in _time_notes(results))
    tables = "\n".join(f"- {row['label']}: {row['page_tables'] or 'not counted'}" for row in results["rows"].values())
    load = results["load_average"]
    title = suite.VENDOR_TITLES.get(results["vendor"], results["vendor"])
    seed = results["seed"]
    return f"""### {title}

- Date: {results["date"]}; as of {results["as_of"]}
- Machine: {results["machine"]}; 1-minute load average {load["before"]} before timing, {load["after"]} after
- Database: {results["database"]}, created, migrated and seeded (`seed_demo`, then `seed_scale`) for the run, dropped after
- Data: `seed_scale --staff {STAFF}` took {seed["seconds"]} s: {seed["summary"]}
- Server: {results["server"]}, loopback HTTP; {results["requests_each"]} timed requests per page
- Reproduce: `{results["command"]}`

{report.markdown_table(headers, rows)}

{checks}

Where the time goes (one call of each, its statements timed with an execute wrapper):

{notes}

Page queries by table (the SQL is in `bench/results/{SUITE}-{results["vendor"]}.json`, git-ignored):

{tables}
"""  # noqa: E501


def doc_write(results: dict) -> None:
    """Write this database's run into the suite's section, keeping the other database's last run."""
    parts = [INTRO]
    for vendor, title in suite.VENDOR_TITLES.items():
        key = f"{SUITE}:{vendor}"
        if vendor == results["vendor"]:
            content = section_for_database(results)
        else:
            content = report.doc_block_read(key) or f"### {title}\n\nNot run yet."
        parts.append(report.block_replace("", key, content).strip("\n"))
    report.doc_block_write(SUITE, "\n\n".join(part.strip("\n") for part in parts))


def finish(args: Namespace, results: dict) -> int:
    print_results(results)
    report.results_write(f"{SUITE}-{results['vendor']}.json", results)
    if args.write_doc:
        doc_write(results)
        print(f"[{SUITE}] wrote {report.DOC_PATH.relative_to(report.REPO_ROOT)}")
    return 0 if all(check["passed"] for check in results["checks"]) else 1
