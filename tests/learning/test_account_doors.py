"""One way in: every sign-in, sign-out and password-reset address of the URLconf leads to allauth's.

The doors are found in the URLconf itself (get_resolver()), so a door a new app or a Wagtail upgrade
adds cannot escape the walk: each is tried for every role with the right password and no code.
"""

from __future__ import annotations

import re
from itertools import count
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import PageViewRestriction

from learning.models import Organisation
from tests.factories import StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate, site_home

PASSWORD = "correct-horse-battery"  # UserFactory's
DOOR_WORDS = ("login", "logout", "password", "reset", "signin", "sign-in")
ROLES = ["learner", "manager", "hr", "editor", "admin"]
SECOND_FACTOR_ROLES = {"hr", "admin"}
ADDRESSES = count(1)


def _fill(pattern) -> str:
    text = str(pattern)
    if "RoutePattern" in type(pattern).__name__:
        return re.sub(r"<(?:\w+:)?\w+>", "1", text)
    text = text.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
    return re.sub(r"[()?*+\\^$]|\[[^\]]*\]", "", text)


def sign_in_doors() -> list[str]:
    """Return every address whose route or URL name speaks of signing in or out, or of passwords."""
    doors = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            part = prefix + _fill(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, part)
            elif isinstance(entry, URLPattern):
                label = f"{entry.pattern} {entry.name or ''}".lower()
                if any(word in label for word in DOOR_WORDS):
                    doors.append("/" + part.lstrip("/"))

    walk(get_resolver().url_patterns)
    return sorted(set(doors))


@pytest.fixture
def people(db):
    organisation = Organisation.objects.create(name="Northbrook", slug="northbrook")
    manager = StaffMemberFactory(organisation=organisation)
    StaffMemberFactory(organisation=organisation, line_manager=manager)
    learner = StaffMemberFactory(organisation=organisation)
    hr = StaffMemberFactory(organisation=organisation)
    hr.user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(hr.user)
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    users = {"learner": learner.user, "manager": manager.user, "hr": hr.user, "editor": editor, "admin": admin}
    return organisation, users


def hr_pages(organisation) -> list[str]:
    return [
        "/admin/staffmember/",
        reverse("readiness_index"),
        reverse("readiness_organisation", args=[organisation.pk]),
        reverse("readiness_organisation_export", args=[organisation.pk]) + "?format=csv&table=summary",
        reverse("background:workbook_prepare", args=[organisation.pk]),
    ]


def knock(client: Client, door: str, email: str) -> None:
    """Open a door, then post the right password (and nothing else) to it and to wherever it led."""
    landed = client.get(door, follow=True).request["PATH_INFO"]
    answers = {
        "login": email, "username": email, "email": email, "password": PASSWORD, "oldpassword": PASSWORD,
        "password1": PASSWORD, "password2": PASSWORD, "remember": "on",
    }  # fmt: skip
    for target in dict.fromkeys([door, landed]):
        client.post(target, answers, follow=True)


def test_the_walk_finds_every_door_of_wagtail_allauth_and_django():
    doors = sign_in_doors()
    for door in ("/admin/login/", "/admin/logout/", "/admin/password_reset/", "/_util/login/"):
        assert door in doors
    assert "/admin/password_reset/confirm/1/1/" in doors
    assert "/accounts/login/" in doors and "/accounts/password/reset/" in doors


def test_no_door_lets_the_password_alone_open_the_admin_or_hr_pages(people):
    organisation, users = people
    doors = sign_in_doors()
    problems, signed_in = [], set()
    for role in ROLES:
        user = users[role]
        closed = hr_pages(organisation) + (["/admin/"] if role != "editor" else [])
        for door in doors:
            n = next(ADDRESSES)
            client = Client(REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}")  # no shared throttling
            knock(client, door, user.email)
            if "_auth_user_id" in client.session:
                signed_in.add((role, door))
            opened = [page for page in closed if client.get(page).status_code == 200]
            if opened:
                problems.append(f"{role} through {door}: {opened}")
    assert not problems, "\n".join(problems)
    # The knocking works: the password alone signs a learner in at allauth's door and the doors sent to it.
    assert {("learner", "/accounts/login/"), ("learner", "/admin/login/"), ("editor", "/_util/login/")} <= signed_in


def test_wagtails_password_reset_pages_send_people_to_allauths(client, people, mailoutbox):
    _, users = people
    wagtail_reset = [door for door in sign_in_doors() if door.startswith("/admin/password_reset/")]
    assert {"/admin/password_reset/", "/admin/password_reset/confirm/1/1/"} < set(wagtail_reset)
    for door in wagtail_reset:
        response = client.get(door)
        assert response.status_code == 302 and response["Location"] == reverse("account_reset_password")
        client.post(door, {"email": users["hr"].email})
    assert mailoutbox == []  # Wagtail's form never ran, so it sent nothing


@pytest.mark.parametrize(
    ("asked", "kept"),
    [("/admin/readiness/", "/admin/readiness/"), ("https://evil.example/", None), ("//evil.example/x", None)],
)
def test_wagtails_sign_in_pages_send_people_to_allauths_keeping_only_a_safe_next(client, db, asked, kept):
    login = reverse("account_login")
    for door in ("/admin/login/", "/_util/login/"):
        response = client.get(door, {"next": asked})
        assert response.status_code == 302
        assert response["Location"] == (f"{login}?next={kept.replace('/', '%2F')}" if kept else login)


def _final_location(client, url: str) -> str:
    response = client.get(url, follow=True)
    return response.redirect_chain[-1][0]


def test_the_admin_and_private_pages_ask_anonymous_people_to_sign_in_with_allauth(client, db):
    """Through Wagtail's own sign-in door (which passes anonymous visitors on), to allauth's sign-in."""
    assert (
        _final_location(client, "/admin/staffmember/") == f"{reverse('account_login')}?next=%2Fadmin%2Fstaffmember%2F"
    )
    home = site_home()
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    assert _final_location(client, home.url) == f"{reverse('account_login')}?{urlencode({'next': home.url})}"


@pytest.mark.parametrize("role", ["learner", "manager"])
def test_a_signed_in_person_without_admin_access_is_told_so_not_sent_round_in_circles(people, role):
    """Wagtail sends them to its sign-in door; allauth's sign-in would send a signed-in person straight back."""
    client = Client()
    client.force_login(people[1][role])
    response = client.get("/admin/staffmember/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
    assert "Your account cannot open that page" in response.content.decode()


def test_the_admins_log_out_button_signs_out_through_allauth(people):
    _, users = people
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["editor"])
    token = client.get("/admin/").context["csrf_token"]
    response = client.post("/admin/logout/", {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 307 and response["Location"] == reverse("account_logout")
    after = client.post(response["Location"], {"csrfmiddlewaretoken": str(token)}, follow=True)
    assert not after.wsgi_request.user.is_authenticated
    assert client.get("/admin/").status_code == 302


def test_django_admin_is_installed_but_not_routed(db):
    from django.apps import apps

    assert apps.is_installed("django.contrib.admin")
    assert "admin" not in get_resolver().namespace_dict
