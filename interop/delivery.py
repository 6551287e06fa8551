"""Send the xAPI outbox (writes): per endpoint, a batch of waiting statements is locked, POSTed and marked in one
transaction.

Several workers deliver at once: each claims rows nobody holds (``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite has one writer at a time), so no statement goes out from two workers. A worker killed before its
commit leaves its rows waiting; the next delivery sends them again with the same statement ids, and an LRS keeps
one statement per id (xAPI: a statement with an id it already holds, unchanged, is not stored twice).

An LRS that is down, too busy, or refusing our credentials (network errors, 5xx, 401, 403, 404, 408, 429) is a
temporary failure: the batch waits (``notifications.delivery.retry_at``: 1, 5, 15, 60, 240 minutes, then every
12 hours) and is never given up, so an outage loses nothing. An LRS that rejects the statements themselves (other
4xx) is a permanent failure: a batch is split and tried one by one, so only the statements refused are marked
failed, with the LRS's answer, for HR's screen.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from interop.models import LrsEndpoint, OutboxStatement
from interop.statements import XAPI_VERSION
from notifications.delivery import retry_at

BATCH_SIZE = 100
TIMEOUT_SECONDS = 20
TEMPORARY_STATUSES = {401, 403, 404, 408, 425, 429}


class TemporaryFailure(Exception):
    """The LRS could not take the statements now; try again later."""


class PermanentFailure(Exception):
    """The LRS refused the statements as they are."""


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    batches: int = 0


def statements_url(endpoint_url: str) -> str:
    """Return the Statements resource of an LRS whose xAPI address is ``endpoint_url``."""
    url = endpoint_url.rstrip("/")
    return url if url.endswith("/statements") else f"{url}/statements"


def lrs_post(endpoint: LrsEndpoint, statements: list[dict]) -> None:
    """POST statements to the endpoint; raise ``TemporaryFailure`` or ``PermanentFailure`` when it does not take
    them all."""
    token = base64.b64encode(f"{endpoint.key}:{endpoint.secret}".encode()).decode("ascii")
    request = urllib.request.Request(
        statements_url(endpoint.url),
        data=json.dumps(statements).encode(),
        method="POST",
        headers={
            "Authorization": f"Basic {token}",
            "Content-Type": "application/json",
            "X-Experience-API-Version": XAPI_VERSION,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - HR's https URL
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace")
        kind = TemporaryFailure if exc.code >= 500 or exc.code in TEMPORARY_STATUSES else PermanentFailure
        raise kind(f"HTTP {exc.code}: {detail}") from exc
    except (OSError, ValueError) as exc:  # refused, reset, timed out, a name that does not resolve
        raise TemporaryFailure(f"{type(exc).__name__}: {exc}") from exc


def _claim(endpoint_id: int, now: datetime, size: int) -> list[OutboxStatement]:
    return list(
        OutboxStatement.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(endpoint_id=endpoint_id, status=OutboxStatement.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .only("id", "payload", "attempts")[:size]
    )


def _mark_sent(ids: list[int], now: datetime) -> None:
    OutboxStatement.objects.filter(id__in=ids).update(
        status=OutboxStatement.Status.SENT,
        sent_at=now,
        last_attempt_at=now,
        attempts=F("attempts") + 1,
        last_error="",
    )


def _mark_failed(ids: list[int], now: datetime, error: str) -> None:
    OutboxStatement.objects.filter(id__in=ids).update(
        status=OutboxStatement.Status.FAILED, attempts=F("attempts") + 1, last_attempt_at=now, last_error=error[:500]
    )


def _mark_retrying(rows: list[OutboxStatement], now: datetime, error: str) -> None:
    by_attempts: dict[int, list[int]] = {}
    for row in rows:
        by_attempts.setdefault(row.attempts + 1, []).append(row.id)
    for attempts, ids in by_attempts.items():
        OutboxStatement.objects.filter(id__in=ids).update(
            attempts=attempts, next_attempt_at=retry_at(now, attempts), last_attempt_at=now, last_error=error[:500]
        )


def _send_batch(endpoint: LrsEndpoint, rows: list[OutboxStatement], now: datetime, result: DeliveryResult) -> bool:
    """Send one claimed batch and mark its rows; return False when the LRS is unreachable for now."""
    try:
        lrs_post(endpoint, [row.payload for row in rows])
    except TemporaryFailure as exc:
        _mark_retrying(rows, now, str(exc))
        result.retrying += len(rows)
        return False
    except PermanentFailure as exc:
        if len(rows) == 1:
            _mark_failed([rows[0].id], now, str(exc))
            result.failed += 1
            return True
        for row in rows:  # find the statements it refuses: one at a time
            if not _send_batch(endpoint, [row], now, result):
                return False
        return True
    _mark_sent([row.id for row in rows], now)
    result.sent += len(rows)
    return True


def statements_deliver(
    *, now: datetime | None = None, limit: int = 10_000, batch_size: int = BATCH_SIZE
) -> DeliveryResult:
    """Send up to ``limit`` waiting statements whose time has come, endpoint by endpoint, a batch per transaction."""
    result = DeliveryResult()
    moment = now or timezone.now()
    endpoint_ids = (
        OutboxStatement.objects.filter(
            status=OutboxStatement.Status.PENDING, next_attempt_at__lte=moment, endpoint__active=True
        )
        .values_list("endpoint_id", flat=True)
        .distinct()
    )
    endpoints = LrsEndpoint.objects.filter(id__in=list(endpoint_ids), active=True).order_by("id")
    handled = 0
    for endpoint in endpoints:
        while handled < limit:
            with transaction.atomic():
                rows = _claim(endpoint.id, moment, min(batch_size, limit - handled))
                if not rows:
                    break
                handled += len(rows)
                result.batches += 1
                reachable = _send_batch(endpoint, rows, now or timezone.now(), result)
            if not reachable:
                break  # this LRS is down: leave its other statements for the next run
    return result
