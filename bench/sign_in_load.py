"""Suite "sign-in" (issue 11): a trust's 9 a.m. rush through two workers, and password guessing still stopped.

Production settings behind gunicorn with two workers and Redis as the shared cache, one trusted proxy
(`UPSKILL_TRUSTED_PROXY_COUNT=1`), so the client address is taken from X-Forwarded-For as behind a real
reverse proxy. Three scenarios, each against a fresh server:

- **Rush, one address**: N learners (default 300) sign in with the right password over one minute (arrivals
  evenly paced), all from the same client address, as a hospital's staff reach us through its network's one
  exit. Target: no 429 and every sign-in succeeds.
- **Rush, allauth's default limit** (the baseline, measured in the same run): the same rush with the per-address
  limit set back to allauth's default of 30 sign-ins a minute, which is what turned people away before.
- **Guessing**: 20 wrong passwords for one account, each from a different client address, then the right
  password. Target: the right password is refused once 5 wrong ones have been tried (per-account limit).

Median and p95 are for a whole sign-in (the page, then the form post); a right password costs one PBKDF2 hash
of Django's default strength, about a quarter of a second of CPU, which is most of it. Worker memory is each
gunicorn worker's resident set after the rush (target: at most 120 MiB). Before this issue a worker loaded
pandas at start-up and stood at 185 MiB after the same rush (this suite, SQLite, at commit c687724); the
report modules now load on first use. What remains is mostly Wagtail 8 itself: its apps import their v3 API
(django-ninja and pydantic, about 17 MiB) and image libraries at start-up, so the 120 MiB target is not met.
"""

from __future__ import annotations

import statistics
import threading
import time
from argparse import Namespace
from concurrent.futures import ThreadPoolExecutor

from bench import report, suite
from bench.client import BenchClient, percentile
from bench.database import BenchError, django_env, prepare_site, run_in_django, throwaway_database
from bench.server import gunicorn, worker_rss_mb

SUITE = "sign-in"
DEFAULT_REQUESTS = 300  # learners in the rush
PASSWORD = "Rush-hour-password-2026"
RUSH_SECONDS = 60.0
TRUST_ADDRESS = "192.0.2.10"
ALLAUTH_DEFAULT_LOGIN_LIMIT = "30/m/ip"
GUESSES = 20
THREADS = 32
LOGIN = "/accounts/login/"


def _client(base_url: str, address: str) -> BenchClient:
    client = BenchClient(base_url, timeout=120)
    client.session.headers["X-Forwarded-For"] = address
    return client


def _sign_in(base_url: str, email: str, password: str, address: str) -> tuple[int, float, str]:
    """Open the sign-in page and post the form; return the POST's status, the whole sign-in's ms, and the body."""
    client = _client(base_url, address)
    started = time.perf_counter()
    page = client.request("GET", LOGIN)
    if page.status_code != 200:
        return page.status_code, (time.perf_counter() - started) * 1000, page.text
    client.form_token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[-1].split('"', 1)[0]
    response = client.request("POST", LOGIN, {"login": email, "password": password})
    return response.status_code, (time.perf_counter() - started) * 1000, response.text


def rush(base_url: str, emails: list[str]) -> dict:
    """Sign every learner in, paced evenly over RUSH_SECONDS, from one address; return counts and latencies."""
    start = time.monotonic() + 1
    gap = RUSH_SECONDS / len(emails)
    results: list[tuple[int, float]] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        time.sleep(max(0.0, start + index * gap - time.monotonic()))
        status, ms, _ = _sign_in(base_url, emails[index], PASSWORD, TRUST_ADDRESS)
        with lock:
            results.append((status, ms))

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(one, range(len(emails))))
    elapsed = time.monotonic() - start
    statuses = [status for status, _ in results]
    latencies = [ms for _, ms in results]
    return {
        "learners": len(emails),
        "signed_in": statuses.count(302),
        "refused_429": statuses.count(429),
        "other": len(statuses) - statuses.count(302) - statuses.count(429),
        "seconds": round(elapsed, 1),
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
    }


def guessing(base_url: str, email: str) -> dict:
    """Try GUESSES wrong passwords from different addresses, then the right one; return what each got."""
    outcomes = []
    for n in range(GUESSES):
        status, _, body = _sign_in(base_url, email, "not-the-password", f"198.51.100.{n + 1}")
        outcomes.append("too many" if "too many" in body.lower() else f"{status}")
    status, _, body = _sign_in(base_url, email, PASSWORD, "203.0.113.200")
    stopped_at = next((n + 1 for n, o in enumerate(outcomes) if o == "too many"), None)
    return {"wrong_attempts": GUESSES, "first_refused_attempt": stopped_at, "right_password_status": status,
            "right_password_refused": status != 302 and "too many" in body.lower()}  # fmt: skip


