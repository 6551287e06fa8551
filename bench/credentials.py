"""Suite "credentials" (issue 16): issuing rate per worker, and the public verification page against a plain page.

Targets: the verification page's median at most 1.2x a plain page's, as the median of the ratios of at least
three interleaved rounds. The issuing rate has no target; it is reported per round and as the median.
"""

from __future__ import annotations

import statistics
from argparse import Namespace

from bench import suite
from bench.client import BenchClient, Probe, Samples, measure_concurrent, measure_interleaved
from bench.database import demo_database, run_in_django, run_python

SUITE = "credentials"
DEFAULT_REQUESTS = 300
ROUNDS = 3
ISSUE_ROUNDS = 3
TARGETS = {"verify": 1.2, "revoked": 1.2}

INTRO = f"""## Credentials (issue 16)

**Issuing.** One process (one background worker) runs the issuing code of the `issue_awards` task
(`credentials.issuing.awards_issue_due`) for a new skill-level achievement ("level 1 or above in Reading
data") that every demo member of staff with a valid scored result there qualifies for: find the evidence,
then for each person take the issuer's next status-list index under a row lock, build the
OpenBadgeCredential, canonicalise it (RDFC-1.0 through PyLD, offline), sign it (Ed25519) and insert the award,
one transaction each. {ISSUE_ROUNDS} rounds, each a new achievement for the same people; the rate is credentials
stored per second of wall-clock time, so one worker's throughput.

**Verification page.** Three anonymous requests (no sign-in: the page is public):

- **Plain page** (the baseline): `GET /accessibility/`, a StandardPage.
- **Verification page, valid**: `GET /credentials/<id>/` of one of the awards just issued: the award, its
  proof checked with `credentials.proof.proof_verify` (the result is cached by the credential's exact bytes,
  so the first request verifies and the rest hash), the issuer's signed status list (its proof, cached the
  same way) and the credential's bit in it.
- **Verification page, revoked**: the same for an award revoked after issuing.

Each row is timed in {ROUNDS} rounds of interleaved requests (each round sends every request in turn); "vs
plain" is the median over the rounds of each round's ratio of medians, and the range after it the lowest and
highest round. Served by gunicorn with two sync workers and the production settings; queries are counted
in-process for an anonymous visitor on a warmed request.
"""


def in_django(env: dict[str, str], action: str, *options: str) -> dict:
    return run_in_django(env, "bench.credentials_queries", action, *options, timeout=900)


def probes_for(site: dict) -> list[Probe]:
    return [
        Probe("plain", "Plain page (baseline)", "GET", site["plain_url"], expect_text=["</html>"]),
        Probe("verify", "Verification page, valid", "GET", site["verify_url"], expect_text=["Valid", "</html>"]),
        Probe("revoked", "Verification page, revoked", "GET", site["revoked_url"], expect_text=["Revoked"]),
    ]


def timed_rounds(clients: list[BenchClient], probes: list[Probe], args: Namespace) -> tuple[dict, list[dict]]:
    """Time the probes in ROUNDS interleaved rounds; return all samples and each round's ratios."""
    per_round = max(1, args.requests // ROUNDS)
    samples = {probe.key: Samples() for probe in probes}
    ratios = []
    for number in range(ROUNDS):
        print(f"[{SUITE}] round {number + 1} of {ROUNDS}: {per_round} requests each")
        warmup = args.warmup if number == 0 else 0
        round_samples = measure_interleaved(clients[0], probes, requests_each=per_round, warmup_each=warmup)
        base = round_samples["plain"].median_ms
        ratios.append({key: round(sample.median_ms / base, 3) for key, sample in round_samples.items()})
        for key, sample in round_samples.items():
            samples[key].latencies_ms += sample.latencies_ms
            samples[key].response_bytes = sample.response_bytes
    if len(clients) > 1:
        measure_concurrent(clients, probes, samples, requests_each=args.requests)
    return samples, ratios


def run(args: Namespace) -> int:
    """Run the suite once: fresh database, issuing timed in-process, then the pages behind gunicorn."""
    from bench import report

    with demo_database(SUITE, args.database_url) as (database, env):
        run_python(env, "manage.py", "seed_demo_awards", timeout=600)
        print(f"[{SUITE}] issuing {ISSUE_ROUNDS} rounds in one process")
        site = in_django(env, "issue", "--rounds", str(ISSUE_ROUNDS))
        probes = probes_for(site)
        with suite.served(SUITE, env, ready_path=site["plain_url"]) as server:
            clients = [BenchClient(server.base_url) for _ in range(args.concurrency)]
            load_before = report.load_average()
            samples, ratios = timed_rounds(clients, probes, args)
            load = {"before": load_before, "after": report.load_average()}
        queries = in_django(
            env, "count", "--plain-url", site["plain_url"], "--verify-url", site["verify_url"],
            "--revoked-url", site["revoked_url"],
        )  # fmt: skip
    rows = suite.probe_rows(probes, samples, queries["requests"], TARGETS)
    for key, row in rows.items():
        per_round = [ratio[key] for ratio in ratios]
        row["ratio"] = round(statistics.median(per_round), 3)
        row["ratio_thirds"] = per_round  # shown as the range: here, the rounds
    rates = [item["per_second"] for item in site["rounds"]]
    issued = site["rounds"][0]["issued"]
    issuing = ", ".join(
        f"{item['issued']} in {item['seconds']:.1f} s ({item['per_second']:.1f}/s)" for item in site["rounds"]
    )
    per_round = "; ".join(
        ", ".join(f"{key} {value:.3f}" for key, value in ratio.items() if key != "plain") for ratio in ratios
    )
    notes = [
        f"Issuing, one worker: {issuing}; median **{statistics.median(rates):.1f} credentials per second per "
        f"worker** ({issued} per round)",
        f"Verification page ratios per round: {per_round}",
        "The clients here are anonymous visitors (the verification page is public), not a signed-in learner",
    ]
    results = {
        **suite.results_base(SUITE, args, database.vendor, database.description),
        "rows": rows,
        "checks": suite.ratio_checks(rows),
        "issuing": site["rounds"],
        "issuing_median_per_second": round(statistics.median(rates), 2),
        "round_ratios": ratios,
        "notes": notes,
        "load_average": load,
    }
    return suite.finish(args, INTRO, results)
