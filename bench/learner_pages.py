"""Suite "learner-pages" (issues 2 and 12): course page, lesson page and completion against a plain page.

Targets (quality bars, docs/architecture.md; issue 12): a course or lesson page for a signed-in learner costs
at most 1.2x a plain page for a signed-in user, with a constant number of queries however long the course;
recording a completion costs no more than a plain page view; each worker stays under 120 MiB resident.
"""

from __future__ import annotations

from argparse import Namespace

from bench import suite
from bench.client import BenchClient, Probe, Samples
from bench.database import BenchError, demo_database, run_in_django
from bench.server import worker_rss_mb

SUITE = "learner-pages"
DEFAULT_REQUESTS = 300
MID_LESSON = 5  # lessons 1..MID_LESSON-1 are completed first
TARGETS = {"course": 1.2, "lesson": 1.2, "complete": 1.0}  # median latency, as a multiple of the plain page's
TARGET_WORKER_MB = 120.0  # resident memory of each gunicorn worker after the mixed run (issue 12)
COUNTED = ("course", "lesson", "complete")  # requests whose query count must not grow with the course

INTRO = f"""## Learner pages (issues 2 and 12)

Four requests by the demo learner ({suite.DEMO_LEARNER_EMAIL}), signed in through the login form and mid-course
(lessons 1-{MID_LESSON - 1} of the 9-lesson demo course completed over HTTP before timing starts):

- **Plain page** (the baseline): `GET /accessibility/`, a StandardPage, as the signed-in learner.
- **Course page**: `GET` the demo course, with its outline (modules, lessons, checks), each lesson's state,
  the progress bar and the "Continue" button.
- **Lesson page**: `GET` lesson {MID_LESSON} of 9, with its course position, progress bar and
  "Mark as complete" form.
- **Completion**: `POST /learning/lessons/<id>/complete/` for lesson {MID_LESSON - 1} with the CSRF token
  from the lesson page; the redirect is not followed. The lesson is already complete, so every POST takes
  the repeat path: in one transaction, a conditional UPDATE that matches no row, INSERT ... ON CONFLICT DO
  NOTHING for the progress row and the enrolment, and the read of completed lessons. That is one statement
  more than a first completion (whose UPDATE finds the row the lesson view created), and no progress or
  enrolment row changes (on SQLite each ignored insert still advances `sqlite_sequence`, so the
  transaction does write). First completions are not timed separately.

The client asks for compressed responses as a browser does (`Accept-Encoding: gzip, deflate`), so the times
include compressing and decompressing, and "KB" is the body as sent.

Targets (quality bars; issue 12): course and lesson page medians at most 1.2x the plain page median, with a
number of queries that does not grow with the course; completion median at most 1.0x the plain page median;
each gunicorn worker at most 120 MiB resident after the mixed run (all four requests, interleaved, then two
clients at once). "vs plain" is the ratio of medians; the range after it is the lowest and highest ratio over
the first, middle and last third of the rounds, a rough measure of noise. Queries are counted in-process on the
same database with Django's test Client and CaptureQueriesContext (the third identical request, so caches are
warm; BEGIN and COMMIT count as queries); the longer course adds 10 lessons to each module inside a
transaction that is rolled back. The load average shows whether other work shared the machine: it
inflates the milliseconds more than the ratios.
"""


def in_django(env: dict[str, str], action: str, *options: str) -> dict:
    """Run bench.learner_pages_queries in a subprocess against the run's database and return its JSON."""
    return run_in_django(env, "bench.learner_pages_queries", action, *options)


def learner_to_mid_course(client: BenchClient, lessons: list[dict]) -> None:
    """Open and complete lessons 1..MID_LESSON-1 the way the learner would, checking each redirect."""
    for index, lesson in enumerate(lessons[: MID_LESSON - 1]):
        client.get_page(lesson["url"])
        response = client.request("POST", f"/learning/lessons/{lesson['id']}/complete/")
        location = response.headers.get("Location", "")
        course = "/".join(lesson["url"].split("/")[:3]) + "/"  # /courses/<course>/
        # The next lesson, or the module's required knowledge check that comes before it (issue 13).
        if response.status_code != 302 or not (
            location.endswith(lessons[index + 1]["url"]) or (location.startswith(course) and "check" in location)
        ):
            raise BenchError(f"Completing {lesson['url']} answered {response.status_code} {response.headers}.")


