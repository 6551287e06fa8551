"""Single sign-on rules, and the whole exchange with a real OpenID Connect provider on loopback.

The browser version (with the Content Security Policy enforced) is tests/e2e/test_sso.py; these use
Django's test client for the site's side and plain HTTP for the provider's sign-in page.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from learning import sso
from learning.accounts import ERROR_DOMAIN_NOT_ALLOWED, ERROR_LEAVER, ERROR_NO_STAFF_RECORD
from learning.models import StaffMember
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.learning import mfa_activate
from tests.oidc_provider import (
    CALLBACK_PATH,
    ENTRA_TENANT_ID,
    LOGIN_PATH,
    PROVIDER_NAME,
    free_port,
    loopback_provider,
    provider_settings,
    provider_sign_in,
)

User = get_user_model()
OTHER_TENANT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
NEW_STARTER = "new.starter@northbrook.example"

# The rule, without a provider -------------------------------------------------------------------


@pytest.mark.parametrize(
    "claims",
    [{"email": NEW_STARTER, "email_verified": False}, {"email": NEW_STARTER}, {"email": NEW_STARTER, "tid": "x"}],
)
def test_an_email_the_provider_does_not_verify_is_not_vouched_for(claims):
    with pytest.raises(sso.Refused) as refusal:
        sso.vouched_email(claims)
    assert refusal.value.message == sso.ERROR_EMAIL_NOT_VOUCHED


def test_only_email_verified_true_vouches_for_an_email():
    assert sso.vouched_email({"email": NEW_STARTER, "email_verified": True}) == NEW_STARTER
    with pytest.raises(sso.Refused):
        sso.vouched_email({"email": NEW_STARTER, "email_verified": "yes"})


def test_entra_email_or_preferred_username_is_trusted_only_from_the_configured_tenant():
    member = {"tid": ENTRA_TENANT_ID, "preferred_username": NEW_STARTER}
    assert sso.vouched_email(member, ENTRA_TENANT_ID) == NEW_STARTER
    assert sso.vouched_email({**member, "email": "n.s@northbrook.example"}, ENTRA_TENANT_ID) == "n.s@northbrook.example"
    with pytest.raises(sso.Refused) as other_tenant:
        sso.vouched_email({**member, "tid": OTHER_TENANT, "email_verified": True}, ENTRA_TENANT_ID)
    assert other_tenant.value.message == sso.ERROR_WRONG_TENANT
    with pytest.raises(sso.Refused) as no_tenant:
        sso.vouched_email({"email": NEW_STARTER, "email_verified": True}, ENTRA_TENANT_ID)
    assert no_tenant.value.message == sso.ERROR_WRONG_TENANT


def test_entra_guests_and_unverified_domains_are_not_vouched_for():
    member = {"tid": ENTRA_TENANT_ID, "email": NEW_STARTER, "iss": "https://issuer.example/v2.0"}
    with pytest.raises(sso.Refused) as guest:
        sso.vouched_email({**member, "idp": "https://sts.windows.net/other/"}, ENTRA_TENANT_ID)
    assert guest.value.message == sso.ERROR_GUEST_ACCOUNT
    with pytest.raises(sso.Refused) as unverified:
        sso.vouched_email({**member, "xms_edov": False}, ENTRA_TENANT_ID)
    assert unverified.value.message == sso.ERROR_EMAIL_NOT_VOUCHED
    assert sso.vouched_email({**member, "idp": member["iss"], "xms_edov": True}, ENTRA_TENANT_ID) == NEW_STARTER


def test_userinfo_for_another_subject_than_the_id_token_is_refused():
    with pytest.raises(sso.Refused):
        sso.provider_claims({"id_token": {"sub": "a"}, "userinfo": {"sub": "b", "email": NEW_STARTER}})
    claims = sso.provider_claims({"id_token": {"sub": "a", "tid": "t"}, "userinfo": {"sub": "a", "email": NEW_STARTER}})
    assert claims == {"sub": "a", "tid": "t", "email": NEW_STARTER}


def test_settings_turn_pkce_on_and_carry_the_tenant():
    providers = provider_settings("http://127.0.0.1:1", tenant_id=ENTRA_TENANT_ID)["openid_connect"]
    assert providers["OAUTH_PKCE_ENABLED"] is True
    app = providers["APPS"][0]
    assert app["settings"]["oauth_pkce_enabled"] is True and app["settings"]["tenant_id"] == ENTRA_TENANT_ID
    assert provider_settings("") == {}


# The whole exchange with the loopback provider ----------------------------------------------------

REDIRECT = f"http://testserver{CALLBACK_PATH}"


@pytest.fixture(scope="module")
def provider_url():
    with loopback_provider([REDIRECT]) as url:
        yield url


@pytest.fixture
def oidc(settings, provider_url):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(provider_url)
    return provider_url


@pytest.fixture
def entra(settings, provider_url):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(provider_url, tenant_id=ENTRA_TENANT_ID)
    return provider_url


@pytest.fixture
def northbrook(db):
    return OrganisationFactory(slug="northbrook", name="Northbrook", email_domains="northbrook.example")


@pytest.fixture
def new_starter(northbrook):
    return StaffMember.objects.create(organisation=northbrook, employee_number="NS1", email=NEW_STARTER)


def shows(response, message: str) -> bool:
    """Return whether the page shows the message (as HTML-escaped text)."""
    return escape(message) in response.content.decode()


def _start(client):
    response = client.post(LOGIN_PATH)
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def sso_sign_in(client, login):
    """Start at the site, sign in at the provider as ``login``, and come back to the site's callback."""
    back = provider_sign_in(_start(client), login, REDIRECT)
    parts = urlsplit(back)
    return client.get(parts.path, parse_qs(parts.query), follow=True)


