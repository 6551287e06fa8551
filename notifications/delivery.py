"""Send the outbox (writes): each waiting message is locked, checked, sent and marked in one transaction.

Several workers deliver at once: each takes the next message nobody holds (``SELECT ... FOR UPDATE SKIP
LOCKED`` on PostgreSQL; SQLite runs one writer at a time), so no message is sent by two workers. A worker killed
before it marks a message leaves it waiting, and the next delivery sends it. The one gap left is a kill after
the mail server accepted the message and before the database committed the mark: that message goes twice. Its
Message-ID is fixed by its key (``notifications.mail.message_id``), so a receiver can tell.

Temporary failures (the mail server down, too busy, a 4xx answer) are retried with back-off; permanent ones (an
address refused, a 5xx answer) are marked failed at once and listed for HR.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from learning.staffing import has_left_by
from notifications.failures import PermanentFailure, TemporaryFailure
from notifications.mail import email_build
from notifications.models import Message
from notifications.preferences import optional_reminders_off

BACKOFF_MINUTES = (1, 5, 15, 60, 240, 720)


def retry_at(now: datetime, attempts: int) -> datetime:
    """Return when to try again after the ``attempts``-th failed try (1, 5, 15, 60, 240, then every 720 minutes).

    The one back-off of the product's outboxes: messages here, xAPI statements in ``interop.delivery``.
    """
    return now + timedelta(minutes=BACKOFF_MINUTES[min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1])


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0


def _classify(exc: Exception) -> type[Exception]:
    if isinstance(exc, (PermanentFailure, TemporaryFailure)):
        return type(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return TemporaryFailure if codes and all(400 <= code < 500 for code in codes) else PermanentFailure
    if isinstance(exc, smtplib.SMTPResponseException):
        return TemporaryFailure if 400 <= exc.smtp_code < 500 else PermanentFailure
    return TemporaryFailure  # disconnected, refused connection, a timeout, or a fault of ours: tried again


def _still_applies(message: Message, today) -> bool:
    """A reminder stops when its course is completed or its learner has left (it was decided earlier)."""
    recipient = message.recipient
    if recipient.anonymised_at or has_left_by(recipient.leave_date, today) or not recipient.email:
        return False
    if not message.mandatory and optional_reminders_off([recipient.pk]):
        return False
    if message.enrolment_id is None:
        return True
    enrolment = message.enrolment
    return enrolment.completed_at is None if enrolment is not None else False


def _next(now):
    return (
        Message.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient", "enrolment")
        .filter(status=Message.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .first()
    )


def messages_deliver(*, limit: int = 1000) -> DeliveryResult:
    """Send up to ``limit`` waiting messages whose time has come, one transaction each."""
    result = DeliveryResult()
    connection = get_connection()
    max_attempts = settings.UPSKILL_MESSAGE_MAX_ATTEMPTS
    try:
        connection.open()  # opened here, it stays open from one message to the next (closed after a failure)
    except Exception:  # noqa: BLE001 - a mail server that is down now: each message records the failure below
        connection.close()
    try:
        for _ in range(limit):
            now = timezone.now()
            with transaction.atomic():
                message = _next(now)
                if message is None:
                    break
                if not _still_applies(message, timezone.localdate(now)):
                    message.status = Message.Status.CANCELLED
                    message.save(update_fields=["status"])
                    result.cancelled += 1
                    continue
                message.attempts += 1
                try:
                    email = email_build(message, connection=connection)
                    email.send()
                except Exception as exc:  # noqa: BLE001 - every failure is recorded on the message, none is lost
                    connection.close()  # a broken connection is opened again for the next message
                    try:
                        connection.open()
                    except Exception:  # noqa: BLE001 - still down: the next message records it too
                        connection.close()
                    kind = _classify(exc)
                    message.last_error = f"{type(exc).__name__}: {exc}"[:500]
                    if kind is TemporaryFailure and message.attempts < max_attempts:
                        message.next_attempt_at = retry_at(now, message.attempts)
                        result.retrying += 1
                    else:
                        message.status = Message.Status.FAILED
                        result.failed += 1
                else:
                    message.status = Message.Status.SENT
                    message.sent_at = timezone.now()
                    message.subject, message.body = email.subject, email.body
                    message.last_error = ""
                    result.sent += 1
                message.save(
                    update_fields=["status", "attempts", "next_attempt_at", "last_error", "sent_at", "subject", "body"]
                )
    finally:
        connection.close()
    return result
