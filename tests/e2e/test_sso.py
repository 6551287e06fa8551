"""Single sign-on in a browser, with the site's Content Security Policy enforced, against a real provider.

The provider is panva's ``oidc-provider`` on a loopback port (tools/oidc-provider.mjs), with the
accounts in tests/fixtures/oidc_accounts.json. Unlike the shared ``page`` fixture, these pages do not
bypass the policy: the browser must be allowed to follow the sign-in form to the provider.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from learning import sso
from learning.accounts import ERROR_DOMAIN_NOT_ALLOWED, ERROR_NO_STAFF_RECORD
from learning.demo.seed import demo_totp_code
from learning.models import Organisation, StaffMember
from tests.oidc_provider import CALLBACK_PATH, PROVIDER_NAME, free_port, loopback_provider, provider_settings

from .conftest import LOCAL_HOSTS, axe_check

pytestmark = pytest.mark.e2e
User = get_user_model()
NEW_STARTER = "new.starter@northbrook.example"


@pytest.fixture(scope="module")
def provider_url(live_server):
    with loopback_provider([live_server.url + CALLBACK_PATH]) as url:
        yield url


@pytest.fixture
def sso_site(demo_site, settings, provider_url):
    """The demo site with single sign-on through the loopback provider configured."""
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(provider_url)
    return demo_site


@pytest.fixture
def csp_page(browser):
    """A browser page that keeps to the site's Content Security Policy and can reach only loopback hosts.

    Yields the page and the list of policy refusals the console reported.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    outside: list[str] = []

    def only_local(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    refusals: list[str] = []
    page.on("console", lambda msg: refusals.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield page, refusals
    context.close()
    assert not outside, f"The pages called other hosts: {outside}"


def sso_start(page, base_url: str) -> None:
    """Open the sign-in page and press the single sign-on button."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()


def provider_sign_in(page, provider_url: str, login: str) -> None:
    """On the provider's own sign-in page, sign in as one of its accounts."""
    page.wait_for_url(f"{provider_url}/interaction/**")
    page.fill("#login", login)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_a_new_member_of_staff_signs_in_through_the_provider_with_the_policy_enforced(sso_site, provider_url, csp_page):
    page, refusals = csp_page
    northbrook = Organisation.objects.get(slug="northbrook-council")
    record = StaffMember.objects.create(organisation=northbrook, employee_number="SSO001", email=NEW_STARTER)
    sso_start(page, sso_site)
    provider_sign_in(page, provider_url, "new-starter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.url.startswith(sso_site)
    record.refresh_from_db()
    assert record.user is not None and record.user.email == NEW_STARTER
    assert not [message for message in mail.outbox if NEW_STARTER in message.to]
    assert refusals == []


def test_an_existing_learner_is_connected_not_duplicated(sso_site, provider_url, csp_page):
    page, refusals = csp_page
    learner = User.objects.get(email="learner@northbrook.example")
    sso_start(page, sso_site)
    provider_sign_in(page, provider_url, "learner")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    sso_start(page, sso_site)  # the provider remembers the browser: straight back, signed in again
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert User.objects.filter(email__iexact=learner.email).count() == 1
    assert list(SocialAccount.objects.values_list("user_id", flat=True)) == [learner.pk]
    assert refusals == []


def test_hr_is_asked_for_the_second_factor_after_single_sign_on(sso_site, provider_url, csp_page):
    page, _ = csp_page
    sso_start(page, sso_site)
    provider_sign_in(page, provider_url, "hr")
    expect(page).to_have_url(f"{sso_site}/accounts/2fa/authenticate/")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.fill("input[name=code]", demo_totp_code())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page).to_have_url(f"{sso_site}/admin/")  # HR land on the admin home, as after a password
    expect(page.get_by_role("heading", name="Workforce readiness")).to_be_visible()


def test_no_record_or_another_domain_gets_the_projects_message_and_no_account(sso_site, provider_url, csp_page):
    page, _ = csp_page
    users = User.objects.count()
    for login, message in [("no-record", ERROR_NO_STAFF_RECORD), ("other-domain", ERROR_DOMAIN_NOT_ALLOWED)]:
        page.context.clear_cookies()  # a fresh browser for each person
        sso_start(page, sso_site)
        provider_sign_in(page, provider_url, login)
        expect(page.locator("#sso-problem")).to_have_text(message)
        expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
        assert "Sign Up Closed" not in page.content()
    assert User.objects.count() == users and not SocialAccount.objects.exists()


def test_a_provider_that_is_down_gets_a_clear_message(demo_site, settings, csp_page):
    page, _ = csp_page
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(f"http://127.0.0.1:{free_port()}")
    page.goto(f"{demo_site}/accounts/login/")
    with page.expect_response(lambda response: "/accounts/oidc/" in response.url) as answer:
        page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    assert answer.value.status == 503
    expect(page.locator("#sso-problem")).to_have_text(sso.ERROR_PROVIDER_UNREACHABLE.format(provider=PROVIDER_NAME))


def test_a_tampered_state_is_refused(sso_site, provider_url, csp_page):
    page, _ = csp_page
    page.route(f"**{CALLBACK_PATH}**", lambda route: route.abort())  # hold the way back
    sso_start(page, sso_site)
    page.wait_for_url(f"{provider_url}/interaction/**")
    page.fill("#login", "new-starter")
    with page.expect_request(lambda request: CALLBACK_PATH in request.url) as way_back:
        page.get_by_role("button", name="Continue").click()
    page.unroute(f"**{CALLBACK_PATH}**")
    parts = urlsplit(way_back.value.url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query["state"] = "tampered" + query["state"][8:]
    page.goto(urlunsplit(parts._replace(query=urlencode(query))))
    expect(page.locator("#sso-problem")).to_have_text(sso.ERROR_SIGN_IN_FAILED.format(provider=PROVIDER_NAME))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert not User.objects.filter(email=NEW_STARTER).exists()


def test_the_sign_in_problem_page_passes_axe(demo_site, settings, page):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(f"http://127.0.0.1:{free_port()}")
    page.goto(f"{demo_site}/accounts/login/")
    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    expect(page.locator("#sso-problem")).to_be_visible()
    axe_check(page, "single sign-on problem page")
