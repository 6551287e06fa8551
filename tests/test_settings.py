"""Production settings: refuse to start without secrets; pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from config.settings.host_checks import SCORM_HOST_IS_SITE, SCORM_HOST_MISSING, scorm_content_host_problem
from config.settings.mail_checks import (
    EMAIL_BACKEND_MISSING,
    EMAIL_FROM_MISSING,
    EMAIL_TLS_AND_SSL,
    NOTIFY_KEY_MISSING,
)
from tests.process_settings import TEST_REDIS_URL

ROOT = Path(__file__).resolve().parent.parent
GOOD = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-and-random-looking-secret-for-the-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "learning.example.org",
    "UPSKILL_CREDENTIALS_KEY": "settings-check-credentials-key",
    "UPSKILL_SCORM_CONTENT_HOST": "scorm.example.org",
    "DATABASE_URL": "sqlite:////tmp/upskill-settings-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "Upskill <learning@example.org>",
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            (
                "DJANGO_",
                "DATABASE_URL",
                "REDIS_URL",
                "UPSKILL_DATABASE_CACHE",
                "EMAIL_",
                "DEFAULT_FROM_EMAIL",
                "SERVER_EMAIL",
                "WAGTAILADMIN_",
                "UPSKILL_SCORM_CONTENT_HOST",
            )
        )
    }
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_each_secret():
    names = ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "UPSKILL_CREDENTIALS_KEY"]
    for missing in [*names, "UPSKILL_SCORM_CONTENT_HOST"]:
        env = {k: v for k, v in GOOD.items() if k != missing}
        result = _manage("check", env=env)
        assert result.returncode != 0
        assert f"{missing} must be set in production" in result.stderr


def test_production_passes_the_deployment_checks():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=GOOD)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_shared_cache():
    env = {k: v for k, v in GOOD.items() if k != "REDIS_URL"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "A shared cache must be set in production" in result.stderr


def test_production_accepts_a_database_table_as_its_shared_cache():
    env = {k: v for k, v in GOOD.items() if k != "REDIS_URL"}
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
                     env={**env, "UPSKILL_DATABASE_CACHE": "1"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "DatabaseCache" in result.stdout


def test_redis_url_gives_a_working_shared_cache():
    """With REDIS_URL set (as .env.example shows) the cache talks to Redis; the client is a dependency."""
    code = (
        "from django.core.cache import cache, caches; cache.set('upskill-settings-probe', 'shared', 30); "
        "print(type(caches['default']).__name__, cache.get('upskill-settings-probe')); "
        "cache.delete('upskill-settings-probe')"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "REDIS_URL": TEST_REDIS_URL}
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert "RedisCache shared" in result.stdout


def _without(*names, **extra):
    return {**{k: v for k, v in GOOD.items() if k not in names}, **extra}


def test_production_refuses_to_start_without_a_from_address():
    result = _manage("check", env=_without("DEFAULT_FROM_EMAIL"))
    assert result.returncode != 0
    assert EMAIL_FROM_MISSING in result.stderr


def test_production_refuses_to_start_without_a_mail_server_or_with_a_backend_that_only_prints():
    for env in [
        _without("EMAIL_HOST"),
        _without(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"),
        _without("EMAIL_HOST", EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"),
    ]:
        result = _manage("check", env=env)
        assert result.returncode != 0
        assert EMAIL_BACKEND_MISSING in result.stderr


def test_production_refuses_both_tls_and_ssl():
    result = _manage("check", env=_without(EMAIL_USE_TLS="true", EMAIL_USE_SSL="true"))
    assert result.returncode != 0
    assert EMAIL_TLS_AND_SSL in result.stderr


def test_production_sends_through_notify_only_with_a_key_and_a_template_for_account_mail():
    notify = {"EMAIL_BACKEND": "notifications.notify_backend.NotifyEmailBackend", "EMAIL_HOST": ""}
    refused = _manage("check", env=_without(**notify, UPSKILL_NOTIFY_API_KEY="k" * 74))
    assert refused.returncode != 0 and NOTIFY_KEY_MISSING in refused.stderr
    accepted = _manage(
        "check", env=_without(**notify, UPSKILL_NOTIFY_API_KEY="k" * 74, UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID="t")
    )
    assert accepted.returncode == 0, accepted.stderr


def test_email_settings_come_from_the_environment():
    script = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER, "
        "s.EMAIL_HOST_PASSWORD, s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL, sep='|')"
    )
    env = {
        **GOOD,
        "EMAIL_USE_TLS": "true",
        "EMAIL_HOST_USER": "relay-user",
        "EMAIL_HOST_PASSWORD": "relay-secret",
    }
    result = _manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split("|") == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "True",
        "relay-user",
        "relay-secret",
        "Upskill <learning@example.org>",
        "Upskill <learning@example.org>",
    ]


def test_moderation_emails_link_to_the_configured_address_or_the_first_allowed_host():
    """Wagtail's "submitted for review" and "approved" emails link to WAGTAILADMIN_BASE_URL."""
    script = "from django.conf import settings as s; print(s.WAGTAILADMIN_BASE_URL)"
    result = _manage("shell", "-c", script, env=GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "https://learning.example.org"
    result = _manage("shell", "-c", script, env={**GOOD, "WAGTAILADMIN_BASE_URL": "https://upskill.example.gov.uk/"})
    assert result.stdout.strip().splitlines()[-1] == "https://upskill.example.gov.uk"


def test_production_refuses_to_start_without_a_scorm_content_host_of_its_own():
    """Unset, it would be the development default (scorm.localhost); the site's own host would run packages beside
    the learner's session. The site's host is WAGTAILADMIN_BASE_URL's, else the first allowed host."""
    blank = _manage("check", env=_without(UPSKILL_SCORM_CONTENT_HOST=" "))
    assert blank.returncode != 0 and SCORM_HOST_MISSING in blank.stderr
    first_allowed = _manage("check", env=_without(UPSKILL_SCORM_CONTENT_HOST="Learning.Example.org"))
    assert first_allowed.returncode != 0
    assert SCORM_HOST_IS_SITE.format(host="learning.example.org") in first_allowed.stderr
    base_url = {"WAGTAILADMIN_BASE_URL": "https://upskill.example.gov.uk/"}
    configured = _manage("check", env=_without(**base_url, UPSKILL_SCORM_CONTENT_HOST="upskill.example.gov.uk"))
    assert configured.returncode != 0
    assert SCORM_HOST_IS_SITE.format(host="upskill.example.gov.uk") in configured.stderr
    beside = _manage("check", env=_without(**base_url, UPSKILL_SCORM_CONTENT_HOST="learning.example.org"))
    assert beside.returncode == 0, beside.stderr  # not the site's host once the site's address says otherwise


def test_the_scorm_content_host_rule_ignores_case_a_final_dot_and_the_sites_port():
    assert scorm_content_host_problem(content_host="", site_url="https://learn.example.org") == SCORM_HOST_MISSING
    for same in ("learn.example.org", "LEARN.example.org.", " learn.example.org "):
        problem = scorm_content_host_problem(content_host=same, site_url="https://learn.example.org:8443")
        assert problem == SCORM_HOST_IS_SITE.format(host="learn.example.org")
    assert scorm_content_host_problem(content_host="scorm.example.org", site_url="https://learn.example.org") == ""
