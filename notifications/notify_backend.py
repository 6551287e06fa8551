"""An email backend that sends through GOV.UK Notify (``EMAIL_BACKEND = "notifications.notify_backend.
NotifyEmailBackend"``), for public bodies that use it.

Notify sends from templates kept in Notify itself, filled in with "personalisation" fields. Each kind of
message has its own Notify template (the "GOV.UK Notify template ID" of its message words in the admin);
any other email (account confirmation, password reset) uses ``UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID``. Every
template is given ``subject`` and ``body`` (our words, filled in), plus the message's own fields
(``first_name``, ``course_title``, ``due_date`` and so on) for templates that lay themselves out. The
message's key is sent as Notify's ``reference``. The official client (``notifications-python-client``) is
imported only when a message is sent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

from notifications.failures import PermanentFailure, TemporaryFailure
from notifications.models import MessageTemplate

NO_TEMPLATE = "No GOV.UK Notify template is set for “{kind}”: add its template ID to the message words in the admin."
NO_GENERIC_TEMPLATE = "UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID is not set, so account emails cannot go through Notify."


def _personalisation(email) -> dict:
    fields = {"subject": email.subject, "body": email.body}
    message = getattr(email, "upskill_message", None)
    if message is not None:
        for key, value in message.context.items():
            if isinstance(value, (str, int, float)):
                fields.setdefault(key, value)
            elif isinstance(value, list):  # a digest's rows, one line each
                fields.setdefault(key, [", ".join(str(v) for v in row.values()) for row in value])
    return fields


def _unsubscribe(email) -> str | None:
    """The one-click unsubscribe link of an optional message (from its List-Unsubscribe header), else None."""
    header = email.extra_headers.get("List-Unsubscribe", "")
    return header.strip("<>") or None


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key = settings.UPSKILL_NOTIFY_API_KEY
        self.base_url = settings.UPSKILL_NOTIFY_BASE_URL
        if not self.api_key:
            raise ImproperlyConfigured("UPSKILL_NOTIFY_API_KEY must be set to send email through GOV.UK Notify.")
        self.client = None

    def open(self):
        if self.client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            self.client = NotificationsAPIClient(self.api_key, base_url=self.base_url, timeout=settings.EMAIL_TIMEOUT)
        return True

    def close(self):
        self.client = None

    def _template_id(self, email) -> str:
        message = getattr(email, "upskill_message", None)
        if message is None:
            if not settings.UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID:
                raise PermanentFailure(NO_GENERIC_TEMPLATE)
            return settings.UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID
        template_id = (
            MessageTemplate.objects.filter(kind=message.kind).values_list("notify_template_id", flat=True).first()
        )
        if not template_id:
            raise PermanentFailure(NO_TEMPLATE.format(kind=message.get_kind_display()))
        return template_id

    def send_messages(self, email_messages) -> int:
        from notifications_python_client.errors import APIError
        from requests import RequestException

        self.open()
        sent = 0
        for email in email_messages:
            message = getattr(email, "upskill_message", None)
            try:
                for address in email.recipients():
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=self._template_id(email),
                        personalisation=_personalisation(email),
                        reference=message.key if message is not None else None,
                        one_click_unsubscribe_url=_unsubscribe(email),
                    )
            except APIError as exc:
                if self.fail_silently:
                    continue
                failure = TemporaryFailure if exc.status_code == 429 or exc.status_code >= 500 else PermanentFailure
                raise failure(f"GOV.UK Notify answered {exc.status_code}: {exc.message}") from exc
            except RequestException as exc:
                if self.fail_silently:
                    continue
                raise TemporaryFailure(f"GOV.UK Notify could not be reached: {exc}") from exc
            except PermanentFailure:
                if self.fail_silently:
                    continue
                raise
            sent += 1
        return sent
