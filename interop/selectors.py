"""Reads: the outbox state of each LRS endpoint, in one query however many statements there are."""

from __future__ import annotations

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery

from interop.models import LrsEndpoint, OutboxStatement

PENDING, SENT, FAILED = (OutboxStatement.Status.PENDING, OutboxStatement.Status.SENT, OutboxStatement.Status.FAILED)


def endpoint_list_with_outbox_state(endpoints: QuerySet[LrsEndpoint] | None = None) -> QuerySet[LrsEndpoint]:
    """Return the endpoints, each with ``pending``, ``sent`` and ``failed`` counts, ``oldest_waiting`` (when the
    longest-waiting statement was written) and ``last_error`` (the LRS's latest complaint, empty if none)."""
    endpoints = LrsEndpoint.objects.all() if endpoints is None else endpoints
    latest_error = (
        OutboxStatement.objects.filter(endpoint_id=OuterRef("pk"))
        .exclude(last_error="")
        .order_by("-last_attempt_at", "-id")
        .values("last_error")[:1]
    )
    return endpoints.annotate(
        pending=Count("statements", filter=Q(statements__status=PENDING)),
        sent=Count("statements", filter=Q(statements__status=SENT)),
        failed=Count("statements", filter=Q(statements__status=FAILED)),
        oldest_waiting=Min("statements__created_at", filter=Q(statements__status=PENDING)),
        last_error=Subquery(latest_error),
    )
