"""The in-process half of the readiness suite: runs inside Django, in a subprocess of run_bench.py.

    python -m bench.readiness_queries prepare OUT.json --organisation SLUG
    python -m bench.readiness_queries measure OUT.json --organisation SLUG --as-of D --rounds N
    python -m bench.readiness_queries memory OUT.json --organisation SLUG --as-of D --probe KEY
    python -m bench.readiness_queries pages OUT.json --organisation SLUG --as-of D --email E [--skip K1,K2]

``prepare`` gives the organisation an HR user with a second factor and returns a signed-in session key for the
HTTP client; ``measure`` times the SQL aggregate (bench.readiness_sql) and the report service in interleaved
rounds, counts the service's statements, checks the two ``areas`` tables agree and profiles one service call;
``memory`` (a fresh process per report) records the peak resident memory and the tracemalloc peak of one call;
``pages`` counts the queries and the memory of each admin page in-process with Django's test Client.
"""

from __future__ import annotations

import math
import re
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import date

from bench.inprocess import cli, pass_second_factor

HR_EMAIL = "hr@{slug}.bench.example"
SLOW_SECONDS = 30.0  # a call slower than this is timed once, not repeated
PLACES = 4


def _objects(organisation: str) -> dict:
    from learning.models import Organisation
    from readiness.demo import scale_data
    from readiness.models import Cohort

    org = Organisation.objects.get(slug=organisation)
    cohorts = {c.slug: c for c in Cohort.objects.filter(organisation=org)}
    return {"org": org, "big": cohorts[scale_data.BIG_COHORT], "mid": cohorts[scale_data.MID_COHORT]}


def _probes(organisation: str, as_of: date) -> dict[str, dict]:
    """Return per report: the SQL aggregate's and the service's calls, and the page path."""
    from bench.readiness_sql import areas_rows
    from readiness.reports import service

    found = _objects(organisation)
    org, big, mid = found["org"], found["big"], found["mid"]
    query = f"?as_of={as_of.isoformat()}"
    return {
        "organisation": {
            "label": f"Organisation overview ({org.slug})",
            "sql": lambda: areas_rows("organisation", org.id, as_of),
            "service": lambda: service.organisation_report(org, as_of),
            "path": f"/admin/readiness/organisation/{org.id}/{query}",
        },
        "cohort_big": {
            "label": f"Cohort page ({big.slug})",
            "sql": lambda: areas_rows("cohort", big.id, as_of),
            "service": lambda: service.cohort_report(big, as_of),
            "path": f"/admin/readiness/cohort/{big.id}/{query}",
        },
        "cohort_mid": {
            "label": f"Cohort page ({mid.slug})",
            "sql": lambda: areas_rows("cohort", mid.id, as_of),
            "service": lambda: service.cohort_report(mid, as_of),
            "path": f"/admin/readiness/cohort/{mid.id}/{query}",
        },
    }


def prepare(organisation: str) -> dict:
    """Create the organisation's HR user (HR group, staff record, TOTP) and a signed-in session for it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from learning.models import Organisation, StaffMember
    from learning.roles import HR_GROUP

    org = Organisation.objects.get(slug=organisation)
    email = HR_EMAIL.format(slug=organisation)
    user, _ = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    user.groups.add(Group.objects.get(name=HR_GROUP))
    StaffMember.objects.get_or_create(
        organisation=org,
        employee_number="BENCH-HR",
        defaults={"user": user, "first_name": "Bench", "last_name": "HR", "email": email},
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, "BENCHREADINESSTOTPSECRETKEYABCDE")  # HR must have a second factor
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)  # a session as after signing in with a code (benchmark only)
    pass_second_factor(client, user)
    found = _objects(organisation)
    return {
        "email": email,
        "session": client.cookies["sessionid"].value,
        "organisation_id": org.id,
        "cohorts": {key: {"id": found[key].id, "slug": found[key].slug} for key in ("big", "mid")},
    }


def _area_records(report) -> list[dict]:
    """Return the service's areas table as plain records (it returns a Report, or a dict of frames)."""
    from readiness import engine as readiness

    table = report["areas"] if isinstance(report, dict) else report.area_table
    return table[readiness.AREA_COLUMNS].to_dict("records")


