"""The readiness suite's HTTP phase: each page in interleaved rounds, with the page's own SQL aggregate run just
before it on a connection of the benchmark's own, so page and baseline share rounds and load."""

from __future__ import annotations

import sqlite3
import statistics
import time
from contextlib import contextmanager, nullcontext
from urllib.parse import unquote, urlsplit

import requests

from bench.client import BenchClient, Probe, Samples, percentile, timed
from bench.database import BenchError

HTTP_WARMUP = 2
HTTP_TIMEOUT = 120  # seconds; gunicorn's own worker timeout (30 s) ends slower requests first


@contextmanager
def _baseline_connection(database):
    """A connection of the harness's own to the bench database, for the baseline statements."""
    if database.vendor == "postgresql":
        import psycopg

        connection = psycopg.connect(database.url, autocommit=True)
    else:
        connection = sqlite3.connect(unquote(urlsplit(database.url).path))
    try:
        yield connection
    finally:
        connection.close()


def _sql_ms(connection, statement: dict) -> float:
    started = time.perf_counter()
    cursor = connection.cursor()
    if statement["params"]:
        cursor.execute(statement["sql"], statement["params"])
    else:  # PostgreSQL: the values are already in the text
        cursor.execute(statement["sql"])
    cursor.fetchall()
    cursor.close()
    return (time.perf_counter() - started) * 1000


def page_rounds(
    base_url: str,
    session: str,
    paths: dict[str, tuple[str, str]],
    requests_each: int,
    *,
    baselines: dict | None = None,
    database=None,
) -> dict:
    """Time each page in interleaved rounds; a page that fails or is too slow is recorded, not repeated.

    With ``baselines``, each round also runs the page's baseline statement on the harness's own connection just
    before the page, so the page and its SQL aggregate share rounds and load (``sql_median_ms``)."""
    with _baseline_connection(database) if baselines else nullcontext() as connection:
        return _http_rounds(base_url, session, paths, requests_each, baselines or {}, connection)


def _http_rounds(base_url, session, paths, requests_each, baselines, connection) -> dict:
    client = BenchClient(base_url, timeout=HTTP_TIMEOUT)
    client.session.cookies.set("sessionid", session)
    probes = [Probe(key, label, "GET", path, expect_text=["</html>"]) for key, (label, path) in paths.items()]
    samples = {probe.key: Samples() for probe in probes}
    failed: dict[str, str] = {}
    for _ in range(HTTP_WARMUP):
        for probe in probes:
            if probe.key in failed:
                continue
            try:
                ms, _ = timed(client, probe, full_check=True)
            except (BenchError, requests.RequestException) as exc:
                failed[probe.key] = str(exc)[:300]
                continue
            if ms > HTTP_TIMEOUT * 1000 / 4:
                failed[probe.key] = f"too slow to repeat: {ms / 1000:.1f} s"
                samples[probe.key].latencies_ms.append(ms)
    active = [probe for probe in probes if probe.key not in failed]
    sql_samples: dict[str, list[float]] = {probe.key: [] for probe in probes}
    for round_number in range(requests_each):
        offset = round_number % len(active) if active else 0
        for probe in [*active[offset:], *active[:offset]]:
            if probe.key in baselines:
                sql_samples[probe.key].append(_sql_ms(connection, baselines[probe.key]))
            ms, response = timed(client, probe)
            samples[probe.key].latencies_ms.append(ms)
            samples[probe.key].response_bytes = len(response.content)
    out = {}
    for probe in probes:
        values = samples[probe.key].latencies_ms
        out[probe.key] = {
            "path": probe.path,
            "median_ms": round(samples[probe.key].median_ms, 1) if values else None,
            "p95_ms": round(percentile(values, 95), 1) if values else None,
            "requests": len(values),
            "bytes": samples[probe.key].response_bytes,
            "error": failed.get(probe.key) if not values or probe.key in failed else None,
            "sql_median_ms": round(statistics.median(sql_samples[probe.key]), 1) if sql_samples[probe.key] else None,
        }
    return out