def test_sign_in_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(client, oidc, db):
    query = parse_qs(urlsplit(_start(client)).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["redirect_uri"] == [REDIRECT]
    assert client.session[sso.NONCES_SESSION_KEY] == {query["state"][0]: query["nonce"][0]}


def test_an_id_token_without_this_browsers_nonce_signs_nobody_in(client, oidc, new_starter):
    back = urlsplit(provider_sign_in(_start(client), "new-starter", REDIRECT))
    session = client.session
    session[sso.NONCES_SESSION_KEY] = dict.fromkeys(session[sso.NONCES_SESSION_KEY], "another-nonce")
    session.save()
    response = client.get(back.path, parse_qs(back.query))
    assert response.status_code == 403 and shows(response, sso.ERROR_SIGN_IN_FAILED.format(provider=PROVIDER_NAME))
    assert not response.wsgi_request.user.is_authenticated and not User.objects.exists()


def test_a_new_member_of_staff_gets_an_account_linked_to_their_record_without_a_confirmation_mail(
    client, oidc, new_starter
):
    response = sso_sign_in(client, "new-starter")
    user = response.wsgi_request.user
    assert user.is_authenticated and user.email == NEW_STARTER
    new_starter.refresh_from_db()
    assert new_starter.user == user
    assert EmailAddress.objects.filter(user=user, email=NEW_STARTER, verified=True).exists()
    assert SocialAccount.objects.filter(user=user, uid="new-starter").count() == 1
    assert mail.outbox == []


def test_an_existing_learner_is_connected_not_duplicated(oidc, northbrook):
    learner = UserFactory(username="learner@northbrook.example", email="learner@northbrook.example")
    EmailAddress.objects.update_or_create(user=learner, email=learner.email, defaults={"verified": True})
    StaffMember.objects.create(organisation=northbrook, employee_number="L1", email=learner.email, user=learner)
    for _ in range(2):
        response = sso_sign_in(Client(), "learner")
        assert response.wsgi_request.user == learner
    assert User.objects.filter(email__iexact=learner.email).count() == 1
    assert SocialAccount.objects.filter(user=learner).count() == 1


def test_an_account_an_import_created_is_connected_on_first_single_sign_on(client, oidc, northbrook):
    from learning.staff_import import staff_import

    data = (
        "Employee number,First name,Last name,Email,Team,Job role,Band,Line manager employee number,Start date\n"
        f"NS1,Nia,Starter,{NEW_STARTER},Housing > Repairs,Planner,Grade 5,,2026-11-02\n"
    ).encode()
    report = staff_import(organisation=northbrook, data=data, filename="staff.csv")
    assert not report.errors
    record = StaffMember.objects.get(employee_number="NS1")
    assert record.user is not None and not record.user.has_usable_password()
    response = sso_sign_in(client, "new-starter")
    assert response.wsgi_request.user == record.user
    assert User.objects.count() == 1 and SocialAccount.objects.filter(user=record.user).count() == 1


def test_hr_signed_in_by_the_provider_must_still_give_the_code(client, oidc, northbrook):
    from django.contrib.auth.models import Group

    hr = UserFactory(username="hr@northbrook.example", email="hr@northbrook.example")
    EmailAddress.objects.update_or_create(user=hr, email=hr.email, defaults={"verified": True})
    hr.groups.add(Group.objects.get_or_create(name="HR")[0])
    mfa_activate(hr)
    response = sso_sign_in(client, "hr")
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    assert not response.wsgi_request.user.is_authenticated
    assert not client.get(reverse("learning:my_learning")).wsgi_request.user.is_authenticated


def test_a_leaver_is_told_their_record_has_a_leave_date(client, oidc, new_starter):
    from datetime import date

    StaffMember.objects.filter(pk=new_starter.pk).update(leave_date=date(2026, 1, 31))
    response = sso_sign_in(client, "new-starter")
    assert response.status_code == 403 and shows(response, ERROR_LEAVER)
    assert not User.objects.exists()


@pytest.mark.parametrize("login", ["unverified", "no-verified-claim"])
def test_an_email_the_provider_does_not_vouch_for_never_claims_a_staff_record(client, oidc, new_starter, login):
    response = sso_sign_in(client, login)
    assert response.status_code == 403
    assert shows(response, sso.ERROR_EMAIL_NOT_VOUCHED)
    assert not response.wsgi_request.user.is_authenticated
    new_starter.refresh_from_db()
    assert new_starter.user is None
    assert not User.objects.exists() and not SocialAccount.objects.exists() and mail.outbox == []


def test_an_unvouched_email_does_not_connect_to_the_existing_account(client, oidc, northbrook):
    owner = UserFactory(username=NEW_STARTER, email=NEW_STARTER)
    EmailAddress.objects.update_or_create(user=owner, email=NEW_STARTER, defaults={"verified": True})
    response = sso_sign_in(client, "unverified")
    assert response.status_code == 403 and not response.wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize(
    ("login", "message"), [("no-record", ERROR_NO_STAFF_RECORD), ("other-domain", ERROR_DOMAIN_NOT_ALLOWED)]
)
def test_no_record_or_another_domain_gets_the_projects_message_and_no_account(client, oidc, northbrook, login, message):
    response = sso_sign_in(client, login)
    assert response.status_code == 403
    body = response.content.decode()
    assert shows(response, message) and "Sign Up Closed" not in body
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_entra_shaped_token_from_the_configured_tenant_is_trusted_without_email_claims(client, entra, new_starter):
    response = sso_sign_in(client, "entra-member")
    assert response.wsgi_request.user.is_authenticated
    new_starter.refresh_from_db()
    assert new_starter.user is not None and new_starter.user.email == NEW_STARTER
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("login", "message"),
    [
        ("entra-other-tenant", sso.ERROR_WRONG_TENANT),
        ("entra-guest", sso.ERROR_GUEST_ACCOUNT),
        ("entra-unverified-domain", sso.ERROR_EMAIL_NOT_VOUCHED),
        ("new-starter", sso.ERROR_WRONG_TENANT),  # email_verified, but no tenant: not Entra's word
    ],
)
def test_entra_shaped_token_from_elsewhere_is_refused(client, entra, new_starter, login, message):
    response = sso_sign_in(client, login)
    assert response.status_code == 403 and shows(response, message)
    assert not response.wsgi_request.user.is_authenticated
    new_starter.refresh_from_db()
    assert new_starter.user is None


