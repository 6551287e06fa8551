"""Run a report's independent read-only statements side by side, each on its own database connection.

A report needs the readiness counts and the course completion counts: two statements over the same members that
do not depend on each other. One after the other they cost the sum; side by side they cost about the longer, since
the database does the work and Python's sqlite3 and psycopg let other threads run while it does.

Another connection sees only committed rows, so statements run apart only outside a transaction (a request, a
command), never inside one (tests wrap each case in a transaction; a view run inside ``atomic`` would see its own
writes) and never on an in-memory SQLite database. Each helper thread opens its own connection and closes it when
its statement is done, so nothing is left open between requests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, connections

SETTING = "UPSKILL_PARALLEL_REPORT_QUERIES"


def can_run_apart() -> bool:
    """Return whether a second connection would see exactly what this one sees, and the setting allows it."""
    if not getattr(settings, SETTING, True):
        return False
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def _on_own_connection(call: Callable[[], Any], out: dict) -> None:
    try:
        out["value"] = call()
    except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread and raised there
        out["error"] = exc
    finally:
        connections.close_all()  # this thread's connections only


def together(first: Callable[[], Any], *others: Callable[[], Any]) -> list[Any]:
    """Return ``[first(), *(other() for other in others)]``.

    When ``can_run_apart()``, each of ``others`` runs on a helper thread with its own connection while ``first``
    runs here; otherwise they run one after the other on this connection. Either way every call has finished
    before this returns, and the first error raised (``first``'s, then the others' in order) is raised here.
    """
    if not others or not can_run_apart():
        return [first(), *(call() for call in others)]
    outcomes = [{} for _ in others]
    threads = [
        threading.Thread(target=_on_own_connection, args=(call, out), name="report-query", daemon=True)
        for call, out in zip(others, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    try:
        result = first()
    finally:
        for thread in threads:
            thread.join()
    for out in outcomes:
        if "error" in out:
            raise out["error"]
    return [result, *(out["value"] for out in outcomes)]
