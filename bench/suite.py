"""What every suite shares: timing with signed-in clients, one results row per timed request, the checks
against targets, the terminal table, and the suite's section of docs/benchmarks.md (one block per database).

A suite's results are plain data (saved as JSON under bench/results/): ``rows`` keyed by probe, the first
being the baseline every ``ratio`` is taken against, and ``checks``, each ``{"name", "passed"}``.
"""

from __future__ import annotations

import statistics
from argparse import Namespace
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from bench import report
from bench.client import BenchClient, Probe, Samples, measure_concurrent, measure_interleaved, signed_in_clients
from bench.database import BenchError
from bench.server import Server, gunicorn, gunicorn_version

WORKERS = 2
DEMO_LEARNER_EMAIL = "learner@northbrook.example"
DEMO_PASSWORD = "upskill-demo"  # the demo password printed by seed_demo
VENDOR_TITLES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
HEADERS = ["Request", "Median ms", "p95 ms", "Req/s (1 client)", "Req/s ({c} clients)", "Queries", "KB", "vs plain"]


def command_line(suite: str, args: Namespace) -> str:
    """Return the command that reproduces this run."""
    parts = [report.python_command(), "bench/run_bench.py", "--suite", suite, "--requests", str(args.requests)]
    if args.database_url:
        parts += ["--database-url", args.database_url]
    return " ".join(parts)


def server_description(workers: int = WORKERS) -> str:
    return f"gunicorn {gunicorn_version()}, {workers} sync workers, config.settings.production, DEBUG off"


@contextmanager
def served(suite: str, env: dict[str, str], *, ready_path: str) -> Iterator[Server]:
    """Serve the site with gunicorn (``WORKERS`` workers) until the block ends; a block that ends normally fails
    with BenchError if the server logged a traceback meanwhile."""
    with gunicorn(env, workers=WORKERS, ready_path=ready_path) as server:
        print(f"[{suite}] gunicorn on {server.base_url} with {WORKERS} workers")
        yield server
        if "Traceback" in server.log_tail(400):
            raise BenchError(f"gunicorn logged errors:\n{server.log_tail()}")


def demo_learner_clients(server: Server, count: int, *, token_page: str) -> list[BenchClient]:
    """Return ``count`` clients each signed in as the demo learner through the login form, in sessions of their
    own, holding the CSRF form token of ``token_page``."""
    return signed_in_clients(
        server.base_url, count, email=DEMO_LEARNER_EMAIL, password=DEMO_PASSWORD, token_page=token_page
    )


def time_probes(
    suite: str, clients: Sequence[BenchClient], probes: Sequence[Probe], args: Namespace
) -> tuple[dict[str, Samples], dict[str, str]]:
    """Time the probes in interleaved rounds with the first client, then throughput with all clients at once.

    Return the samples per probe and the 1-minute load average before and after.
    """
    print(f"[{suite}] timing {args.requests} requests each, interleaved, after {args.warmup} warm-up each")
    load_before = report.load_average()
    samples = measure_interleaved(clients[0], probes, requests_each=args.requests, warmup_each=args.warmup)
    if len(clients) > 1:
        print(f"[{suite}] throughput with {len(clients)} concurrent clients")
        measure_concurrent(clients, probes, samples, requests_each=args.requests)
    return samples, {"before": load_before, "after": report.load_average()}


def probe_rows(
    probes: Sequence[Probe], samples: Mapping[str, Samples], queries: Mapping[str, dict], targets: Mapping[str, float]
) -> dict[str, dict]:
    """Return one row of figures per probe; ratios are against the first probe (the baseline).

    ``queries`` maps a probe's key to ``{"count": n, "sql": [...]}``; ``targets`` maps keys to the highest
    allowed ratio of medians.
    """
    base = samples[probes[0].key]
    plain = base.latencies_ms
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
            "queries": queries[probe.key]["count"],
            "ratio": round(sample.median_ms / base.median_ms, 3),
            "ratio_thirds": [
                round(statistics.median(sample.latencies_ms[part]) / statistics.median(plain[part]), 3)
                for part in thirds
            ],
            "target": targets.get(probe.key),
            "query_tables": report.sql_tables(queries[probe.key]["sql"]),
            "sql": queries[probe.key]["sql"],
        }
    return rows


