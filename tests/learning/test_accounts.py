"""Sign-in: email and password, throttling, staff-matched sign-up, MFA for HR and admins, single sign-on."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from learning.accounts import ERROR_DOMAIN_NOT_ALLOWED, ERROR_NO_STAFF_RECORD
from learning.models import Organisation, StaffMember
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate

PASSWORD = "a-good-long-password"
User = get_user_model()


def _password_user(email="person@example.org"):
    user = UserFactory(username=email, email=email)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_in_with_email_and_password(client, staff):
    staff.user.set_password(PASSWORD)
    staff.user.save()
    response = client.post(reverse("account_login"), {"login": staff.user.email, "password": PASSWORD}, follow=True)
    assert response.wsgi_request.user.is_authenticated
    bad = Client().post(reverse("account_login"), {"login": staff.user.email, "password": "wrong"})
    assert bad.status_code == 200
    assert "not correct" in bad.content.decode()


def test_repeated_failures_are_throttled_even_with_the_right_password(db):
    user = _password_user()
    client = Client()
    for _ in range(5):
        assert "not correct" in _login(client, user.email, "wrong").content.decode()
    response = _login(client, user.email)
    assert not response.wsgi_request.user.is_authenticated
    assert "too many" in response.content.decode().lower()


@pytest.fixture
def council(db):
    return OrganisationFactory(slug="council", email_domains="council.example\nnhs.example")


def _signup(client, email):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": "Sign-up-pass-2026", "password2": "Sign-up-pass-2026"}
    )


def test_sign_up_refuses_addresses_outside_allowed_domains(client, council):
    response = _signup(client, "someone@gmail.example")
    assert ERROR_DOMAIN_NOT_ALLOWED in response.content.decode()
    assert not User.objects.filter(email="someone@gmail.example").exists()


def test_sign_up_refuses_work_addresses_without_a_staff_record(client, council):
    response = _signup(client, "stranger@council.example")
    assert ERROR_NO_STAFF_RECORD.split(".")[0] in response.content.decode()
    assert not User.objects.filter(email="stranger@council.example").exists()


def test_sign_up_matches_the_staff_record_and_asks_to_verify_the_email(client, council, mailoutbox):
    staff = StaffMemberFactory(organisation=council, user=None, email="ann.lee@council.example")
    response = _signup(client, "Ann.Lee@council.example")
    assert response.status_code == 302
    user = User.objects.get(email__iexact="ann.lee@council.example")
    staff.refresh_from_db()
    assert staff.user_id == user.id
    assert len(mailoutbox) == 1  # verification email; sign-in waits for it
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(("leaves_in_days", "may_sign_up"), [(14, True), (0, False)])
def test_sign_up_is_open_while_working_notice_and_not_from_the_leave_date(client, council, leaves_in_days, may_sign_up):
    from datetime import timedelta

    from django.utils import timezone

    leave = timezone.localdate() + timedelta(days=leaves_in_days)
    StaffMemberFactory(organisation=council, user=None, email="noor@council.example", leave_date=leave)
    _signup(client, "noor@council.example")
    assert User.objects.filter(email="noor@council.example").exists() is may_sign_up


def test_hr_without_a_second_factor_must_set_one_up(client, staff):
    from django.contrib.auth.models import Group

    staff.user.groups.add(Group.objects.get(name="HR"))
    client.force_login(staff.user)
    response = client.get(reverse("learning:my_learning"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert client.get("/admin/").status_code == 302


def test_learners_are_not_asked_for_a_second_factor(learner_client):
    assert learner_client.get(reverse("learning:my_learning")).status_code == 200


def test_hr_sign_in_asks_for_the_code_and_gets_a_shorter_session(db):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.conf import settings
    from django.contrib.auth.models import Group

    user = _password_user("hr@example.org")
    user.groups.add(Group.objects.get(name="HR"))
    secret = mfa_activate(user)
    client = Client()
    response = _login(client, user.email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not client.get(reverse("learning:my_learning")).wsgi_request.user.is_authenticated
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert not wrong.wsgi_request.user.is_authenticated
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code}, follow=True)
    assert response.wsgi_request.user.is_authenticated
    page = client.get(reverse("learning:my_learning"))
    assert page.status_code == 200
    assert page.wsgi_request.session.get_expiry_age() <= settings.UPSKILL_PRIVILEGED_SESSION_SECONDS


# Single sign-on against an OpenID Connect provider running on loopback --------------------------


class FakeProvider(BaseHTTPRequestHandler):
    userinfo: dict = {}

    def log_message(self, *args):
        return

    def _json(self, payload):
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path.startswith("/.well-known/openid-configuration"):
            self._json(
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "jwks_uri": f"{base}/jwks",
                }
            )
        elif self.path.startswith("/userinfo"):
            assert self.headers["Authorization"] == "Bearer test-access-token"
            self._json(FakeProvider.userinfo)
        else:
            self.send_error(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if self.path.startswith("/token") and form.get("code") == ["good-code"]:
            self._json({"access_token": "test-access-token", "token_type": "Bearer", "expires_in": 3600})
        else:
            self.send_error(400)


@pytest.fixture
def oidc(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "entra",
                    "name": "Microsoft",
                    "client_id": "upskill-test",
                    "secret": "not-a-real-secret",
                    "settings": {"server_url": f"http://127.0.0.1:{server.server_port}"},
                }
            ]
        }
    }
    yield server
    server.shutdown()


def _sso(client, email, verified=True):
    FakeProvider.userinfo = {"sub": f"sub-{email}", "email": email, "email_verified": verified, "name": "Test"}
    start = client.post("/accounts/oidc/entra/login/")
    assert start.status_code == 302, start.content[:300]
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]
    return client.get("/accounts/oidc/entra/login/callback/", {"code": "good-code", "state": state}, follow=True)


def test_single_sign_on_signs_in_the_existing_account_by_email(client, oidc, staff):
    response = _sso(client, staff.user.email)
    assert response.wsgi_request.user == staff.user


def test_single_sign_on_creates_an_account_only_for_a_staff_record(client, oidc, db):
    org = Organisation.objects.create(name="Trust", slug="trust", email_domains="trust.example")
    staff = StaffMember.objects.create(organisation=org, employee_number="T1", email="new.person@trust.example")
    response = _sso(client, "new.person@trust.example")
    assert response.wsgi_request.user.is_authenticated
    staff.refresh_from_db()
    assert staff.user is not None and staff.user.email == "new.person@trust.example"
    stranger = _sso(Client(), "stranger@elsewhere.example")
    assert not stranger.wsgi_request.user.is_authenticated
    assert not User.objects.filter(email="stranger@elsewhere.example").exists()


def test_sign_in_page_offers_single_sign_on_when_configured(client, oidc, db):
    body = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Microsoft" in body


def test_sign_in_page_has_no_single_sign_on_button_without_configuration(client, db):
    assert "Sign in with" not in client.get(reverse("account_login")).content.decode()
