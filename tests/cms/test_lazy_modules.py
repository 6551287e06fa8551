"""A module deferred by cms/lazy_modules.py loads on first use and then works as Wagtail and allauth expect."""

import importlib
import subprocess
import sys

from tests.servers import REPO_ROOT

SCRIPT = """
import sys
from cms import lazy_modules
lazy_modules.defer()
from allauth.mfa.webauthn.internal import auth
print("fido2" in sys.modules)
print(auth.Fido2Server.__name__, "fido2" in sys.modules)
"""


def test_a_deferred_module_loads_its_imports_on_first_attribute_access():
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + SCRIPT],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "Fido2Server", "True"]


def test_in_this_process_the_webauthn_module_is_allauths_own():
    module = importlib.import_module("allauth.mfa.webauthn.internal.auth")

    assert module.WebAuthn.__name__ == "WebAuthn" and callable(module.begin_registration)
