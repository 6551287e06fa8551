"""Account emails reach people through a real SMTP server, in the project's words, and their links work; staff
whose account came from an import set their first password through a link to their work address."""

from __future__ import annotations

import io
import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core.context import request_context
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from learning.accounts import ERROR_MAIL_NOT_SENT, ERROR_NO_STAFF_RECORD
from learning.first_password import ERROR_ALREADY_SIGNED_UP, ERROR_SET_PASSWORD_FIRST
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.learning.test_staff_import_files import DOMAIN, csv_bytes, person
from tests.mailserver import FROM_ADDRESS, bodies, free_port

User = get_user_model()
NEW_PASSWORD = "Chosen-at-last-2026"
RESET_LINK = re.compile(r"http://testserver/accounts/password/reset/key/[^\s\"<]+")
CONFIRM_LINK = re.compile(r"http://testserver/accounts/confirm-email/[^\s\"<]+")
STOCK_WORDS = ["Hello from", "Thank you for using", "testserver!", "You're receiving this", "example.com"]


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northbrook Council", slug="northbrook", email_domains=DOMAIN)


@pytest.fixture
def imported(org, tmp_path):
    """Import one member of staff from an HR file: their account exists, with no password yet."""
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes([person(1, first_name="Priya")]))
    call_command("import_staff", str(path), "--organisation", "northbrook", stdout=io.StringIO())
    user = User.objects.get(email=f"person1@{DOMAIN}")
    assert not user.has_usable_password()
    return user


def _signup(client, email, password=NEW_PASSWORD):
    return client.post(reverse("account_signup"), {"email": email, "password1": password, "password2": password})


def _signed_in(email, password=NEW_PASSWORD) -> bool:
    response = Client().post(reverse("account_login"), {"login": email, "password": password})
    return response.wsgi_request.user.is_authenticated


def _assert_our_words(plain: str, html: str):
    for stock in STOCK_WORDS:
        assert stock not in plain and stock not in html
    assert "Upskill" in plain and "Upskill" in html
    assert "<img" not in html and "http://fonts" not in html and "https://fonts" not in html


def test_sign_up_page_points_staff_with_an_imported_account_to_set_their_password(client, db):
    page = client.get(reverse("account_signup")).content.decode()
    assert "do not need to sign up" in page
    assert f'href="{reverse("account_reset_password")}">set your password</a>' in page


def test_sign_up_with_an_imported_account_offers_a_set_password_link_instead(client, imported):
    response = _signup(client, imported.email)
    page = response.content.decode()
    assert response.status_code == 200
    assert ERROR_SET_PASSWORD_FIRST in page
    assert ERROR_NO_STAFF_RECORD not in page
    assert f'<form method="post" action="{reverse("account_reset_password")}"' in page
    assert f'<input type="hidden" name="email" value="{imported.email}">' in page
    imported.refresh_from_db()
    assert not imported.has_usable_password()
    assert User.objects.filter(email__iexact=imported.email).count() == 1


def test_sign_up_with_an_account_that_has_a_password_says_to_sign_in(client, org):
    staff = StaffMemberFactory(organisation=org, email=f"kim@{DOMAIN}")
    staff.user.email = staff.email
    staff.user.set_password("Already-chosen-2025")
    staff.user.save()
    page = _signup(client, staff.email).content.decode()
    assert ERROR_ALREADY_SIGNED_UP in page
    assert ERROR_SET_PASSWORD_FIRST not in page


def test_imported_staff_member_sets_a_first_password_through_a_link_that_arrives_by_smtp(client, imported, smtp_server):
    page = _signup(client, imported.email).content.decode()
    assert ERROR_SET_PASSWORD_FIRST in page
    assert smtp_server.messages == []

    response = client.post(reverse("account_reset_password"), {"email": imported.email})
    assert response.status_code == 302

    [message] = smtp_server.to(imported.email)
    assert message["From"] == FROM_ADDRESS
    assert message["Subject"] == "Set your Upskill password"
    plain, html = bodies(message)
    _assert_our_words(plain, html)
    for body in (plain, html):
        assert "Hello Priya," in body
        assert "Northbrook Council has set up your Upskill account for this work email address" in body
    [link] = set(RESET_LINK.findall(plain))
    assert f'href="{link}"' in html

    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password is saved" in response.content.decode()
    imported.refresh_from_db()
    assert imported.has_usable_password()
    assert _signed_in(imported.email)
    assert "This link no longer works" in client.get(link, follow=True).content.decode()  # it works once

    notices = [m["Subject"] for m in smtp_server.to(imported.email)][1:]
    assert notices == ["Your Upskill password was reset"]


def test_sign_up_confirmation_arrives_by_smtp_in_our_words_and_its_link_confirms(client, org, smtp_server):
    StaffMemberFactory(organisation=org, user=None, email=f"ann.lee@{DOMAIN}", first_name="Ann")
    response = _signup(client, f"ann.lee@{DOMAIN}")
    assert response.status_code == 302

    [message] = smtp_server.to(f"ann.lee@{DOMAIN}")
    assert message["From"] == FROM_ADDRESS
    assert message["Subject"] == "Confirm your email address to finish signing up to Upskill"
    plain, html = bodies(message)
    _assert_our_words(plain, html)
    for body in (plain, html):
        assert "Hello Ann," in body
        assert "Thank you for signing up to Upskill" in body
        assert "learning for Northbrook Council" in body
    [link] = set(CONFIRM_LINK.findall(plain))
    assert f'href="{link}"' in html

    assert "Check your email" in client.get(response["Location"]).content.decode()
    assert not _signed_in(f"ann.lee@{DOMAIN}")
    assert "Confirm your email address" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email=f"ann.lee@{DOMAIN}").verified
    assert _signed_in(f"ann.lee@{DOMAIN}")


