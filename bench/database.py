"""Throwaway databases and the environment that points the project's production settings at them."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
BENCH_REDIS_URL = os.environ.get("UPSKILL_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")  # a database of its own


class BenchError(RuntimeError):
    """A benchmark could not run or produced a wrong answer."""


@dataclass(frozen=True)
class BenchDatabase:
    """A database created for one run and dropped afterwards."""

    url: str
    vendor: str  # "sqlite" or "postgresql"
    description: str  # e.g. "SQLite 3.45.1, file in a temp dir"


@contextmanager
def throwaway_database(url: str | None = None) -> Iterator[BenchDatabase]:
    """Create an empty database (a temp SQLite file, or the PostgreSQL database in ``url``) and drop it after."""
    if not url:
        yield from _sqlite_database()
    elif urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}:
        yield from _postgres_database(url)
    else:
        raise BenchError("--database-url takes a PostgreSQL URL; leave it out for a throwaway SQLite file.")


@contextmanager
def seeded_database(url: str) -> Iterator[BenchDatabase]:
    """Use a database seeded earlier as it is (PostgreSQL), or a copy of it in a temp dir (SQLite); never drop it."""
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        if (parts.hostname or "") not in LOOPBACK_HOSTS:
            raise BenchError(f"Refusing a database on {parts.hostname!r}: benchmarks use 127.0.0.1 only.")
        yield BenchDatabase(url=url, vendor="postgresql", description=f"PostgreSQL, seeded earlier ({url})")
        return
    if parts.scheme != "sqlite":
        raise BenchError("--seeded-database-url takes a PostgreSQL or a sqlite:/// URL.")
    source = Path(unquote(parts.path))
    if not source.is_file():
        raise BenchError(f"No SQLite database at {source}.")
    directory = tempfile.mkdtemp(prefix="upskill-bench-")
    try:
        target = Path(directory) / "bench.sqlite3"
        shutil.copyfile(source, target)
        yield BenchDatabase(
            url=f"sqlite:///{target}",
            vendor="sqlite",
            description=f"SQLite {sqlite3.sqlite_version}, a copy of {source.name} seeded earlier, in a temp dir",
        )
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _sqlite_database() -> Iterator[BenchDatabase]:
    directory = tempfile.mkdtemp(prefix="upskill-bench-")
    try:
        yield BenchDatabase(
            url=f"sqlite:///{directory}/bench.sqlite3",
            vendor="sqlite",
            description=f"SQLite {sqlite3.sqlite_version}, file in a temp dir",
        )
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _postgres_database(url: str) -> Iterator[BenchDatabase]:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if (parts.hostname or "") not in LOOPBACK_HOSTS:
        raise BenchError(f"Refusing to drop a database on {parts.hostname!r}: benchmarks use 127.0.0.1 only.")
    if "bench" not in name:
        raise BenchError(f"Refusing to drop database {name!r}: a benchmark database name must contain 'bench'.")
    admin = {
        "host": parts.hostname,
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "password": unquote(parts.password or "") or None,
        "dbname": "postgres",
        "autocommit": True,
        "connect_timeout": 10,
    }

    def recreate(create: bool) -> str:
        with psycopg.connect(**admin) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            if create:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return conn.execute("SHOW server_version").fetchone()[0]

    version = recreate(create=True)
    try:
        yield BenchDatabase(
            url=url,
            vendor="postgresql",
            description=f"PostgreSQL {version.split()[0]} on {parts.hostname}:{admin['port']}",
        )
    finally:
        recreate(create=False)


def django_env(database_url: str, **extra: str) -> dict[str, str]:
    """Return the environment for production settings on loopback HTTP (no SSL redirect, no secure cookies)."""
    env = os.environ.copy()
    env.pop("DJANGO_DEBUG", None)  # DEBUG off, whatever the shell says
    env.update(
        REDIS_URL=BENCH_REDIS_URL,  # production needs a shared cache; the workers share this one
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=f"bench-{secrets.token_urlsafe(48)}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver,scorm.localhost",
        UPSKILL_CREDENTIALS_KEY=f"bench-{secrets.token_urlsafe(32)}",
        UPSKILL_SCORM_CONTENT_HOST="scorm.localhost",  # production needs one of its own, apart from the site's
        DATABASE_URL=database_url,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        EMAIL_HOST="127.0.0.1",  # production needs a mail server; nothing listens there, so a notice is only logged
        DEFAULT_FROM_EMAIL="bench@localhost",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def run_python(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Run the venv's Python in the project root (``manage.py ...`` or ``-m module``) and return its stdout."""
    command = [sys.executable, *args]
    try:
        done = subprocess.run(
            command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"Timed out after {timeout:.0f} s: {' '.join(args)}") from exc
    if done.returncode != 0:
        raise BenchError(f"Failed ({done.returncode}): {' '.join(args)}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def run_in_django(env: dict[str, str], module: str, action: str, *options: str, timeout: float = 300) -> dict:
    """Run ``python -m module ACTION OUT.json *options`` (see bench.inprocess) and return the JSON it wrote."""
    with tempfile.TemporaryDirectory(prefix="upskill-bench-") as directory:
        out = Path(directory) / "out.json"
        run_python(env, "-m", module, action, str(out), *options, timeout=timeout)
        return json.loads(out.read_text())


def redis_flush(url: str = BENCH_REDIS_URL) -> None:
    """Empty the benchmark's Redis database, so no run starts with another's cached figures or counters."""
    import redis

    redis.Redis.from_url(url).flushdb()


def prepare_site(env: dict[str, str], *, seed: bool = True) -> None:
    """Migrate the empty database, load the demo content and collect static files for whitenoise's manifest.

    STATIC_ROOT is not configurable from the environment, so files go to BASE_DIR/staticfiles (git-ignored).
    """
    redis_flush(env.get("REDIS_URL", BENCH_REDIS_URL))
    run_python(env, "manage.py", "migrate", "--noinput", timeout=600)
    if seed:
        run_python(env, "manage.py", "seed_demo", timeout=600)
    run_python(env, "manage.py", "collectstatic", "--noinput", timeout=300)


@contextmanager
def demo_database(suite: str, url: str | None = None) -> Iterator[tuple[BenchDatabase, dict[str, str]]]:
    """Yield a throwaway database (``throwaway_database``) migrated and holding the demo, with static files
    collected, and the production environment that points at it; drop it afterwards."""
    with throwaway_database(url) as database:
        print(f"[{suite}] database: {database.description}")
        env = django_env(database.url)
        print(f"[{suite}] migrate, seed_demo, collectstatic ...")
        prepare_site(env)
        yield database, env
