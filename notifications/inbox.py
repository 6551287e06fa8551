"""A person's notifications on the site: the messages decided for them (reminders, digests, nudges), newest
first, with how many they have not seen. Reads, apart from ``notifications_mark_read``."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from notifications.models import Message

UNREAD_CACHE_SECONDS = 60
SHOWN = 50

TITLES = {
    Message.Kind.ASSIGNED: "New course to complete",
    Message.Kind.REMINDER: "Coming up",
    Message.Kind.DUE_TODAY: "Due today",
    Message.Kind.OVERDUE: "Overdue",
    Message.Kind.OVERDUE_HR: "Still overdue",
    Message.Kind.MANAGER_DIGEST: "Overdue in your team",
    Message.Kind.HR_ESCALATION: "Long overdue in your organisation",
    Message.Kind.HR_DIGEST: "Weekly cohort summary",
    Message.Kind.NUDGE: "Reminder",
}


def _mine(user):
    return Message.objects.filter(recipient__user=user).exclude(status=Message.Status.CANCELLED)


def _key(user) -> str:
    return f"notifications:unread:{user.pk}"


def unread_count(user) -> int:
    """Return how many of the user's notifications are unseen, cached briefly so most pages pay no query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    count = cache.get(_key(user))
    if count is None:
        count = _mine(user).filter(read_at__isnull=True).count()
        cache.set(_key(user), count, UNREAD_CACHE_SECONDS)
    return count


def notification_list(user) -> list[dict]:
    """Return the user's latest notifications as rows for the page."""
    rows = []
    for message in _mine(user).order_by("-created_at", "-id")[:SHOWN]:
        context = message.context
        rows.append(
            {
                "title": TITLES.get(message.kind, "Message"),
                "kind": message.kind,
                "course_title": context.get("course_title", ""),
                "due_date": context.get("due_date"),
                "overdue": context.get("overdue", []),
                "created_at": message.created_at,
                "unread": message.read_at is None,
            }
        )
    return rows


def notifications_mark_read(user) -> int:
    """Mark every notification of the user as seen (writes); return how many were unseen."""
    marked = _mine(user).filter(read_at__isnull=True).update(read_at=timezone.now())
    cache.delete(_key(user))
    return marked
