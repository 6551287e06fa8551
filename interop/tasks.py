"""Background tasks of the xAPI outbox, on the product's ``background`` database queue (``notifications.tasks``).
``notifications.schedule.JOBS`` runs ``statements_deliver`` every minute."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from notifications.tasks import BACKEND


@task(backend=BACKEND)
def statements_deliver() -> dict:
    """Send every waiting xAPI statement whose time has come, to each organisation's LRS (retries included)."""
    from interop.delivery import statements_deliver as deliver

    return asdict(deliver())