def test_a_connected_account_from_another_tenant_is_refused(client, settings, entra, new_starter):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(entra)  # connect first, without a tenant
    assert sso_sign_in(Client(), "entra-other-tenant").status_code == 403  # no email_verified: refused
    assert sso_sign_in(Client(), "new-starter").wsgi_request.user.is_authenticated
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(entra, tenant_id=ENTRA_TENANT_ID)
    response = sso_sign_in(client, "new-starter")
    assert response.status_code == 403 and shows(response, sso.ERROR_WRONG_TENANT)


def test_a_provider_that_is_down_gets_a_clear_message_not_a_server_error(client, settings, db):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(f"http://127.0.0.1:{free_port()}")
    response = client.post(LOGIN_PATH)
    assert response.status_code == 503
    assert shows(response, sso.ERROR_PROVIDER_UNREACHABLE.format(provider=PROVIDER_NAME))


def test_a_provider_that_goes_down_before_the_callback_gets_a_clear_message(client, settings, oidc, new_starter):
    back = urlsplit(provider_sign_in(_start(client), "new-starter", REDIRECT))
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(f"http://127.0.0.1:{free_port()}")
    response = client.get(back.path, parse_qs(back.query))
    assert response.status_code == 503
    assert shows(response, sso.ERROR_PROVIDER_UNREACHABLE.format(provider=PROVIDER_NAME))
    assert not User.objects.exists()


def test_a_tampered_state_signs_nobody_in(client, oidc, new_starter):
    back = urlsplit(provider_sign_in(_start(client), "new-starter", REDIRECT))
    query = parse_qs(back.query)
    query["state"] = [query["state"][0][:-1] + ("A" if query["state"][0][-1] != "A" else "B")]
    response = client.get(back.path, query)
    assert response.status_code == 400
    assert shows(response, sso.ERROR_SIGN_IN_FAILED.format(provider=PROVIDER_NAME))
    assert not response.wsgi_request.user.is_authenticated and not User.objects.exists()


def test_another_browsers_callback_signs_nobody_in(oidc, new_starter):
    back = urlsplit(provider_sign_in(_start(Client()), "new-starter", REDIRECT))
    response = Client().get(back.path, parse_qs(back.query))
    assert response.status_code == 400 and not response.wsgi_request.user.is_authenticated


def test_sign_in_page_lets_its_forms_go_to_the_provider_and_nowhere_else(client, oidc, db):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["form-action"].split() == ["'self'", oidc]
