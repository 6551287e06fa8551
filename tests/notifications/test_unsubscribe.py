"""Optional reminders can be switched off in one click (and back on); notices about required courses cannot."""

from datetime import date

import pytest
from django.utils import timezone

from learning.models import Enrolment
from notifications.delivery import messages_deliver
from notifications.models import Message, OptionalRemindersOff
from notifications.preferences import unsubscribe_token
from notifications.sweep import reminders_decide
from tests.mailserver import bodies
from tests.notifications.conftest import at


@pytest.fixture
def chosen_course(team_with_course, monkeypatch):
    """Asha's course is one she chose (no cohort requires it); Ben's is required by his cohort."""
    asha, _ben = team_with_course["reports"]
    Enrolment.objects.filter(staff=asha).update(source=Enrolment.Source.SELF)
    monkeypatch.setattr(timezone, "now", lambda: at(date(2027, 3, 1), 7))
    return team_with_course


def test_an_optional_reminder_carries_a_one_click_link_and_a_required_one_says_it_cannot(chosen_course, smtp_server):
    reminders_decide(today=date(2027, 3, 1), now=at(date(2027, 3, 1)))
    messages_deliver()
    (asha,) = smtp_server.to("asha@northbrook.example")
    (ben,) = smtp_server.to("ben@northbrook.example")
    link = "".join(asha["List-Unsubscribe"].split()).strip("<>")  # the header may be folded
    assert link.startswith("http://testserver/learning/notifications/unsubscribe/")
    assert asha["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in bodies(asha)[0]
    assert ben["List-Unsubscribe"] is None
    assert "cannot be switched off" in bodies(ben)[0]


def test_one_click_switches_optional_reminders_off_and_later_ones_are_not_sent(client, chosen_course, smtp_server):
    asha, ben = chosen_course["reports"]
    url = f"/learning/notifications/unsubscribe/{unsubscribe_token(asha.id)}/"
    assert "Switch off optional reminders" in client.get(url).content.decode()
    assert not OptionalRemindersOff.objects.exists()  # a GET (a mail scanner following links) changes nothing
    assert client.post(url).status_code == 200  # a mail program's one-click POST: no sign-in, no CSRF token
    assert OptionalRemindersOff.objects.filter(staff=asha).exists()
    reminders_decide(today=date(2027, 3, 1), now=at(date(2027, 3, 1)))
    assert not Message.objects.filter(recipient=asha).exists()
    assert Message.objects.filter(recipient=ben).exists()  # required: still told


def test_a_waiting_optional_message_is_withdrawn_when_switched_off(client, chosen_course, smtp_server):
    asha, _ben = chosen_course["reports"]
    reminders_decide(today=date(2027, 3, 1), now=at(date(2027, 3, 1)))
    client.post(f"/learning/notifications/unsubscribe/{unsubscribe_token(asha.id)}/")
    assert messages_deliver().cancelled == 1
    assert smtp_server.to("asha@northbrook.example") == []


def test_an_altered_link_changes_nothing(client, chosen_course):
    asha, _ben = chosen_course["reports"]
    token = unsubscribe_token(asha.id)
    response = client.post(f"/learning/notifications/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 404 and not OptionalRemindersOff.objects.exists()


def test_a_learner_turns_them_back_on_from_the_notifications_page(client, chosen_course):
    asha, _ben = chosen_course["reports"]
    OptionalRemindersOff.objects.create(staff=asha)
    client.force_login(asha.user)
    assert (
        'id="optional-off" name="optional" type="radio" value="off" checked'
        in client.get("/learning/notifications/").content.decode()
    )
    client.post("/learning/notifications/settings/", {"optional": "on"})
    assert not OptionalRemindersOff.objects.exists()