def _same(mine, theirs) -> bool:
    missing = [v is None or (isinstance(v, float) and math.isnan(v)) for v in (mine, theirs)]
    if any(missing):
        return all(missing)
    if isinstance(mine, float) or isinstance(theirs, float):
        return round(float(mine), PLACES) == round(float(theirs), PLACES)
    return int(mine) == int(theirs)


def compare(sql_rows: list[dict], service_rows: list[dict]) -> list[str]:
    """Return the differences between the two areas tables (empty when they agree)."""
    problems = []
    if [r["skill_area"] for r in sql_rows] != [r["skill_area"] for r in service_rows]:
        return [f"areas differ: {[r['skill_area'] for r in sql_rows]} vs {[r['skill_area'] for r in service_rows]}"]
    for mine, theirs in zip(sql_rows, service_rows, strict=True):
        for name, value in mine.items():
            if name != "skill_area" and not _same(value, theirs[name]):
                problems.append(f"{mine['skill_area']} {name}: SQL {value!r}, service {theirs[name]!r}")
    return problems


def _one_connection():
    """Return a context (and decorator) in which reports run every statement on this connection, so that
    CaptureQueriesContext and the statement clock see them all (timed runs use the default: side by side)."""
    from django.test import override_settings

    return override_settings(UPSKILL_PARALLEL_REPORT_QUERIES=False)