def probes_for(site: dict) -> list[Probe]:
    """Return the four timed requests, with what a correct answer contains."""
    lessons = site["lessons"]
    mid, done = lessons[MID_LESSON - 1], lessons[MID_LESSON - 2]
    count = len(lessons)
    return [
        Probe("plain", "Plain page (baseline)", "GET", site["plain_url"], expect_text=["Sign out", "</html>"]),
        Probe(
            "course",
            f"Course page ({count} lessons)",
            "GET",
            site["course_url"],
            expect_text=["Course outline", f"{MID_LESSON - 1} of {count} lessons complete", "Continue", "</html>"],
        ),
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
    with demo_database(SUITE, args.database_url) as (database, env):
        site = in_django(env, "describe")
        if len(site["lessons"]) < MID_LESSON:
            raise BenchError(f"The demo course has {len(site['lessons'])} lessons; the suite needs {MID_LESSON}.")
        probes = probes_for(site)
        with suite.served(SUITE, env, ready_path=site["plain_url"]) as server:
            fresh_mb = worker_rss_mb(server)  # after answering the readiness probe only
            clients = suite.demo_learner_clients(server, args.concurrency, token_page=probes[0].path)
            learner_to_mid_course(clients[0], site["lessons"])
            clients[0].get_page(probes[2].path)  # the completion form's CSRF token, as the browser would have it
            samples, load = suite.time_probes(SUITE, clients, probes, args)
            memory = {"fresh_mb": fresh_mb, "after_mb": worker_rss_mb(server), "requests": mixed_requests(args)}
        print(f"[{SUITE}] counting queries in-process")
        queries = in_django(
            env,
            "count",
            "--email",
            suite.DEMO_LEARNER_EMAIL,
            "--plain-url",
            probes[0].path,
            "--course-url",
            probes[1].path,
            "--lesson-url",
            probes[2].path,
            "--complete-path",
            probes[3].path,
        )
    results = summarise(args, database.vendor, database.description, probes, samples, queries)
    figures = memory_figures(memory)
    results["checks"].append(figures.pop("check"))
    results.update(figures)
    results["load_average"] = load
    return suite.finish(args, INTRO, results)


def summarise(
    args: Namespace, vendor: str, description: str, probes: list[Probe], samples: dict[str, Samples], queries: dict
) -> dict:
    """Return every figure of the run as plain data: per request, ratios, checks."""
    rows = suite.probe_rows(probes, samples, queries["requests"], TARGETS)
    checks = suite.ratio_checks(rows)
    for key in COUNTED:
        counts = [
            (rows[key]["queries"], f"{queries['lesson_count']} lessons"),
            (queries["longer_requests"][key]["count"], f"{queries['longer_lesson_count']} lessons"),
        ]
        checks.append(suite.query_check(rows[key]["label"], counts))
    return {
        **suite.results_base(SUITE, args, vendor, description),
        "rows": rows,
        "queries_longer_course": queries["longer_requests"],
        "lesson_count": queries["lesson_count"],
        "longer_lesson_count": queries["longer_lesson_count"],
        "checks": checks,
    }


def mixed_requests(args: Namespace) -> int:
    """Return how many requests the workers had answered when their memory was read (about; sign-in included)."""
    from bench.client import requests_per_probe

    return 4 * requests_per_probe(args.requests, args.warmup, args.concurrency)


def memory_figures(memory: dict) -> dict:
    """Return the notes and the check on each gunicorn worker's resident memory after the mixed run."""
    after = memory["after_mb"]
    fresh = ", ".join(f"{mb:.0f}" for mb in memory["fresh_mb"]) or "-"
    worst = max(after, default=float("inf"))
    note = (
        f"Worker memory (resident set of each gunicorn worker, read from /proc): {fresh} MiB after start-up and "
        f"one request; {', '.join(f'{mb:.0f}' for mb in after)} MiB after the mixed run of about "
        f"{memory['requests']:,} requests"
    )
    check = {
        "name": f"Each worker at most {TARGET_WORKER_MB:.0f} MiB after the mixed run ({worst:.0f} MiB)",
        "passed": worst <= TARGET_WORKER_MB,
    }
    return {"worker_rss_mb": memory, "notes": [note], "check": check}
