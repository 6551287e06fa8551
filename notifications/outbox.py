"""Adding messages to the outbox: the one way messages are inserted, so "each message once" rests on the
database's unique key and nowhere on a check in Python."""

from __future__ import annotations

from collections.abc import Sequence

from notifications.models import Message

BATCH = 2000


def messages_add(messages: Sequence[Message], **counted) -> int:
    """Insert ``messages``, skipping each whose key the outbox already holds, and return how many were new.

    ``counted`` narrows the rows counted before and after the insert (``kind=...``); call it inside the
    caller's transaction so the count sees only this insert.
    """
    before = Message.objects.filter(**counted).count()
    Message.objects.bulk_create(messages, batch_size=BATCH, ignore_conflicts=True)
    return Message.objects.filter(**counted).count() - before