def _timed(call: Callable) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def measure(organisation: str, as_of: str, rounds: int) -> dict:
    """Time the SQL aggregate and the service for every report in interleaved rounds; compare their tables."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    day = date.fromisoformat(as_of)
    probes = _probes(organisation, day)
    out: dict[str, dict] = {}
    calls = [(key, kind) for key in probes for kind in ("sql", "service")]
    samples: dict[tuple[str, str], list[float]] = {call: [] for call in calls}
    first: dict[tuple[str, str], object] = {}
    counted: dict[str, list[str]] = {}
    warm_statements: dict[str, dict] = {}
    for key, kind in calls:  # warm-up, and the tables to compare
        with CaptureQueriesContext(connection) as captured, _one_connection():
            if kind == "service":
                warm_statements[key] = _statement_times(probes[key][kind], keep=first, as_key=(key, kind))
                ms = warm_statements[key]["total_ms"]
            else:
                ms, first[(key, kind)] = _timed(probes[key][kind])
        samples[(key, kind)].append(ms)
        if kind == "service":
            counted[key] = [q["sql"] for q in captured.captured_queries]
    repeat = [call for call in calls if samples[call][0] < SLOW_SECONDS * 1000]
    for round_number in range(rounds):
        offset = round_number % len(repeat) if repeat else 0
        for key, kind in [*repeat[offset:], *repeat[:offset]]:
            samples[(key, kind)].append(_timed(probes[key][kind])[0])
    for key, probe in probes.items():
        sql_rows, service_rows = first[(key, "sql")], _area_records(first[(key, "service")])
        quick = (key, "service") in repeat
        if quick:  # count again now that everything is warm
            with CaptureQueriesContext(connection) as captured, _one_connection():
                probe["service"]()
            counted[key] = [q["sql"] for q in captured.captured_queries]
        out[key] = {
            "label": probe["label"],
            "path": probe["path"],
            "members": sql_rows[0]["members"] if sql_rows else 0,
            "sql": _summary(samples[(key, "sql")]),
            "service": _summary(samples[(key, "service")]),
            "service_slow": not quick,
            "service_queries": len(counted[key]),
            "service_sql": [sql[:300] for sql in counted[key]],
            "service_statement_ms": _one_connection()(_statement_times)(probe["service"])
            if quick
            else warm_statements[key],
            "differences": compare(sql_rows, service_rows),
            "areas_sql": sql_rows,
            "areas_service": [{k: _plain(v) for k, v in row.items()} for row in service_rows],
        }
    out["_profile"] = _profile(probes["organisation"]["service"]) if ("organisation", "service") in repeat else None
    return out


def _plain(value):
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _summary(values: list[float]) -> dict:
    timed = values[1:] or values  # the first call warms caches; it is kept only when nothing else ran
    return {
        "median_ms": round(statistics.median(timed), 1),
        "min_ms": round(min(timed), 1),
        "max_ms": round(max(timed), 1),
        "runs": len(timed),
        "warmup_ms": round(values[0], 1),
    }


def _statement_times(call: Callable, keep: dict | None = None, as_key=None) -> dict:
    """Run ``call`` once and return its total time and the time spent executing SQL (fetching included);
    ``keep[as_key]`` receives the call's result when given."""
    from django.db import connection

    spent: list[float] = []

    def clock(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(clock):
        total, result = _timed(call)
    if keep is not None:
        keep[as_key] = result
    return {"total_ms": round(total, 1), "statements_ms": [round(ms, 1) for ms in spent]}


def _profile(call: Callable, top: int = 12) -> list[str]:
    """Return the functions where one service call spends most of its time (cProfile, by own time)."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(top)
    lines = [line for line in buffer.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return lines[start : start + top + 1]


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def memory(organisation: str, as_of: str, probe: str) -> dict:
    """In a fresh process: the peak resident memory of one service call, then its tracemalloc peak."""
    day = date.fromisoformat(as_of)
    call = _probes(organisation, day)[probe]["service"]
    import pandas  # noqa: F401  (loaded before the baseline, as in a running server)

    before = _rss_mb()
    started = time.perf_counter()
    call()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"rss_before_mb": round(before, 1), "peak_rss_mb": round(peak, 1), "seconds": round(seconds, 2)}
    if seconds < SLOW_SECONDS:
        tracemalloc.start()
        call()
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return result


def pages(organisation: str, as_of: str, email: str, skip: str | None = None) -> dict:
    """Count each page's queries (third identical request) and its tracemalloc peak, signed in as HR."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.inprocess import signed_in_client

    client = signed_in_client(email)
    pass_second_factor(client, get_user_model().objects.get(email=email))  # HR pages need the second factor
    out = {}
    for key, probe in _probes(organisation, date.fromisoformat(as_of)).items():
        if key in (skip or "").split(","):
            out[key] = {"status": None, "error": "not requested: the report alone took over 30 s"}
            continue
        ms, response = _timed(lambda path=probe["path"]: client.get(path))
        if response.status_code != 200:
            out[key] = {"status": response.status_code, "error": response.content[:500].decode(errors="replace")}
            continue
        if ms > SLOW_SECONDS * 1000:
            out[key] = {"status": 200, "first_ms": round(ms, 1), "queries": None, "tracemalloc_peak_mb": None}
            continue
        client.get(probe["path"])
        with CaptureQueriesContext(connection) as captured, _one_connection():
            response = client.get(probe["path"])
        sql = [q["sql"] for q in captured.captured_queries]  # now: the next request resets the query log
        tracemalloc.start()
        client.get(probe["path"])
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        out[key] = {
            "status": response.status_code,
            "first_ms": round(ms, 1),
            "queries": len(sql),
            "sql": sql,
            "tracemalloc_peak_mb": round(peak, 1),
            "bytes": len(response.content),
        }
    return out


def statements(organisation: str, as_of: str) -> dict:
    """Return each report's baseline statement as literal SQL text, for the harness to run between page requests
    on its own connection (so the page and its baseline are timed in the same interleaved rounds)."""
    from django.db import connection

    from bench.readiness_sql import areas_statement

    found = _objects(organisation)
    day = date.fromisoformat(as_of)
    owners = {"organisation": ("organisation", found["org"].id), "cohort_big": ("cohort", found["big"].id),
              "cohort_mid": ("cohort", found["mid"].id)}  # fmt: skip
    out = {}
    for key, (kind, owner_id) in owners.items():
        sql, params = areas_statement(kind, owner_id, day)
        if connection.vendor == "postgresql":
            from psycopg import ClientCursor

            connection.ensure_connection()
            out[key] = {"sql": ClientCursor(connection.connection).mogrify(sql, params), "params": {}}
        else:  # sqlite3 takes :name parameters; the adapted values are already text
            out[key] = {"sql": re.sub(r"%\((\w+)\)s", r":\1", sql), "params": params}
    return out


if __name__ == "__main__":
    cli(
        __doc__.split("\n")[0],
        {"prepare": prepare, "measure": measure, "memory": memory, "pages": pages, "statements": statements},
        {"organisation": str, "as-of": str, "rounds": int, "probe": str, "email": str, "skip": str},
    )
