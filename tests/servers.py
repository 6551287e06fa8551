"""Run the site in other processes for tests that need more than one worker: gunicorn on a loopback port.

The other processes must see the test's data, so the test database is handed over: on PostgreSQL the test
database itself (use ``transactional_db`` so rows are committed), on SQLite a copy of the in-memory test
database written to a file with SQLite's backup API once the test has set up its rows.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from django.db import connection

from tests.process_settings import TEST_REDIS_URL

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    """Return a loopback TCP port that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url_for_other_processes(directory: Path) -> str:
    """Return a DATABASE_URL under which another process sees this test's committed rows."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, host, port = settings["USER"], settings["HOST"] or HOST, settings["PORT"] or 5432
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
    import sqlite3

    path = directory / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{path}"


def process_env(database_url: str, **extra: str) -> dict[str, str]:
    """Return the environment for a server process on the test settings, with the given database and cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="tests.process_settings", DATABASE_URL=database_url, PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


@contextmanager
def background_server(command: list[str], *, ready_url: str, log: Path, what: str, **popen) -> Iterator[None]:
    """Run ``command`` until the block ends, once ``ready_url`` answers; its output goes to ``log``.

    Raises RuntimeError, with the end of the log, if it stops or does not answer within a minute.
    """
    with log.open("ab") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, **popen)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{what} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                requests.get(ready_url, timeout=30)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{what} did not answer:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1, log: Path) -> Iterator[str]:
    """Serve config.wsgi with gunicorn until the block ends; yield its base URL. Its stderr goes to ``log``."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-w", str(workers)]
    command += ["-b", f"{HOST}:{port}", "--timeout", "120", "--error-logfile", "-", "--log-level", "warning"]
    base_url = f"http://{HOST}:{port}"
    with background_server(command, ready_url=base_url + "/accounts/login/", log=log, what="gunicorn",
                           cwd=REPO_ROOT, env=env):  # fmt: skip
        yield base_url


def browser_session() -> requests.Session:
    """Return a requests session that ignores proxies from the environment and never follows redirects."""
    session = requests.Session()
    session.trust_env = False
    return session


def csrf_token(html: str) -> str:
    """Return the CSRF form token of a page."""
    match = CSRF_INPUT.search(html)
    assert match, "the page has no CSRF form token"
    return match.group(1)


def flush_test_redis() -> None:
    """Empty the Redis database that test server processes share."""
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