def run(args: Namespace) -> int:
    """Run the suite: fresh database, N learners, the three scenarios, worker memory; return the exit code."""
    with throwaway_database(args.database_url) as database:
        print(f"[{SUITE}] database: {database.description}")
        env = django_env(database.url, UPSKILL_TRUSTED_PROXY_COUNT="1")
        print(f"[{SUITE}] migrate, collectstatic ...")
        prepare_site(env, seed=False)
        emails = run_in_django(
            env, "bench.sign_in_people", "create", "--count", str(args.requests + 1), "--password", PASSWORD
        )["emails"]
        victim, learners = emails[0], emails[1:]
        scenarios = {}
        memory = []
        for key, extra in (("rush", {}), ("baseline", {"UPSKILL_LOGIN_RATE_LIMIT": ALLAUTH_DEFAULT_LOGIN_LIMIT})):
            with gunicorn({**env, **extra}, workers=suite.WORKERS, ready_path=LOGIN) as server:
                print(f"[{SUITE}] {key}: {len(learners)} sign-ins over {RUSH_SECONDS:.0f} s on {server.base_url}")
                scenarios[key] = rush(server.base_url, learners)
                if key == "rush":
                    scenarios["guessing"] = guessing(server.base_url, victim)
                    memory = worker_rss_mb(server)
                if "Traceback" in server.log_tail(400):
                    raise BenchError(f"gunicorn logged errors:\n{server.log_tail()}")
            _sessions_clear(env)
    results = summarise(args, database, scenarios, memory)
    print_results(results)
    report.results_write(f"{SUITE}-{database.vendor}.json", results)
    if args.write_doc:
        doc_write(results)
    return 0 if all(check["passed"] for check in results["checks"]) else 1


def _sessions_clear(env: dict[str, str]) -> None:
    """Forget the rush's sessions and counters so the next scenario starts as the first did."""
    from bench.database import redis_flush, run_python

    redis_flush(env["REDIS_URL"])
    run_python(env, "manage.py", "clearsessions")


def summarise(args: Namespace, database, scenarios: dict, memory: list[float]) -> dict:
    rush_, guess = scenarios["rush"], scenarios["guessing"]
    checks = [
        {"name": f"{rush_['learners']} learners from one address in {RUSH_SECONDS:.0f} s: no 429",
         "passed": rush_["refused_429"] == 0},
        {"name": "every learner in the rush signed in", "passed": rush_["signed_in"] == rush_["learners"]},
        {"name": "wrong passwords for one account from 20 addresses: refused from the 6th, right one refused after",
         "passed": guess["first_refused_attempt"] == 6 and guess["right_password_refused"]},
        {"name": "each worker at or under 120 MiB RSS after the rush",
         "passed": bool(memory) and max(memory) <= 120},
    ]  # fmt: skip
    return {
        **suite.results_base(SUITE, args, database.vendor, database.description),
        "scenarios": scenarios,
        "worker_rss_mb": [round(m, 1) for m in memory],
        "checks": checks,
    }


def print_results(results: dict) -> None:
    print()
    for key, figures in results["scenarios"].items():
        print(f"  {key}: {figures}")
    print(f"  worker RSS MiB: {results['worker_rss_mb']}")
    for check in results["checks"]:
        print(f"  {'PASS' if check['passed'] else 'FAIL'}  {check['name']}")


def doc_write(results: dict) -> None:
    """Write this database's run into the suite's section of docs/benchmarks.md, keeping the other's."""
    rush_, baseline, guess = (results["scenarios"][k] for k in ("rush", "baseline", "guessing"))
    rows = [
        ["Rush, one address (the project's limits)", rush_],
        [f"Rush, one address (baseline: allauth's default {ALLAUTH_DEFAULT_LOGIN_LIMIT})", baseline],
    ]
    table = report.markdown_table(
        ["Scenario", "Learners", "Signed in", "429", "Other", "Seconds", "Median ms", "p95 ms"],
        [[label, f["learners"], f["signed_in"], f["refused_429"], f["other"], f["seconds"], f["median_ms"],
          f["p95_ms"]] for label, f in rows],
    )  # fmt: skip
    checks = "\n".join(f"- **{'PASS' if c['passed'] else 'FAIL'}** {c['name']}" for c in results["checks"])
    content = f"""### {suite.VENDOR_TITLES.get(results["vendor"], results["vendor"])}

- Date: {results["date"]}
- Machine: {results["machine"]}
- Database: {results["database"]}, created and migrated for the run, dropped after
- Server: {results["server"]}, Redis cache, one trusted proxy, loopback HTTP
- Reproduce: `{results["command"]}`

{table}

Guessing: {guess["wrong_attempts"]} wrong passwords for one account from {guess["wrong_attempts"]} addresses; the
first refused was attempt {guess["first_refused_attempt"]}; the right password afterwards answered
{guess["right_password_status"]} and was {"refused" if guess["right_password_refused"] else "ACCEPTED"}.
Worker memory after the rush (RSS, MiB): {", ".join(f"{m:.0f}" for m in results["worker_rss_mb"])}.

{checks}
"""
    parts = [__doc__.split("\n", 1)[1].replace('"""', "").strip()]
    parts[0] = "## Sign-in rush (issue 11)\n\n" + parts[0]
    for vendor, title in suite.VENDOR_TITLES.items():
        key = f"{SUITE}:{vendor}"
        block = content if vendor == results["vendor"] else (report.doc_block_read(key) or f"### {title}\n\nNot run.")
        parts.append(report.block_replace("", key, block).strip("\n"))
    report.doc_block_write(SUITE, "\n\n".join(part.strip("\n") for part in parts))
