"""Production start-up and error logging, through real processes: a missing manifest stops start-up, and a
server error is written to standard error with its traceback and the request id."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import Client

from cms.request_id import HEADER, request_id_for
from cms.startup import ERROR_NO_MANIFEST
from tests.process_settings import TEST_REDIS_URL
from tests.servers import REPO_ROOT, browser_session, gunicorn

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-and-random-looking-secret-for-the-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "UPSKILL_CREDENTIALS_KEY": "production-server-test-credentials-key",
    "UPSKILL_SCORM_CONTENT_HOST": "scorm.localhost",
    "REDIS_URL": TEST_REDIS_URL,
    "EMAIL_HOST": "127.0.0.1",
    "DEFAULT_FROM_EMAIL": "Upskill <learning@example.org>",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    "PYTHONUNBUFFERED": "1",
}


def _production_env(tmp_path, **extra) -> dict[str, str]:
    prefixes = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_", "DEFAULT_FROM_EMAIL")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    database = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return {**clean, **PRODUCTION, "DATABASE_URL": database, "DJANGO_STATIC_ROOT": str(tmp_path / "static"), **extra}


def test_a_missing_static_manifest_stops_start_up_with_a_clear_message(tmp_path):
    (tmp_path / "static").mkdir()
    env = _production_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "static files manifest" in done.stderr
    assert "collectstatic" in done.stderr
    assert ERROR_NO_MANIFEST.split("{path}")[0] in done.stderr


def test_a_server_error_is_logged_with_its_traceback_and_request_id(tmp_path):
    """A database with no tables makes every page fail: each failure reaches gunicorn's log, with its id."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": {}, "hash": ""}))
    log = tmp_path / "gunicorn.log"
    with gunicorn(_production_env(tmp_path), log=log) as base_url:
        response = browser_session().get(base_url + "/", headers={HEADER: "probe-request-0001"}, timeout=30)
    assert response.status_code == 500
    assert response.headers[HEADER] == "probe-request-0001"
    text = log.read_text(errors="replace")
    assert "Traceback (most recent call last)" in text
    assert "[request probe-request-0001]" in text
    assert "Internal Server Error: /" in text


@pytest.mark.parametrize("incoming", [None, "", "short", "has spaces in it", "x" * 65, "<script>alert(1)</script>"])
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(incoming):
    made = request_id_for(incoming)
    assert made != incoming and len(made) == 32 and made.isalnum()


def test_every_response_carries_a_request_id(db):
    sent = Client().get("/accounts/login/", HTTP_X_REQUEST_ID="from-the-proxy-42")
    assert sent[HEADER] == "from-the-proxy-42"
    made = Client().get("/accounts/login/")
    assert len(made[HEADER]) == 32


def test_a_not_found_warning_carries_the_request_id(db, caplog):
    """Django logs 4xx answers after the middleware has run: those lines carry the id as well."""
    import logging

    from cms.request_id import RequestIdFilter, current_request_id

    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get("/no-such-page-here/", HTTP_X_REQUEST_ID="missing-page-0042")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == "missing-page-0042"
    assert current_request_id() == "-"  # forgotten once the response is done
