"""Messages through GOV.UK Notify's API (a local fake that checks every request against Notify's documented
shapes): one template per kind, personalisation fields, the key as reference, failures sorted as they should be."""

from datetime import date

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from notifications.delivery import messages_deliver
from notifications.models import Message, MessageTemplate
from notifications.sweep import reminders_decide
from tests.notifications.conftest import at
from tests.notify_fake import API_KEY, FakeNotify

ASSIGNED_TEMPLATE = "0e3c1a52-5b7d-4c9e-8f1a-2b3c4d5e6f70"
GENERIC_TEMPLATE = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"


@pytest.fixture
def notify(settings):
    templates = {
        ASSIGNED_TEMPLATE: "Hello ((first_name)), please complete ((course_title)) by ((due_date)). ((body))",
        GENERIC_TEMPLATE: "((subject)) ((body))",
    }
    with FakeNotify(templates) as fake:
        settings.EMAIL_BACKEND = "notifications.notify_backend.NotifyEmailBackend"
        settings.UPSKILL_NOTIFY_API_KEY = API_KEY
        settings.UPSKILL_NOTIFY_BASE_URL = fake.url
        settings.UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID = GENERIC_TEMPLATE
        yield fake


@pytest.fixture
def decided(team_with_course, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(date(2027, 3, 1), 7))
    reminders_decide(today=date(2027, 3, 1), now=at(date(2027, 3, 1)))
    return team_with_course


def test_each_kind_goes_through_its_own_notify_template_with_its_fields(notify, decided):
    MessageTemplate.objects.create(
        kind=Message.Kind.ASSIGNED, subject="New course", text_body="Start now.", notify_template_id=ASSIGNED_TEMPLATE
    )
    assert messages_deliver().sent == 2
    assert notify.refused == []
    request = next(r for r in notify.sent if r["email_address"] == "asha@northbrook.example")
    assert request["template_id"] == ASSIGNED_TEMPLATE
    assert request["reference"] == Message.objects.get(to_email="asha@northbrook.example").key
    fields = request["personalisation"]
    assert (fields["first_name"], fields["course_title"], fields["due_date"]) == (
        "Asha", decided["course"].title, "2027-03-31"
    )  # fmt: skip
    assert fields["subject"] == "New course" and fields["body"].startswith("Start now.")


def test_a_kind_without_a_notify_template_fails_permanently_with_a_reason(notify, decided):
    result = messages_deliver()
    assert result.failed == 2 and notify.sent == []
    message = Message.objects.first()
    assert message.status == Message.Status.FAILED and "No GOV.UK Notify template" in message.last_error


@pytest.mark.parametrize(("status", "retried"), [(429, True), (500, True), (400, False), (403, False)])
def test_notify_errors_are_retried_or_listed_as_notify_documents_them(notify, decided, status, retried):
    MessageTemplate.objects.create(
        kind=Message.Kind.ASSIGNED, subject="s", text_body="b", notify_template_id=ASSIGNED_TEMPLATE
    )
    notify.fail_next = [status, status]
    result = messages_deliver()
    assert (result.retrying, result.failed) == ((2, 0) if retried else (0, 2))
    assert all(str(status) in m.last_error for m in Message.objects.all())


def test_account_emails_go_through_the_generic_template(notify, db):
    django_mail.send_mail("Confirm your email address", "Follow this link.", None, ["new.starter@northbrook.example"])
    assert notify.sent == [
        {
            "email_address": "new.starter@northbrook.example",
            "template_id": GENERIC_TEMPLATE,
            "personalisation": {"subject": "Confirm your email address", "body": "Follow this link."},
        }
    ]


def test_the_fake_refuses_what_notify_would(notify):
    """The checks stand: a wrong key and a missing field are refused as Notify documents."""
    from notifications_python_client.errors import HTTPError
    from notifications_python_client.notifications import NotificationsAPIClient

    wrong_key = API_KEY[:-4] + "0000"
    with pytest.raises(HTTPError) as refused:
        NotificationsAPIClient(wrong_key, base_url=notify.url).send_email_notification("a@b.example", GENERIC_TEMPLATE)
    assert refused.value.status_code == 403
    with pytest.raises(HTTPError) as missing:
        NotificationsAPIClient(API_KEY, base_url=notify.url).send_email_notification(
            "a@b.example", GENERIC_TEMPLATE, personalisation={"subject": "only"}
        )
    assert missing.value.status_code == 400 and "body" in str(missing.value.message)
