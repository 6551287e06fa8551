"""A web worker loads pandas only when it builds a report, not when it starts (DESIGN: workers stay small)."""

import subprocess
import sys

from tests.servers import REPO_ROOT

STARTUP = """
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
from django.template import engines
engines["django"].engine.template_libraries
import config.wsgi
from django.test import Client
Client().get("/accounts/login/")
print(sorted(name for name in ("pandas", "numpy", "openpyxl") if name in sys.modules))
"""


def test_starting_a_worker_and_serving_a_page_does_not_load_pandas():
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", STARTUP], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_lazy_report_modules_are_the_real_ones():
    from readiness.reports import presenters as real_presenters
    from readiness.reports import service as real_service
    from readiness.reports.lazy import presenters, service

    assert service.cohort_report is real_service.cohort_report
    assert presenters.Bands is real_presenters.Bands
