"""A signed-in HTTP client for 127.0.0.1 and the timing loops: interleaved rounds and concurrent clients.

Uses ``requests`` (already installed as a dependency of Wagtail), never follows redirects, ignores proxy
settings from the environment, and refuses any host other than 127.0.0.1.
"""

from __future__ import annotations

import math
import re
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

from bench.database import BenchError

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ALLOWED_HOST = "127.0.0.1"


def csrf_token_in(html: str) -> str:
    """Return the CSRF form token in a page, as a browser would submit it."""
    match = CSRF_INPUT.search(html)
    if not match:
        raise BenchError("No csrfmiddlewaretoken in the page.")
    return match.group(1)


class BenchClient:
    """One browser-like client: a cookie jar, a CSRF form token, no redirects followed."""

    def __init__(self, base_url: str, *, timeout: float = 15):
        if urlsplit(base_url).hostname != ALLOWED_HOST:
            raise BenchError(f"Benchmarks only talk to {ALLOWED_HOST}, not {base_url}.")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies or netrc from the environment
        self.form_token = ""

    def request(self, method: str, path: str, data: dict | None = None, json_body: object = None) -> requests.Response:
        """Send one request; POSTs carry the CSRF form token last read from a page (in the form, or in the
        X-CSRFToken header for a JSON body, as a page's script sends it)."""
        if not path.startswith("/"):
            raise BenchError(f"Expected a path on the benchmark server, got {path!r}.")
        if json_body is not None:
            return self.session.request(
                method,
                self.base_url + path,
                json=json_body,
                headers={"X-CSRFToken": self.form_token},
                allow_redirects=False,
                timeout=self.timeout,
            )
        if method == "POST":
            data = {"csrfmiddlewaretoken": self.form_token, **(data or {})}
        return self.session.request(
            method, self.base_url + path, data=data, allow_redirects=False, timeout=self.timeout
        )

    def get_page(self, path: str) -> str:
        """GET a page that must answer 200, remember its CSRF form token if any, and return the HTML."""
        response = self.request("GET", path)
        if response.status_code != 200:
            raise BenchError(f"GET {path} answered {response.status_code}, expected 200.")
        match = CSRF_INPUT.search(response.text)
        if match:
            self.form_token = match.group(1)
        return response.text

    def sign_in(self, email: str, password: str, login_path: str = "/accounts/login/") -> None:
        """Sign in through the allauth form, as a person would."""
        self.get_page(login_path)
        response = self.request("POST", login_path, {"login": email, "password": password})
        if response.status_code != 302 or "sessionid" not in self.session.cookies:
            raise BenchError(f"Signing in as {email} failed: {response.status_code} {response.text[:300]}")


@dataclass(frozen=True)
class Probe:
    """One request to time, and what a correct answer looks like."""

    key: str
    label: str
    method: str
    path: str
    expect_status: int = 200
    expect_location: str | None = None  # for redirects: the path the Location header must end with
    expect_text: Sequence[str] = ()  # strings the body must contain (checked on warm-up requests)
    json_body: object = None  # a JSON body to send (with the CSRF token in a header) instead of a form

    def next_target(self) -> tuple[str, str | None]:
        """Return the path of the next request and the path its redirect must point to (None: not checked)."""
        return self.path, self.expect_location

    def check(
        self, response: requests.Response, *, full: bool = False, target: tuple[str, str | None] | None = None
    ) -> None:
        """Raise BenchError unless the response to ``target`` (default: this probe's path) is the one expected."""
        path, location = target or (self.path, self.expect_location)
        problem = None
        if response.status_code != self.expect_status:
            problem = f"status {response.status_code}, expected {self.expect_status}"
        elif location is not None and not response.headers.get("Location", "").endswith(location):
            problem = f"Location {response.headers.get('Location')!r}, expected {location!r}"
        elif full:
            missing = [text for text in self.expect_text if text not in response.text]
            if missing:
                problem = f"body lacks {missing!r}"
        if problem:
            raise BenchError(f"{self.method} {path}: {problem}.")


@dataclass(frozen=True)
class FreshTargetProbe(Probe):
    """A request that does its work only once per target (e.g. submitting an attempt), so each one needs a new target.

    Every request, timed or warm-up, takes the next ``(path, expected Location)`` from ``targets`` (safe
    across the threads of the concurrent phase); ``path`` is only the label, like ``/attempts/<id>/submit/``.
    """

    targets: deque = field(default_factory=deque, compare=False, repr=False)

    @classmethod
    def over(cls, targets: Iterable[tuple[str, str | None]], **fields) -> FreshTargetProbe:
        """Return a probe that sends one request to each of ``targets`` in turn."""
        return cls(targets=deque(targets), **fields)

    def next_target(self) -> tuple[str, str | None]:
        try:
            return self.targets.popleft()
        except IndexError:
            raise BenchError(f"{self.label}: no fresh targets left; prepare more.") from None