def ratio_checks(rows: Mapping[str, dict]) -> list[dict]:
    """Return a check per row with a target: its median at most ``target`` times the baseline's."""
    return [
        {"name": f"{row['label']} median <= {row['target']}x plain page", "passed": row["ratio"] <= row["target"]}
        for row in rows.values()
        if row["target"] is not None
    ]


def query_check(label: str, counts: Sequence[tuple[int, str]]) -> dict:
    """Return a check that a request's query count is the same at every size, e.g. [(14, "9 lessons"), ...]."""
    described = ", ".join(f"{count} with {size}" for count, size in counts)
    return {"name": f"{label} queries constant: {described}", "passed": len({count for count, _ in counts}) == 1}


def results_base(suite: str, args: Namespace, vendor: str, description: str) -> dict:
    """Return the figures every suite's results start with: what ran, where, and how."""
    return {
        "suite": suite,
        "date": report.now_utc(),
        "machine": report.machine_summary(),
        "vendor": vendor,
        "database": description,
        "server": server_description(),
        "command": command_line(suite, args),
        "requests_each": args.requests,
        "warmup_each": args.warmup,
        "concurrency": args.concurrency,
    }


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


def query_table_lines(results: dict) -> list[tuple[str, str]]:
    """Return (label, queries by table) for every row, then for any extra requests the suite counted."""
    lines = [(row["label"], row["query_tables"]) for row in results["rows"].values()]
    return lines + [tuple(item) for item in results.get("more_query_tables", [])]


def print_results(results: dict) -> None:
    """Print the table, the checks and the queries by table to the terminal."""
    headers, rows = table_rows(results, markdown=False)
    print()
    print(f"{results['database']} | {results['machine']}")
    print(report.text_table(headers, rows))
    for check in results["checks"]:
        print(f"  {'PASS' if check['passed'] else 'FAIL'}  {check['name']}")
    print()
    for label, tables in query_table_lines(results):
        print(f"  queries, {label}: {tables}")


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
    notes = "".join(f"\n- {note}" for note in results.get("notes", []))
    checks = "\n".join(f"- **{'PASS' if c['passed'] else 'FAIL'}** {c['name']}" for c in results["checks"])
    tables = "\n".join(f"- {label}: {tables}" for label, tables in query_table_lines(results))
    load = results["load_average"]
    return f"""### {VENDOR_TITLES.get(results["vendor"], results["vendor"])}

- Date: {results["date"]}
- Machine: {results["machine"]}; 1-minute load average {load["before"]} before timing, {load["after"]} after
- Database: {results["database"]}, created, migrated and seeded (`seed_demo`) for the run, dropped after
- Server: {results["server"]}, loopback HTTP
- Client: {client_line}
- Reproduce: `{results["command"]}`{notes}

{report.markdown_table(headers, rows)}

{checks}

Queries per request by table (the SQL is in `bench/results/{results["suite"]}-{results["vendor"]}.json`, git-ignored):

{tables}
"""


def doc_write(intro: str, results: dict) -> None:
    """Write this database's run into the suite's section, keeping the other database's last run."""
    suite = results["suite"]
    parts = [intro]
    for vendor, title in VENDOR_TITLES.items():
        key = f"{suite}:{vendor}"
        if vendor == results["vendor"]:
            content = section_for_database(results)
        else:
            content = report.doc_block_read(key) or f"### {title}\n\nNot run yet."
        parts.append(report.block_replace("", key, content).strip("\n"))
    report.doc_block_write(suite, "\n\n".join(part.strip("\n") for part in parts))


def finish(args: Namespace, intro: str, results: dict) -> int:
    """Print the results, save them as JSON, write the doc section; return 0 when every check passed, else 1."""
    suite = results["suite"]
    print_results(results)
    report.results_write(f"{suite}-{results['vendor']}.json", results)
    if args.write_doc:
        doc_write(intro, results)
        print(f"[{suite}] wrote {report.DOC_PATH.relative_to(report.REPO_ROOT)}")
    return 0 if all(check["passed"] for check in results["checks"]) else 1
