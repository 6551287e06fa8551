"""A real SMTP server on loopback (aiosmtpd) that collects what it is sent, and Django pointed at it."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.servers import free_port  # noqa: F401  (also imported from here by the email tests)

FROM_ADDRESS = "Upskill <learning@northbrook.example>"


class Collector:
    """An aiosmtpd handler that keeps each message it accepts, parsed, with its envelope recipients."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        """Return the messages whose envelope went to the address."""
        return [message for message in self.messages if address in message["X-Envelope-To"].split(", ")]


@pytest.fixture
def smtp_server(settings):
    """Start an SMTP server on 127.0.0.1 and send Django's email to it over SMTP; yield its Collector."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = FROM_ADDRESS
    try:
        yield collector
    finally:
        controller.stop()


def bodies(message: EmailMessage) -> tuple[str, str]:
    """Return the plain-text and HTML bodies of a message."""
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
