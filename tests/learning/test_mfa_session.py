"""HR and platform admins reach nothing until this session has used the second factor (learning/mfa_session.py).

These tests sign in through allauth's real views (password, then the authenticator code) or, where they
need a session that skipped the code, carry the `real_second_factor` marker so that force_login does not
stand in for the code (tests/conftest.py).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from learning.mfa_session import CODE_STEPS, SET_UP_STEPS
from learning.models import Organisation
from tests.factories import StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate, totp_code

PASSWORD = "correct-horse-battery"  # UserFactory's
CODE_STEP = "/accounts/2fa/reauthenticate/"
SET_UP_STEP = "/accounts/2fa/totp/activate/"
OTHER_ACCOUNT_PAGES = ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/login/"]


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Northbrook", slug="northbrook")


@pytest.fixture
def hr(organisation):
    user = StaffMemberFactory(organisation=organisation).user
    user.groups.add(Group.objects.get(name="HR"))
    return user


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True, is_staff=True)


def closed_pages(organisation) -> list[str]:
    """Return the site and admin pages a privileged user must not reach without the code."""
    return [
        "/admin/",
        "/admin/staffmember/",
        reverse("readiness_index"),
        reverse("readiness_organisation_export", args=[organisation.pk]) + "?format=csv&table=summary",
        reverse("background:workbook_prepare", args=[organisation.pk]),
        reverse("background:jobs"),
        reverse("learning:my_learning"),
    ]


def assert_sent_to(client: Client, step: str, pages: list[str]) -> None:
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == f"{step}?next={quote(page, safe='')}", page


def sign_in_with_password(client: Client, user) -> None:
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_the_steps_open_to_a_half_signed_in_session_are_few():
    assert {reverse(name) for name in SET_UP_STEPS} == {SET_UP_STEP, "/accounts/reauthenticate/", "/accounts/logout/"}
    assert {reverse(name) for name in CODE_STEPS} == {CODE_STEP, "/accounts/logout/"}


def test_hr_signing_in_is_asked_for_the_code_and_then_reaches_the_admin_and_the_export(client, organisation, hr):
    mfa_activate(hr)
    sign_in_with_password(client, hr)
    for page in closed_pages(organisation):
        assert client.get(page).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    for page in closed_pages(organisation):
        assert client.get(page).status_code == 200, page


@pytest.mark.real_second_factor
@pytest.mark.parametrize("role", ["hr", "admin"])
@pytest.mark.parametrize("method", ["password", "socialaccount"])
def test_a_session_that_skipped_the_code_reaches_only_the_code_step_and_sign_out(
    client, organisation, hr, admin, role, method
):
    """A password-only or single sign-on session of someone with an authenticator is asked for the code."""
    user = {"hr": hr, "admin": admin}[role]
    mfa_activate(user)
    client.force_login(user)
    stand_in = HttpRequest()
    stand_in.session = client.session
    record_authentication(stand_in, user, method, **({"provider": "entra", "uid": "x"} if method != "password" else {}))
    stand_in.session.save()

    assert_sent_to(client, CODE_STEP, closed_pages(organisation) + OTHER_ACCOUNT_PAGES + ["/accounts/reauthenticate/"])
    code_step = client.get(CODE_STEP)
    assert code_step.status_code == 200
    assert "/accounts/reauthenticate/" not in code_step.content.decode()  # no password alternative offered
    assert client.get(reverse("account_logout")).status_code == 200

    response = client.post(f"{CODE_STEP}?next=/admin/", {"code": totp_code()})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    for page in closed_pages(organisation):
        assert client.get(page).status_code == 200, page


def test_setting_up_an_authenticator_is_not_using_it(client, organisation, hr):
    """HR with no authenticator: only set-up and sign-out; once set up, the code must still be given."""
    sign_in_with_password(client, hr)
    assert_sent_to(client, SET_UP_STEP, closed_pages(organisation) + OTHER_ACCOUNT_PAGES)

    assert client.get(SET_UP_STEP)["Location"].startswith("/accounts/reauthenticate/")  # allauth's own check
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get(SET_UP_STEP)
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(SET_UP_STEP, {"code": totp_code(secret)})
    assert Authenticator.objects.filter(user=hr, type=Authenticator.Type.TOTP).exists()
    recovery_codes = response["Location"]  # allauth shows the new recovery codes next
    assert recovery_codes == reverse("mfa_view_recovery_codes")

    assert_sent_to(client, CODE_STEP, closed_pages(organisation) + OTHER_ACCOUNT_PAGES + [recovery_codes])
    response = client.post(f"{CODE_STEP}?next={recovery_codes}", {"code": totp_code(secret)})
    assert response["Location"] == recovery_codes
    assert client.get(recovery_codes).status_code == 200
    for page in closed_pages(organisation):
        assert client.get(page).status_code == 200, page


def test_someone_made_hr_while_signed_in_is_asked_for_the_code_at_the_admins_door(client, organisation):
    learner = StaffMemberFactory(organisation=organisation).user
    sign_in_with_password(client, learner)
    assert client.get(reverse("learning:my_learning")).status_code == 200
    learner.groups.add(Group.objects.get(name="HR"))
    mfa_activate(learner)
    assert_sent_to(client, CODE_STEP, closed_pages(organisation))
