"""Two web server processes share one database: a staff file checked in one is confirmed in the other.

Each process is its own ``gunicorn`` (one worker, its own in-process cache, as two workers of one
server are), on its own port, against a copy of the test database in a file (SQLite) or the test
database itself (PostgreSQL). HR signs in over real HTTP with password and authenticator code.
"""

from __future__ import annotations

import http.cookiejar
import re
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from learning.demo.seed import DEMO_TOTP_SECRET, demo_totp_code
from learning.staff_import import admin_views, report
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.learning import mfa_activate
from tests.learning.test_staff_import_files import DOMAIN, csv_bytes, people
from tests.servers import database_url_for_other_processes, gunicorn, process_env

HR_EMAIL = f"hr@{DOMAIN}"
PASSWORD = "correct-horse-battery"


def shared_count(database_url: str, sql: str) -> int:
    """Run a COUNT query against the shared database (the SQLite copy is not this process's database)."""
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(sql).fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Server:
    """Where one of the two gunicorn processes answers."""

    url: str


class Browser:
    """A cookie-keeping HTTP client that can talk to either server (cookies belong to the host, not the port)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, url: str, fields: dict | None = None, files: dict | None = None) -> tuple[int, str, str]:
        """Send GET (no fields) or POST; follow redirects; return (status, final URL, page)."""
        data, headers = None, {}
        if files:
            data, headers["Content-Type"] = multipart(fields or {}, files)
        elif fields is not None:
            data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=data, headers=headers), timeout=60) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def post_form(self, server: Server, path: str, fields: dict, files: dict | None = None) -> tuple[int, str, str]:
        """Fetch the page's CSRF token from ``server`` (GET ``path``), then post the form to ``server``."""
        return self.request(server.url + path, {**fields, "csrfmiddlewaretoken": self.csrf_token()}, files)

    def csrf_token(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----upskill-test-boundary"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(head.encode() + b"Content-Type: text/csv\r\n\r\n" + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def token_in(page: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match, page[:3000]
    return match.group(1)


@pytest.fixture
def servers(transactional_db, django_db_serialized_rollback, tmp_path):
    """HR of Northbrook (password and authenticator), then two servers A and B on one shared database.

    The database is flushed afterwards; serialized rollback puts back what the migrations made (groups, the
    root page) for the tests that follow.
    """
    organisation = OrganisationFactory(name="Northbrook Borough Council", email_domains=DOMAIN)
    hr = UserFactory(username=HR_EMAIL, email=HR_EMAIL, password=PASSWORD)
    hr.groups.add(Group.objects.get(name=admin_views.HR_GROUP))
    mfa_activate(hr, DEMO_TOTP_SECRET)
    StaffMemberFactory(organisation=organisation, user=hr, employee_number="HR001", email=HR_EMAIL)
    database_url = database_url_for_other_processes(tmp_path)
    # The test settings: each process keeps its own in-process cache, so only the database is shared.
    env = process_env(database_url, DJANGO_SETTINGS_MODULE="config.settings.test")
    with ExitStack() as stack:
        pair = [Server(stack.enter_context(gunicorn(env, log=tmp_path / f"gunicorn-{name}.log"))) for name in "ab"]
        yield (*pair, organisation, database_url)


def sign_in_hr(browser: Browser, server: Server) -> None:
    browser.request(server.url + "/accounts/login/")
    status, url, _ = browser.post_form(server, "/accounts/login/", {"login": HR_EMAIL, "password": PASSWORD})
    assert url.endswith("/accounts/2fa/authenticate/"), (status, url)
    status, url, _ = browser.post_form(server, "/accounts/2fa/authenticate/", {"code": demo_totp_code()})
    assert status == 200 and "/accounts/" not in url, (status, url)


def check_file(browser: Browser, server: Server, organisation, data: bytes) -> str:
    """Upload a file to ``server`` for a dry run and return the token of the kept upload."""
    browser.request(server.url + "/admin/staff-import/")
    status, _, page = browser.post_form(
        server, "/admin/staff-import/", {"organisation": organisation.pk}, {"file": ("staff.csv", data)}
    )
    assert status == 200 and report.CHECKED in page, page[:3000]
    return token_in(page)


def test_a_file_checked_in_one_process_is_imported_by_the_other_and_only_once(servers):
    server_a, server_b, organisation, database_url = servers
    browser = Browser()
    sign_in_hr(browser, server_a)
    imported = "SELECT COUNT(*) FROM learning_staffmember WHERE employee_number LIKE 'E%'"
    audited = "SELECT COUNT(*) FROM learning_auditlogentry WHERE action = 'import'"

    token = check_file(browser, server_a, organisation, csv_bytes(people(3)))
    assert shared_count(database_url, imported) == 0  # the dry run wrote nothing
    status, _, page = browser.post_form(server_b, "/admin/staff-import/confirm/", {"token": token, "action": "import"})
    assert status == 200 and report.IMPORTED in page, page[:3000]
    assert shared_count(database_url, imported) == 3

    # A double click reaching both processes at once imports once; the other is told the upload is gone.
    token = check_file(browser, server_a, organisation, csv_bytes(people(5)))
    fields = {"token": token, "action": "import", "csrfmiddlewaretoken": browser.csrf_token()}
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(lambda server: browser.request(server.url + "/admin/staff-import/confirm/", fields), servers[:2])
        )
    pages = sorted(page for _, _, page in answers)
    assert sum(report.IMPORTED in page for page in pages) == 1
    assert sum(admin_views.UPLOAD_EXPIRED in page for page in pages) == 1
    assert shared_count(database_url, imported) == 5
    assert shared_count(database_url, audited) == 2
