"""django-allauth pages render with GOV.UK Frontend markup (cms/templates/allauth/elements/)."""

from html.parser import HTMLParser

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from tests.factories import UserFactory
from tests.factories.learning import mfa_activate, site_home

PASSWORD = "correct-horse-battery"


class PageParser(HTMLParser):
    """Collect the <main> element's form controls, labels, ids and inline styles/scripts."""

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.labels = []  # values of label[for]
        self.controls = []  # attrs of input (not hidden), select, textarea
        self.ids = []
        self.styled = []  # tags with a style attribute (forbidden by the CSP)
        self.inline_scripts = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        if "style" in attrs:
            self.styled.append(tag)
        if tag == "script" and "src" not in attrs and attrs.get("type", "").lower() not in {"application/json"}:
            self.inline_scripts += 1
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.labels.append(attrs["for"])
        if tag in {"select", "textarea"} or (tag == "input" and attrs.get("type") != "hidden"):
            self.controls.append({"tag": tag, **attrs})

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.content.decode())
    parser.title = " ".join(parser.title.split())
    return parser


def assert_govuk_page(response) -> PageParser:
    """Common checks: 200, GOV.UK h1, every control labelled and GOV.UK-classed, unique ids, no inline CSS/JS."""
    assert response.status_code == 200
    body = response.content.decode()
    page = parse(response)
    assert '<h1 class="govuk-heading-xl">' in body
    assert "app-allauth-page" in body
    for control in page.controls:
        assert control.get("id"), control
        assert control["id"] in page.labels, f"no label for {control}"
        assert "placeholder" not in control
        classes = control.get("class", "").split()
        if control["tag"] == "textarea":
            assert "govuk-textarea" in classes
        elif control.get("type") == "checkbox":
            assert "govuk-checkboxes__input" in classes
        elif control.get("type") == "radio":
            assert "govuk-radios__input" in classes
        else:
            assert "govuk-input" in classes, control
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert page.styled == [], "style attributes break the Content Security Policy"
    assert page.inline_scripts == 0
    return page


def control(page: PageParser, control_id: str) -> dict:
    return next(c for c in page.controls if c["id"] == control_id)


def assert_error_summary(response, *messages):
    body = response.content.decode()
    assert body.count('class="govuk-error-summary"') == 1
    summary = body.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert 'role="alert"' in summary
    assert "There is a problem" in summary
    for message in messages:
        assert message in summary
    assert parse(response).title.startswith("Error: ")


def reauthenticate(client):
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture(autouse=True)
def home(db):
    return site_home()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def mfa_user(db):
    user = UserFactory()
    mfa_activate(user)
    RecoveryCodes.activate(user)
    return user


# --- Password reset ---------------------------------------------------------------------------


def test_password_reset_page_uses_govuk_markup(client):
    response = client.get("/accounts/password/reset/")
    page = assert_govuk_page(response)
    body = response.content.decode()
    email = control(page, "id_email")
    assert email["type"] == "email"
    assert email["autocomplete"] == "email"
    assert '<label class="govuk-label govuk-label--s" for="id_email">' in body
    assert 'class="govuk-button"' in body
    assert '<p class="govuk-body">' in body
    assert "novalidate" in body
    assert parse(response).title.startswith("Set or reset your password")


def test_password_reset_error_is_summarised_and_linked_to_the_field(client):
    response = client.post("/accounts/password/reset/", {"email": "not-an-email"})
    page = assert_govuk_page(response)
    assert_error_summary(response, '<a href="#id_email">Enter a valid email address.</a>')
    body = response.content.decode()
    assert "govuk-form-group--error" in body
    assert '<p id="id_email-error" class="govuk-error-message">' in body
    email = control(page, "id_email")
    assert "govuk-input--error" in email["class"]
    assert email["aria-describedby"] == "id_email-error"
    assert email["value"] == "not-an-email"