@dataclass
class Samples:
    """Latencies (ms) of one probe, and throughput figures from the concurrent phase."""

    latencies_ms: list[float] = field(default_factory=list)
    response_bytes: int = 0
    concurrent_rps: float | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies_ms, 95)

    @property
    def sequential_rps(self) -> float:
        """Requests per second for one client sending requests back to back (1 / mean latency)."""
        return len(self.latencies_ms) / (sum(self.latencies_ms) / 1000)


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def timed(client: BenchClient, probe: Probe, *, full_check: bool = False) -> tuple[float, requests.Response]:
    """Send one probe's request; return the wall-clock milliseconds to the full response, and the response."""
    target = probe.next_target()
    start = time.perf_counter()
    response = client.request(probe.method, target[0], json_body=probe.json_body)
    _ = response.content  # the body is read inside the timing
    elapsed_ms = (time.perf_counter() - start) * 1000
    probe.check(response, full=full_check, target=target)
    return elapsed_ms, response


def measure_interleaved(
    client: BenchClient, probes: Sequence[Probe], *, requests_each: int, warmup_each: int = 20
) -> dict[str, Samples]:
    """Warm up, then time ``requests_each`` requests per probe in rounds of one request each.

    Each round sends every probe once, starting from a different probe each time, so drift in the
    machine's speed (other load, CPU frequency, database growth) falls evenly on all of them.
    """
    for _ in range(warmup_each):
        for probe in probes:
            timed(client, probe, full_check=True)
    results = {probe.key: Samples() for probe in probes}
    for round_number in range(requests_each):
        offset = round_number % len(probes)
        for probe in [*probes[offset:], *probes[:offset]]:
            elapsed_ms, response = timed(client, probe)
            results[probe.key].latencies_ms.append(elapsed_ms)
            results[probe.key].response_bytes = wire_bytes(response)
    return results


def wire_bytes(response: requests.Response) -> int:
    """Return the size of the body as sent (compressed when the server compressed it), as a browser downloads it."""
    length = response.headers.get("Content-Length")
    return int(length) if length and length.isdigit() else len(response.content)


CONCURRENT_ROUNDS = 5


def concurrent_requests_per_client(requests_each: int, clients: int, rounds: int = CONCURRENT_ROUNDS) -> int:
    """Return how many requests each client sends per probe and round in ``measure_concurrent``."""
    return max(1, requests_each // (rounds * clients))


def requests_per_probe(requests_each: int, warmup_each: int, concurrency: int, rounds: int = CONCURRENT_ROUNDS) -> int:
    """Return how many requests ``measure`` sends per probe in all: warm-up, timed and concurrent."""
    total = warmup_each + requests_each
    if concurrency > 1:
        total += concurrent_requests_per_client(requests_each, concurrency, rounds) * concurrency * rounds
    return total


def measure_concurrent(
    clients: Sequence[BenchClient],
    probes: Sequence[Probe],
    results: dict[str, Samples],
    *,
    requests_each: int,
    rounds: int = CONCURRENT_ROUNDS,
) -> None:
    """Record throughput with ``len(clients)`` clients sending one probe at once, probes alternating by round."""
    per_client = concurrent_requests_per_client(requests_each, len(clients), rounds)
    totals = {probe.key: [0, 0.0] for probe in probes}  # requests, seconds
    for round_number in range(rounds):
        offset = round_number % len(probes)
        for probe in [*probes[offset:], *probes[:offset]]:
            seconds = _run_together(clients, lambda client, p=probe: timed(client, p), per_client)
            totals[probe.key][0] += per_client * len(clients)
            totals[probe.key][1] += seconds
    for key, (count, seconds) in totals.items():
        results[key].concurrent_rps = count / seconds


def signed_in_clients(base_url: str, count: int, *, email: str, password: str, token_page: str) -> list[BenchClient]:
    """Return ``count`` clients, each signed in as ``email`` in its own session, holding a CSRF form token."""
    clients = []
    for _ in range(count):
        client = BenchClient(base_url)
        client.sign_in(email, password)
        client.get_page(token_page)  # the CSRF form token a browser would post, taken from a page's form
        if not client.form_token:
            raise BenchError(f"{token_page} has no form with a CSRF token.")
        clients.append(client)
    return clients


def _run_together(clients: Sequence[BenchClient], send: Callable, count: int) -> float:
    """Have every client send ``count`` requests at the same time; return the wall-clock seconds."""
    barrier = threading.Barrier(len(clients) + 1)
    errors: list[BaseException] = []

    def work(client: BenchClient) -> None:
        barrier.wait()
        try:
            for _ in range(count):
                send(client)
        except (BenchError, requests.RequestException) as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(client,), daemon=True) for client in clients]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if errors:
        raise BenchError(f"Concurrent requests failed: {errors[0]}")
    return seconds
