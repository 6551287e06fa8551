"""The demo's fortnight of messages: every reminder step and the digests appear, and a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from notifications import steps
from notifications.demo import DAYS
from notifications.models import Message


@pytest.mark.django_db
def test_the_demo_shows_a_fortnight_with_every_step_and_digest():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_messages", stdout=StringIO())
    sent = Message.objects.filter(status=Message.Status.SENT)
    assert set(sent.exclude(step="").values_list("step", flat=True)) == {
        steps.ASSIGNED, steps.BEFORE_FIRST, steps.BEFORE_SECOND, steps.DUE_TODAY, steps.OVERDUE_MANAGER,
        steps.OVERDUE_HR,
    }  # fmt: skip
    kinds = set(sent.values_list("kind", flat=True))
    assert {Message.Kind.MANAGER_DIGEST, Message.Kind.HR_ESCALATION, Message.Kind.HR_DIGEST} <= kinds
    days = {message.sent_at.date() for message in sent}
    assert len(days) == DAYS  # something went out on each day of the fortnight
    assert all(message.subject and message.body for message in sent)
    count = Message.objects.count()
    call_command("seed_demo_messages", stdout=StringIO())
    assert Message.objects.count() == count
