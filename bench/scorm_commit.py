"""Suite "scorm-commit": a SCORM lesson's batched commit against a plain Wagtail page.

Target (issue 15): a SCORM commit (a batch of SetValue calls sent as one JSON POST) costs at most 1.0x a plain
page view measured in the same run.
"""

from __future__ import annotations

from argparse import Namespace

from bench import suite
from bench.client import Probe
from bench.database import demo_database, run_in_django

SUITE = "scorm-commit"
DEFAULT_REQUESTS = 200
TARGETS = {"commit": 1.0}  # median latency, as a multiple of the plain page's
SUSPEND_DATA_CHARS = 2000


def commit_body(version_id: int, item: str) -> dict:
    """Return the batch a package sends on a typical commit: status, place, suspend data, score, time and the
    interactions it records (kept by the runtime in the browser, ignored by the server)."""
    values = {
        "cmi.completion_status": "incomplete",
        "cmi.location": "7",
        "cmi.suspend_data": ("q1=b;q2=c;q3=a;" * SUSPEND_DATA_CHARS)[:SUSPEND_DATA_CHARS],
        "cmi.score.raw": "60",
        "cmi.score.min": "0",
        "cmi.score.max": "100",
        "cmi.score.scaled": "0.6",
        "cmi.session_time": "PT4M12.5S",
        "cmi.exit": "suspend",
    }
    for number in range(5):
        values[f"cmi.interactions.{number}.id"] = f"question-{number}"
        values[f"cmi.interactions.{number}.learner_response"] = "b"
        values[f"cmi.interactions.{number}.result"] = "correct"
    return {"version": version_id, "item": item, "session": "bench", "values": values}


INTRO = f"""## SCORM commit

Two requests by the demo learner ({suite.DEMO_LEARNER_EMAIL}), signed in through the login form:

- **Plain page** (the baseline): `GET /accessibility/`, a StandardPage, as the signed-in learner.
- **Commit**: `POST /learning/scorm/<lesson>/commit/` to the demo course's SCORM lesson, with a JSON batch of
  {len(commit_body(0, "")["values"])} values (completion, location, {SUSPEND_DATA_CHARS} characters of suspend data,
  score raw/min/max/scaled, session time, exit and five interactions) and the CSRF token in the `X-CSRFToken`
  header, as the lesson page's script sends it; the answer (200, JSON) is checked. Every commit goes through the
  whole service: the attempt row is locked, the values checked and applied, and the row written.

Target (the issue): commit median at most 1.0x the plain page median. "vs plain" is the ratio of medians; the
range after it is the lowest and highest ratio over the first, middle and last third of the rounds. Queries are
counted in-process with Django's test Client and CaptureQueriesContext (BEGIN, COMMIT and savepoints count as
queries). After timing, the suite checks in the database that the learner's attempt holds the batch.
"""


def in_django(env: dict[str, str], action: str, *options: str, timeout: float = 300) -> dict:
    """Run bench.scorm_commit_queries in a subprocess against the run's database and return its JSON."""
    return run_in_django(env, "bench.scorm_commit_queries", action, *options, timeout=timeout)


def run(args: Namespace) -> int:
    """Run the suite once: fresh database with the demo, gunicorn, timings, query counts, report."""
    with demo_database(SUITE, args.database_url) as (database, env):
        site = in_django(env, "prepare", "--email", suite.DEMO_LEARNER_EMAIL)
        body = commit_body(site["version"], site["item"])
        probes = [
            Probe("plain", "Plain page (baseline)", "GET", site["plain_url"], expect_text=["Sign out", "</html>"]),
            Probe(
                "commit",
                f"SCORM commit ({len(body['values'])} values)",
                "POST",
                site["commit_url"],
                expect_text=['"completion": "incomplete"'],
                json_body=body,
            ),
        ]
        with suite.served(SUITE, env, ready_path=site["plain_url"]) as server:
            clients = suite.demo_learner_clients(server, args.concurrency, token_page=site["plain_url"])
            samples, load = suite.time_probes(SUITE, clients, probes, args)
        print(f"[{SUITE}] counting queries in-process; checking the attempt")
        queries = in_django(
            env,
            "count",
            *("--email", suite.DEMO_LEARNER_EMAIL),
            *("--plain-url", site["plain_url"], "--commit-url", site["commit_url"]),
            *("--version", str(site["version"]), "--item", site["item"]),
        )
    rows = suite.probe_rows(probes, samples, queries["requests"], TARGETS)
    checks = suite.ratio_checks(rows)
    stored = queries["stored"]
    checks.append(
        {
            "name": f"The attempt holds the batch: location {stored['location']!r}, "
            f"{stored['suspend_data_chars']} characters of suspend data, scaled score {stored['score_scaled']}, "
            f"{stored['commits']} commits recorded",
            "passed": stored["location"] == "7"
            and stored["suspend_data_chars"] == SUSPEND_DATA_CHARS
            and stored["score_scaled"] == 0.6
            and stored["commits"] > args.requests,
        }
    )
    results = {
        **suite.results_base(SUITE, args, database.vendor, database.description),
        "notes": [f"The demo course's SCORM lesson ({site['title']}), package version {site['version']}"],
        "rows": rows,
        "checks": checks,
        "load_average": load,
    }
    return suite.finish(args, INTRO, results)
