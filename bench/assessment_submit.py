"""Suite "assessment-submit": submitting a 30-question skills-check attempt against a plain Wagtail page.

Target (the issue): submitting a 30-question attempt (scoring and writes) costs at most 1.5x a plain page
view measured in the same run, with a number of queries that does not grow with the number of questions.
"""

from __future__ import annotations

from argparse import Namespace

from bench import report, suite
from bench.client import FreshTargetProbe, Probe, Samples, requests_per_probe
from bench.database import demo_database, run_in_django

SUITE = "assessment-submit"
DEFAULT_REQUESTS = 120
QUESTIONS = 30
SHORT_QUESTIONS = 10  # the shorter attempt whose submit must take as many queries
TARGETS = {"submit": 1.5}  # median latency, as a multiple of the plain page's
SUBMIT_LABEL_PATH = "/learning/attempts/<id>/submit/"

INTRO = f"""## Assessment submit

Two requests by the demo learner ({suite.DEMO_LEARNER_EMAIL}), signed in through the login form:

- **Plain page** (the baseline): `GET /accessibility/`, a StandardPage, as the signed-in learner.
- **Submit**: `POST /learning/attempts/<id>/submit/` with the CSRF token from the plain page's sign-out
  form; the redirect to the result page is checked, not followed. Submitting an attempt twice changes
  nothing, so every POST, warm-up and throughput requests included, submits a different open attempt:
  it scores {QUESTIONS} saved answers, writes their credit in one bulk update, sets the attempt's score and
  writes one skill result per area (6).

Before gunicorn starts, the suite publishes one skills-check page per submit (the learner may have only one
open attempt per assessment) with the same fixed list of {QUESTIONS} questions from the demo bank, picked
the same way every run to cover all 6 areas at levels 1-3 and all four question types, and for each page
starts an attempt for the learner and saves an answer to every question through the app's services
(`attempt_start`, `response_save`), one in three wrong.

Target (the issue): submit median at most 1.5x the plain page median, with a number of queries that does
not grow with the number of questions. "vs plain" is the ratio of medians; the range after it is the lowest
and highest ratio over the first, middle and last third of the rounds, a rough measure of noise. Queries
are counted in-process on the same database with Django's test Client and CaptureQueriesContext (the plain
page's third identical request; for the submit, a fresh attempt after one warm-up submit of another; BEGIN
and COMMIT count as queries); the shorter attempt has {SHORT_QUESTIONS} questions covering every area. After
timing, the suite checks in the database that every POST scored its attempt: submitted with a score, every
response credited, one skill result per area. The load average shows whether other work shared the
machine: it inflates the milliseconds more than the ratios.
"""


def in_django(env: dict[str, str], action: str, *options: str, timeout: float = 300) -> dict:
    """Run bench.assessment_submit_queries in a subprocess against the run's database and return its JSON."""
    return run_in_django(env, "bench.assessment_submit_queries", action, *options, timeout=timeout)


def submit_label(questions: int) -> str:
    return f"Submit ({questions} questions, fresh attempt)"


def probes_for(site: dict) -> list[Probe]:
    """Return the two timed requests; the submit takes the next prepared attempt on every request."""
    return [
        Probe("plain", "Plain page (baseline)", "GET", site["plain_url"], expect_text=["Sign out", "</html>"]),
        FreshTargetProbe.over(
            [tuple(attempt["paths"]) for attempt in site["attempts"]],
            key="submit",
            label=submit_label(site["questions"]),
            method="POST",
            path=SUBMIT_LABEL_PATH,
            expect_status=302,
        ),
    ]


def run(args: Namespace) -> int:
    """Run the suite once: fresh database, prepared attempts, gunicorn, timings, query counts, report."""
    with demo_database(SUITE, args.database_url) as (database, env):
        attempts = requests_per_probe(args.requests, args.warmup, args.concurrency)
        print(f"[{SUITE}] publishing {attempts} skills checks of {QUESTIONS} questions with answered attempts ...")
        site = in_django(
            env,
            "prepare",
            *("--email", suite.DEMO_LEARNER_EMAIL, "--attempts", str(attempts), "--questions", str(QUESTIONS)),
            timeout=1200,
        )
        print(f"[{SUITE}] prepared in {site['seconds']} s: {site['questions']} questions, types {site['types']}")
        probes = probes_for(site)
        submit = probes[1]
        with suite.served(SUITE, env, ready_path=site["plain_url"]) as server:
            clients = suite.demo_learner_clients(server, args.concurrency, token_page=site["plain_url"])
            samples, load = suite.time_probes(SUITE, clients, probes, args)
        sent = [attempt["id"] for attempt in site["attempts"][: len(site["attempts"]) - len(submit.targets)]]
        print(f"[{SUITE}] counting queries in-process; checking the {len(sent)} submitted attempts")
        queries = in_django(
            env,
            "count",
            *("--email", suite.DEMO_LEARNER_EMAIL, "--plain-url", site["plain_url"]),
            *("--questions", str(QUESTIONS), "--short-questions", str(SHORT_QUESTIONS)),
            *("--submitted-ids", ",".join(map(str, sent))),
        )
    results = summarise(args, database.vendor, database.description, probes, samples, queries, site)
    results["load_average"] = load
    return suite.finish(args, INTRO, results)


def summarise(
    args: Namespace,
    vendor: str,
    description: str,
    probes: list[Probe],
    samples: dict[str, Samples],
    queries: dict,
    site: dict,
) -> dict:
    """Return every figure of the run as plain data: per request, ratios, checks."""
    rows = suite.probe_rows(probes, samples, queries["requests"], TARGETS)
    timed = queries["timed"]
    areas = site["areas"]
    checks = suite.ratio_checks(rows)
    checks.append(
        suite.query_check(
            "Submit",
            [
                (rows["submit"]["queries"], f"{queries['questions']} questions"),
                (queries["short"]["count"], f"{queries['short_questions']} questions"),
            ],
        )
    )
    checks.append(
        {
            "name": f"Every POST scored a fresh attempt: {timed['submitted']} of {timed['sent']} submitted with a "
            f"score, {timed['responses_credited']} of {timed['responses']} responses credited, "
            f"{timed['skill_results']} skill results ({areas} areas each)",
            "passed": timed["sent"] > 0
            and timed["submitted"] == timed["sent"]
            and timed["responses_credited"] == timed["responses"] == timed["sent"] * site["questions"]
            and timed["skill_results"] == timed["sent"] * areas,
        }
    )
    return {
        **suite.results_base(SUITE, args, vendor, description),
        "notes": [
            f"Setup: {len(site['attempts'])} skills-check pages with {site['questions']} questions "
            f"({', '.join(f'{n} {kind}' for kind, n in site['types'].items())}; {areas} areas, levels "
            f"{min(site['levels'])}-{max(site['levels'])}), each with an open attempt "
            f"of {'/'.join(map(str, site['right_answers']))} right answers, made in-process in {site['seconds']} s "
            "before gunicorn started"
        ],
        "rows": rows,
        "more_query_tables": [[submit_label(queries["short_questions"]), report.sql_tables(queries["short"]["sql"])]],
        "queries_short": queries["short"],
        "questions": queries["questions"],
        "short_questions": queries["short_questions"],
        "timed_attempts": timed,
        "checks": checks,
    }
