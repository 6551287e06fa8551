"""The background task that issues awards (on the ``background`` queue of ``notifications.tasks``)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from notifications.tasks import BACKEND


@task(backend=BACKEND)
def awards_issue() -> dict:
    """Issue every award whose evidence has arrived (course completions, skill results, programmes)."""
    from credentials.issuing import awards_issue_due

    return asdict(awards_issue_due())