def test_an_address_without_an_account_is_told_how_to_sign_up_in_our_words(client, org, smtp_server):
    client.post(reverse("account_reset_password"), {"email": f"nobody@{DOMAIN}"})
    [message] = smtp_server.to(f"nobody@{DOMAIN}")
    assert message["Subject"] == "There is no Upskill account for this address"
    plain, html = bodies(message)
    _assert_our_words(plain, html)
    assert "http://testserver/accounts/signup/" in plain and 'href="http://testserver/accounts/signup/"' in html


EVERY_EMAIL = {
    "account/email/account_already_exists": {"password_reset_url": "http://testserver/accounts/password/reset/"},
    "account/email/email_changed": {"from_email": "old@example.org", "to_email": "new@example.org"},
    "account/email/email_confirmation": {"activate_url": "http://testserver/accounts/confirm-email/k/"},
    "account/email/email_confirmation_signup": {"activate_url": "http://testserver/accounts/confirm-email/k/"},
    "account/email/email_deleted": {"deleted_email": "old@example.org"},
    "account/email/new_sign_in": {},
    "account/email/password_changed": {},
    "account/email/password_reset": {},
    "account/email/password_reset_key": {"password_reset_url": "http://testserver/accounts/password/reset/key/1-x/"},
    "account/email/password_set": {},
    "account/email/unknown_account": {"signup_url": "http://testserver/accounts/signup/"},
    "mfa/email/recovery_codes_generated": {},
    "mfa/email/totp_activated": {},
    "mfa/email/totp_deactivated": {},
    "socialaccount/email/account_connected": {},
    "socialaccount/email/account_disconnected": {},
}


def test_every_account_email_has_a_subject_plain_text_and_html_in_our_words(org, mailoutbox):
    staff = StaffMemberFactory(organisation=org, email=f"sam@{DOMAIN}", first_name="Sam")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    notice = {"timestamp": timezone.now(), "ip": "192.0.2.1", "user_agent": "Firefox"}
    with request_context(request):
        for prefix, context in EVERY_EMAIL.items():
            get_adapter(request).send_mail(prefix, staff.email, {"user": staff.user, **notice, **context})
            message = mailoutbox[-1]
            plain, html = message.body, message.alternatives[0][0]
            _assert_our_words(plain, html)
            assert "Hello Sam," in plain and "Hello Sam," in html, prefix
            assert "Upskill" in message.subject and "[" not in message.subject, prefix
            assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html, prefix
    assert len(mailoutbox) == len(EVERY_EMAIL)


def _sign_in_from(browser: str, email: str, password: str = NEW_PASSWORD):
    response = Client(HTTP_USER_AGENT=browser).post(reverse("account_login"), {"login": email, "password": password})
    assert response.wsgi_request.user.is_authenticated


@pytest.fixture
def lee(org):
    user = UserFactory(username=f"lee@{DOMAIN}", password=NEW_PASSWORD)
    StaffMemberFactory(organisation=org, user=user, email=user.email, first_name="Lee")
    return user


def test_a_sign_in_from_a_new_browser_is_notified_by_smtp_in_our_words(lee, smtp_server):
    _sign_in_from("Browser-A/1.0", lee.email)
    _sign_in_from("Browser-A/1.0", lee.email)
    assert smtp_server.messages == []  # the first browser is remembered, not announced

    _sign_in_from("Browser-B/2.0", lee.email)
    [message] = smtp_server.to(lee.email)
    assert message["From"] == FROM_ADDRESS
    assert message["Subject"] == "New sign-in to your Upskill account"
    plain, html = bodies(message)
    _assert_our_words(plain, html)
    for body in (plain, html):
        assert "Hello Lee," in body
        assert "browser Browser-B/2.0" in body
        assert "http://testserver/accounts/password/reset/" in body

    _sign_in_from("Browser-A/1.0", lee.email)
    _sign_in_from("Browser-B/2.0", lee.email)
    assert len(smtp_server.messages) == 1


def test_a_mail_server_that_is_down_does_not_stop_a_sign_in(lee, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    _sign_in_from("Browser-A/1.0", lee.email)
    _sign_in_from("Browser-B/2.0", lee.email)  # signs in (asserted inside) although the notice fails
    assert "Could not send the account/email/new_sign_in email" in caplog.text


def test_a_password_link_with_the_mail_server_down_says_so_instead_of_failing(lee, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    response = Client().post(reverse("account_reset_password"), {"email": lee.email}, follow=True)
    assert response.status_code == 200
    assert ERROR_MAIL_NOT_SENT in response.content.decode()
    assert "Could not send the account/email/password_reset_key email" in caplog.text
