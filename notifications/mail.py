"""The words of a message (the editable ``MessageTemplate`` for its kind, else the built-in text) filled in with
the message's fixed context, and the email built from them."""

from __future__ import annotations

import copy
import hashlib
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils.html import escape, linebreaks, urlize

from notifications.models import Message, MessageTemplate
from notifications.preferences import unsubscribe_url

BUILT_IN = Path(__file__).parent / "templates" / "notifications" / "email"


@cache
def _built_in_subjects() -> dict[str, str]:
    lines = (BUILT_IN / "subjects.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


@cache
def built_in(kind: str) -> tuple[str, str]:
    """Return the built-in (subject, plain-text body) of a kind of message."""
    return _built_in_subjects()[kind], (BUILT_IN / f"{kind}.txt").read_text(encoding="utf-8")


def _context(message: Message) -> dict:
    base = settings.WAGTAILADMIN_BASE_URL
    context = copy.deepcopy(message.context)  # the stored context stays JSON
    for key in ("due_date", "day"):
        if isinstance(context.get(key), str):
            context[key] = date.fromisoformat(context[key])
    for row in context.get("overdue", []):
        row["due_date"] = date.fromisoformat(row["due_date"])
    context["my_learning_url"] = base + reverse("learning:my_learning")
    context["my_team_url"] = base + reverse("readiness:my_team")
    return context


@lru_cache(maxsize=256)
def _template(text: str) -> Template:
    """Compile a template once per text (the built-in words, or an editor's; an edit is a new text)."""
    return Template(text)


def _render(text: str, context: dict, *, autoescape: bool) -> str:
    return _template(text).render(Context(context, autoescape=autoescape))


OPTIONAL_FOOTER = "\n\nYou can switch off optional reminders like this one: {url}"
MANDATORY_FOOTER = "\n\nThis is about a course you are required to complete, so these reminders cannot be switched off."
DIGEST_KINDS = {Message.Kind.MANAGER_DIGEST, Message.Kind.HR_ESCALATION, Message.Kind.HR_DIGEST}


def _footer(message: Message) -> str:
    """What a learner is told about switching reminders off (nothing for managers' and HR's digests)."""
    if message.kind in DIGEST_KINDS:
        return ""
    if message.mandatory:
        return MANDATORY_FOOTER
    return OPTIONAL_FOOTER.format(url=unsubscribe_url(message.recipient_id))


def message_render(message: Message) -> tuple[str, str, str]:
    subject, text, html = _message_words(message)
    footer = _footer(message)
    if footer:
        text += footer
        html += linebreaks(urlize(escape(footer.strip())))
    return subject, text, html


def _message_words(message: Message) -> tuple[str, str, str]:
    """Return (subject, plain text, HTML) of a message. An editor's template that does not render falls back to
    the built-in words, so a typing mistake in the admin never stops a reminder."""
    context = _context(message)
    subject, text = built_in(message.kind)
    html = ""
    custom = MessageTemplate.objects.filter(kind=message.kind).first()
    if custom is not None:
        try:
            rendered = (
                _render(custom.subject, context, autoescape=False),
                _render(custom.text_body, context, autoescape=False),
                _render(custom.html_body, context, autoescape=True) if custom.html_body else "",
            )
        except (TemplateSyntaxError, ValueError, TypeError):
            rendered = None
        if rendered is not None:
            subject, text, html = rendered
            return " ".join(subject.split()), text, html or linebreaks(urlize(escape(text)))
    subject = _render(subject, context, autoescape=False)
    text = _render(text, context, autoescape=False)
    return " ".join(subject.split()), text, linebreaks(urlize(escape(text)))


def message_id(message: Message) -> str:
    """A Message-ID fixed by the message's key: a receiver that sees one message twice can tell."""
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:32]
    return f"<{digest}@upskill.messages>"


def email_build(message: Message, connection=None) -> EmailMultiAlternatives:
    subject, text, html = message_render(message)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[message.to_email],
        connection=connection,
        headers={"Message-ID": message_id(message), "X-Upskill-Message": message.key},
    )
    email.attach_alternative(html, "text/html")
    if not message.mandatory and message.kind not in DIGEST_KINDS:  # one-click unsubscribe (RFC 8058)
        email.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url(message.recipient_id)}>"
        email.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.upskill_message = message  # the GOV.UK Notify backend reads the kind and context from here
    return email
