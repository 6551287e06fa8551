"""The in-process half of the credentials suite: runs inside Django, in a subprocess of run_bench.py.

``issue`` times the issuing code the background task runs (``credentials.issuing.awards_issue_due``: find the
evidence, build, canonicalise, sign and store each credential) in rounds, each round for a new achievement
that the same people qualify for, so every round issues the same number of credentials. It then revokes one
of them and returns the paths of a valid and a revoked verification page. ``count`` counts the queries of
each timed request (anonymous, warmed).

    python -m bench.credentials_queries issue OUT.json --rounds 3
    python -m bench.credentials_queries count OUT.json --plain-url U --verify-url U --revoked-url U
"""

from __future__ import annotations

import time

from bench.inprocess import cli, request_queries

AREA_SLUG = "reading-and-interpreting-data"
PLAIN_SLUG = "accessibility"


def issue(rounds: int) -> dict:
    """Issue one achievement's awards per round, timed; return the rate per round and pages to time."""
    from django.db import connection

    from assessments.models import SkillArea
    from cms.models import StandardPage
    from credentials.issuing import awards_issue_due
    from credentials.models import Achievement, Award
    from credentials.revocation import award_revoke

    area = SkillArea.objects.get(slug=AREA_SLUG)
    measured = []
    for number in range(1, rounds + 1):
        achievement = Achievement.objects.create(
            kind=Achievement.Kind.SKILL_LEVEL, area=area, level=1, issued_automatically=False,
            name=f"Benchmark round {number}: {area.name} level 1", description="Benchmark.", criteria="Benchmark.",
        )  # fmt: skip
        start = time.perf_counter()
        run = awards_issue_due(achievements=[achievement])
        seconds = time.perf_counter() - start
        if run.issued == 0:
            raise SystemExit("Nobody qualified for the benchmark achievement: was seed_demo run?")
        measured.append({"issued": run.issued, "seconds": round(seconds, 3), "per_second": run.issued / seconds})
    awards = list(Award.objects.filter(achievement=achievement).order_by("id")[:2])
    award_revoke(award=awards[1], reason="Benchmark: a revoked credential", user=None)
    return {
        "vendor": connection.vendor,
        "rounds": measured,
        "plain_url": StandardPage.objects.live().get(slug=PLAIN_SLUG).url,
        "verify_url": f"/credentials/{awards[0].public_id}/",
        "revoked_url": f"/credentials/{awards[1].public_id}/",
    }


def count(plain_url: str, verify_url: str, revoked_url: str) -> dict:
    """Return the queries (and SQL) of each timed request, for an anonymous visitor."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    return {
        "requests": {
            "plain": request_queries(client, "GET", plain_url, 200),
            "verify": request_queries(client, "GET", verify_url, 200),
            "revoked": request_queries(client, "GET", revoked_url, 200),
        }
    }


if __name__ == "__main__":
    cli(
        __doc__.split("\n")[0],
        {"issue": issue, "count": count},
        {"rounds": int, "plain-url": str, "verify-url": str, "revoked-url": str},
    )
