"""Sign-in throttling is shared by every worker process and counts per real client behind trusted proxies."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.servers import (
    browser_session,
    csrf_token,
    database_url_for_other_processes,
    flush_test_redis,
    gunicorn,
    process_env,
)

PASSWORD = "a-good-long-password"


def _user(email: str):
    user = UserFactory(username=email, email=email)
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(session, base_url: str, email: str, password: str):
    token = csrf_token(session.get(base_url + "/accounts/login/", timeout=30).text)
    data = {"login": email, "password": password, "csrfmiddlewaretoken": token}
    return session.post(base_url + "/accounts/login/", data=data, allow_redirects=False, timeout=30)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # puts back what migrations made
def test_wrong_passwords_are_counted_across_two_worker_processes(tmp_path):
    """Five wrong passwords spread over two workers stop the right one, as they would on one worker.

    The two workers listen on different ports; a load balancer would hand both the site's own host name, so
    every request carries the same Host header (allauth's per-account counter is keyed on it).
    """
    user = _user("throttled@example.org")
    env = process_env(database_url_for_other_processes(tmp_path))
    flush_test_redis()
    with gunicorn(env, log=tmp_path / "a.log") as first, gunicorn(env, log=tmp_path / "b.log") as second:
        session = browser_session()
        session.headers["Host"] = "127.0.0.1"
        for attempt in range(5):
            response = _sign_in(session, (first, second)[attempt % 2], user.email, "wrong-password")
            assert response.status_code == 200 and "not correct" in response.text
        response = _sign_in(session, second, user.email, PASSWORD)
    assert response.status_code != 302, "the right password got in after five wrong ones on two workers"
    assert "too many" in response.text.lower()


def test_a_morning_rush_through_one_address_is_not_turned_away(db):
    """More right passwords a minute than allauth's default allows (30 per address) all get in."""
    users = [_user(f"rush{n}@example.org") for n in range(35)]
    for user in users:
        client = Client(REMOTE_ADDR="10.1.2.3")
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302, f"{user.email} was refused with {response.status_code}"


def test_wrong_passwords_for_one_account_are_stopped_whatever_the_address(db, settings):
    """The per-account limit holds when each attempt comes from a different client behind our proxy."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = _user("target@example.org")
    for n in range(5):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.99")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated
    assert "too many" in response.content.decode().lower()


def test_behind_a_trusted_proxy_each_client_has_its_own_address_limit(db, settings):
    """With one trusted proxy, the per-address limit counts the client's address, not the proxy's."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    users = [_user(f"client{n}@example.org") for n in range(6)]
    for n, user in enumerate(users):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302, f"client {n} was refused with {response.status_code}"
    same = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.0")
    statuses = [
        same.post(reverse("account_login"), {"login": users[0].email, "password": PASSWORD}).status_code
        for _ in range(3)
    ]
    assert statuses[-1] == 429, f"the fourth sign-in a minute from one client answered {statuses}"
