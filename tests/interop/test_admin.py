"""The "Learning Record Stores" screen: HR see and manage their own organisation's endpoints with the state of
each outbox (waiting, sent, failed, oldest waiting, last error); secrets are never shown back; bad input changes
nothing."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from interop.admin_views import ERROR_SECRET_REQUIRED
from interop.models import LrsEndpoint, OutboxStatement
from interop.selectors import endpoint_list_with_outbox_state
from tests.factories import OrganisationFactory, StaffMemberFactory
from tests.factories.learning import mfa_activate

URL = "/admin/learning-record-stores/"


@pytest.fixture
def two_orgs(db):
    home, other = OrganisationFactory(name="Northbrook"), OrganisationFactory(name="Riverside")
    hr = StaffMemberFactory(organisation=home)
    hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(hr.user)
    endpoints = {
        org: LrsEndpoint.objects.create(
            organisation=org,
            name=f"{org.name} store",
            url=f"https://lrs.{org.slug}.example/xapi/",
            key="key",
            secret=f"secret-of-{org.slug}",
        )  # fmt: skip
        for org in (home, other)
    }
    return {"home": home, "other": other, "hr": hr.user, "endpoints": endpoints}


def outbox_rows(endpoint, now):
    """Two waiting (one since three hours ago, with an error), three sent, one failed."""
    import uuid

    specs = [
        ("pending", timedelta(hours=3), "HTTP 503: busy"),
        ("pending", timedelta(minutes=5), ""),
        *[("sent", timedelta(minutes=1), "")] * 3,
        ("failed", timedelta(hours=1), "HTTP 400: bad statement"),
    ]
    for index, (status, age, error) in enumerate(specs):
        OutboxStatement.objects.create(
            endpoint=endpoint, statement_id=uuid.uuid4(), verb="completed", payload={}, status=status,
            created_at=now - age, last_error=error, last_attempt_at=now - timedelta(minutes=index) if error else None,
        )  # fmt: skip


def test_the_state_of_each_outbox_is_counted(two_orgs):
    now = timezone.now()
    home_endpoint = two_orgs["endpoints"][two_orgs["home"]]
    outbox_rows(home_endpoint, now)
    state = endpoint_list_with_outbox_state().get(pk=home_endpoint.pk)
    assert (state.pending, state.sent, state.failed) == (2, 3, 1)
    assert abs(state.oldest_waiting - (now - timedelta(hours=3))) < timedelta(seconds=1)
    assert state.last_error == "HTTP 503: busy"  # the latest try's error
    empty = endpoint_list_with_outbox_state().get(pk=two_orgs["endpoints"][two_orgs["other"]].pk)
    assert (empty.pending, empty.sent, empty.failed, empty.oldest_waiting, empty.last_error) == (0, 0, 0, None, None)


def test_hr_see_their_own_endpoints_with_their_outbox_state(client, two_orgs):
    outbox_rows(two_orgs["endpoints"][two_orgs["home"]], timezone.now())
    client.force_login(two_orgs["hr"])
    page = client.get(URL).content.decode()
    assert "Northbrook store" in page and "Riverside store" not in page
    assert "HTTP 503: busy" in page and "Waiting" in page and "Oldest waiting since" in page
    assert "secret-of" not in page
    foreign = two_orgs["endpoints"][two_orgs["other"]]
    assert client.get(f"{URL}edit/{foreign.pk}/").status_code == 404


def test_the_secret_is_never_shown_and_an_empty_one_keeps_it(client, two_orgs):
    own = two_orgs["endpoints"][two_orgs["home"]]
    client.force_login(two_orgs["hr"])
    form = client.get(f"{URL}edit/{own.pk}/").content.decode()
    assert "secret-of-" not in form
    data = {"organisation": two_orgs["home"].pk, "name": "Renamed", "url": own.url, "key": "key2", "secret": ""}
    data["active"] = "on"
    assert client.post(f"{URL}edit/{own.pk}/", data).status_code == 302
    own.refresh_from_db()
    assert (own.name, own.key, own.secret) == ("Renamed", "key2", f"secret-of-{two_orgs['home'].slug}")
    data["secret"] = "a-new-one"
    client.post(f"{URL}edit/{own.pk}/", data)
    own.refresh_from_db()
    assert own.secret == "a-new-one"


def test_a_new_endpoint_needs_a_secret_and_an_organisation_of_ones_own(client, two_orgs):
    client.force_login(two_orgs["hr"])
    data = {"organisation": two_orgs["home"].pk, "name": "Second", "url": "https://lrs2.example/xapi/", "key": "k"}
    response = client.post(f"{URL}new/", {**data, "secret": ""})
    assert ERROR_SECRET_REQUIRED in response.content.decode()
    response = client.post(f"{URL}new/", {**data, "organisation": two_orgs["other"].pk, "secret": "s"})
    assert response.status_code == 400
    assert not LrsEndpoint.objects.filter(name="Second").exists()
    assert client.post(f"{URL}new/", {**data, "secret": "s", "active": "on"}).status_code == 302
    created = LrsEndpoint.objects.get(name="Second")
    assert (created.organisation, created.secret, created.active) == (two_orgs["home"], "s", True)


def test_the_activity_ids_lead_to_the_page(client, course, lessons):
    response = client.get(f"/xapi/activities/pages/{lessons[0].id}/")
    assert response.status_code == 302 and response["Location"].endswith(lessons[0].url)
    lessons[0].unpublish()
    assert client.get(f"/xapi/activities/pages/{lessons[0].id}/").status_code == 404


def test_only_web_addresses_are_accepted(client, two_orgs):
    client.force_login(two_orgs["hr"])
    data = {"organisation": two_orgs["home"].pk, "name": "Files", "key": "k", "secret": "s", "active": "on"}
    for url in ("ftp://lrs.example/xapi/", "file:///etc/passwd", "not an address"):
        client.post(f"{URL}new/", {**data, "url": url})
    assert not LrsEndpoint.objects.filter(name="Files").exists()
