"""A web worker loads pandas and numpy only when a report runs, never Wagtail's unrouted v3 API (ninja), and
django-rest-framework only when an editor first uses Wagtail's admin API (cms/admin_api.py), nor fido2.

Each check runs in a fresh Python process, since this test process has long since imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.process_settings import TEST_REDIS_URL
from tests.servers import REPO_ROOT, database_url_for_other_processes, process_env

HEAVY = ["pandas", "numpy", "ninja", "rest_framework", "fido2"]  # pandas and numpy: about 60 MiB; ninja with
# pydantic schemas: about 11 MiB; rest_framework with pygments, pydantic and Wagtail's v2 API: about 21 MiB;
# fido2 with cryptography (allauth's WebAuthn, which this site does not offer; cms/lazy_modules.py): about 12 MiB;
# PyLD (with lxml), WeasyPrint and qrcode: loaded by credentials only when a credential is signed, checked or printed
HEAVY += ["pyld", "weasyprint", "qrcode"]

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-and-random-looking-secret-for-the-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "UPSKILL_CREDENTIALS_KEY": "startup-check-credentials-key",
    "UPSKILL_SCORM_CONTENT_HOST": "scorm.localhost",
    "REDIS_URL": TEST_REDIS_URL,
    "EMAIL_HOST": "127.0.0.1",
    "DEFAULT_FROM_EMAIL": "Upskill <learning@example.org>",
}

LOAD_THE_SITE = """
import json, sys
import config.wsgi  # what gunicorn imports: Django set up, every app ready
from django.urls import get_resolver
get_resolver().url_patterns  # the whole URLconf, admin included
"""

REPORT = "print(json.dumps(sorted(name for name in {heavy} if name in sys.modules)))"


def _loaded(script: str, env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", script + REPORT.format(heavy=HEAVY)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_loading_the_site_under_production_settings_imports_no_pandas_numpy_or_ninja(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": {}, "hash": ""}))
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env = {
        **clean,
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(static),
    }
    assert _loaded(LOAD_THE_SITE, env) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_serving_a_course_and_a_lesson_page_imports_no_pandas_numpy_or_ninja(tmp_path):
    from tests.factories import StaffMemberFactory, course_with_lessons

    staff = StaffMemberFactory()
    course = course_with_lessons(modules=1, lessons_per_module=2, slug="startup")
    lesson_url = course.get_children().first().get_children().first().url
    script = LOAD_THE_SITE + (
        "from django.contrib.auth import get_user_model\n"
        "from django.test import Client\n"
        'client = Client(HTTP_HOST="127.0.0.1")\n'
        f"client.force_login(get_user_model().objects.get(pk={staff.user_id}))\n"
        f"for url in ({course.url!r}, {lesson_url!r}):\n"
        "    assert client.get(url).status_code == 200, url\n"
    )
    env = process_env(database_url_for_other_processes(tmp_path))

    assert _loaded(script, env) == []


def test_the_check_sees_a_heavy_import_when_there_is_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    script = "import json, sys, django\ndjango.setup()\nimport readiness.reports.service\n"

    assert _loaded(script, env) == ["numpy", "pandas"]