def test_password_reset_done_page(client, user):
    response = client.post("/accounts/password/reset/", {"email": user.email}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/accounts/password/reset/done/")
    assert_govuk_page(response)
    assert '<p class="govuk-body">' in response.content.decode()


def test_password_reset_when_signed_in_shows_a_notification_banner(client, user):
    client.force_login(user)
    response = client.get("/accounts/password/reset/")
    assert_govuk_page(response)
    body = response.content.decode()
    assert "govuk-notification-banner" in body
    assert "You are already logged in as" in body


# --- Sign-up ----------------------------------------------------------------------------------


def test_signup_page_uses_govuk_markup(client):
    response = client.get("/accounts/signup/")
    page = assert_govuk_page(response)
    assert control(page, "id_email")["autocomplete"] == "email"
    assert control(page, "id_password1")["autocomplete"] == "new-password"
    assert control(page, "id_password2")["autocomplete"] == "new-password"
    body = response.content.decode()
    # Password rules are a hint the input points at.
    assert '<div id="id_password1-hint" class="govuk-hint">' in body
    assert control(page, "id_password1")["aria-describedby"] == "id_password1-hint"


def test_signup_errors_are_summarised(client):
    response = client.post(
        "/accounts/signup/", {"email": "x@gmail.example", "password1": "Zq9#pw", "password2": "Zq9#pw"}
    )
    page = assert_govuk_page(response)
    assert_error_summary(response, "Sign-up is only open to work email addresses", 'href="#id_email"')
    assert control(page, "id_email")["aria-describedby"] == "id_email-error"
    # Passwords are never written back into the page.
    assert "value" not in control(page, "id_password1")
    assert "Zq9#pw" not in response.content.decode()


# --- MFA sign-in --------------------------------------------------------------------------------


def start_mfa_login(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"


def test_mfa_authenticate_page_code_input(client, mfa_user):
    start_mfa_login(client, mfa_user)
    response = client.get("/accounts/2fa/authenticate/")
    page = assert_govuk_page(response)
    code = control(page, "id_code")
    assert code["autocomplete"] == "one-time-code"
    assert code["inputmode"] == "numeric"
    assert code["spellcheck"] == "false"
    body = response.content.decode()
    assert 'class="govuk-button-group"' in body
    assert 'class="govuk-link app-link-button" form="logout-from-stage"' in body  # "Cancel"


def test_mfa_authenticate_wrong_code_is_summarised(client, mfa_user):
    start_mfa_login(client, mfa_user)
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    page = assert_govuk_page(response)
    assert_error_summary(response, '<a href="#id_code">Incorrect code.</a>')
    assert "govuk-input--error" in control(page, "id_code")["class"]


# --- MFA management -----------------------------------------------------------------------------


def test_mfa_index_panels(client, mfa_user):
    client.force_login(mfa_user)
    response = client.get("/accounts/2fa/")
    assert_govuk_page(response)
    body = response.content.decode()
    assert body.count('<section class="app-allauth-panel">') == 2
    assert '<h2 class="govuk-heading-m">' in body
    assert "govuk-button govuk-button--warning" in body  # Deactivate
    assert "govuk-button govuk-button--secondary" in body  # Download / Generate
    assert 'role="button"' in body


def test_recovery_codes_page(client, mfa_user):
    client.force_login(mfa_user)
    reauthenticate(client)
    response = client.get("/accounts/2fa/recovery-codes/")
    page = assert_govuk_page(response)
    codes = control(page, "recovery_codes")
    assert codes["tag"] == "textarea"
    assert "readonly" in codes
    body = response.content.decode()
    for code in RecoveryCodes(mfa_user.authenticator_set.get(type="recovery_codes")).get_unused_codes():
        assert code in body
    assert 'class="govuk-button-group"' in body


def test_reauthenticate_page(client, user):
    client.force_login(user)
    response = client.get("/accounts/reauthenticate/")
    page = assert_govuk_page(response)
    assert control(page, "id_password")["autocomplete"] == "current-password"


def test_totp_activation_page(client, user):
    client.force_login(user)
    reauthenticate(client)
    response = client.get("/accounts/2fa/totp/activate/")
    page = assert_govuk_page(response)
    body = response.content.decode()
    secret = control(page, "authenticator_secret")
    assert "readonly" in secret and "disabled" not in secret
    assert secret["value"]
    img = body.split('<img class="app-totp-qr"', 1)[1].split(">", 1)[0]
    assert 'src="data:image/svg+xml' in img
    assert 'alt="QR code for setting up your authenticator app.' in img
    assert secret["value"] not in img  # the alt text describes the image, it is not the bare secret
    code = control(page, "id_code")
    assert code["inputmode"] == "numeric"
    assert code["autocomplete"] == "one-time-code"


def test_totp_activation_wrong_code_is_summarised(client, user):
    client.force_login(user)
    reauthenticate(client)
    client.get("/accounts/2fa/totp/activate/")
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert_govuk_page(response)
    assert_error_summary(response, '<a href="#id_code">Incorrect code.</a>')


# --- Account management -------------------------------------------------------------------------


def test_email_page_radios_and_add_form(client, user):
    client.force_login(user)
    response = client.get("/accounts/email/")
    page = assert_govuk_page(response)
    body = response.content.decode()
    assert '<fieldset class="govuk-fieldset">' in body
    assert '<div class="govuk-radios" data-module="govuk-radios">' in body
    assert "govuk-tag app-allauth-tag govuk-tag--green" in body  # Verified
    radios = [c for c in page.controls if c.get("type") == "radio"]
    assert [r["value"] for r in radios] == [user.email]
    assert "govuk-button govuk-button--warning" in body  # Remove


def test_email_add_error_is_summarised_once(client, user):
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "not-an-email"})
    assert_govuk_page(response)
    assert_error_summary(response, '<a href="#id_email">Enter a valid email address.</a>')


def test_password_change_page(client, user):
    client.force_login(user)
    response = client.get("/accounts/password/change/")
    page = assert_govuk_page(response)
    assert control(page, "id_oldpassword")["autocomplete"] == "current-password"
    assert control(page, "id_password1")["autocomplete"] == "new-password"
    assert "govuk-!-width-two-thirds" in control(page, "id_password1")["class"]


def test_password_change_error_is_summarised(client, user):
    client.force_login(user)
    response = client.post("/accounts/password/change/", {"oldpassword": "wrong"})
    assert_govuk_page(response)
    assert_error_summary(response, 'href="#id_oldpassword"', 'href="#id_password1"')


def test_logout_confirmation_page(client, user):
    client.force_login(user)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="govuk-heading-xl">' in body
    assert 'class="govuk-button"' in body
