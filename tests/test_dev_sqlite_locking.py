"""The demo's SQLite database lets overlapping writers wait for each other instead of failing (config/settings/dev.py).

Two processes each open a transaction that reads and then writes, as Wagtail's autosave and preview do when they
overlap. Under SQLite's default (deferred) transactions the second writer fails at once with "database is
locked"; with the dev settings' IMMEDIATE transactions it waits and both writes land.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.servers import REPO_ROOT

WRITER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from django.db import connection, transaction
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM t")
            time.sleep(float(sys.argv[1]))
            cursor.execute("INSERT INTO t (v) VALUES (%s)", [sys.argv[2]])
    print("saved")
    """
)


def _env(path, settings):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return {**env, "DJANGO_SETTINGS_MODULE": settings, "DATABASE_URL": f"sqlite:///{path}"}


def _overlapping_writers(path, settings) -> list[subprocess.CompletedProcess]:
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE IF NOT EXISTS t (v TEXT)")
    env = _env(path, settings)
    first = subprocess.Popen([sys.executable, "-c", WRITER, "1.5", "first"], cwd=REPO_ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    second = subprocess.Popen([sys.executable, "-c", WRITER, "0", "second"], cwd=REPO_ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    done = []
    for process in (first, second):
        out, err = process.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def test_overlapping_writers_wait_for_each_other_under_the_dev_settings(tmp_path):
    results = _overlapping_writers(tmp_path / "demo.sqlite3", "config.settings.dev")
    assert [r.returncode for r in results] == [0, 0], [r.stderr[-500:] for r in results]
    import sqlite3

    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        assert sorted(v for (v,) in db.execute("SELECT v FROM t")) == ["first", "second"]
