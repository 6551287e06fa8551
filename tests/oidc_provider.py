"""Run the loopback OpenID Connect provider (tools/oidc-provider.mjs) for a test, and walk its sign-in.

The provider is panva's ``oidc-provider`` from npm, installed by ``make install`` (``npm ci``). The
accounts it can sign in as, and the claims each one carries, are in tests/fixtures/oidc_accounts.json.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests.servers import background_server, free_port  # noqa: F401  (free_port: used by the SSO tests too)

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "oidc-provider.mjs"
ACCOUNTS = ROOT / "tests" / "fixtures" / "oidc_accounts.json"
PROVIDER_ID = "loopback"
PROVIDER_NAME = "Loopback ID"
CLIENT_ID = "upskill-test"
CLIENT_SECRET = "loopback-test-secret"
ENTRA_TENANT_ID = "0b5c6a4e-7d1f-4c2a-9e8b-3f6d2a1c0e11"
CALLBACK_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
LOGIN_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/"


@contextmanager
def loopback_provider(redirect_uris: list[str]):
    """Start the provider on a free loopback port, wait until it answers, yield its URL, then stop it."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").is_dir():
        message = "The single sign-on tests need Node.js and `npm ci` (oidc-provider in node_modules)."
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [node, str(SCRIPT), "--port", str(port), "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]
    command += ["--accounts", str(ACCOUNTS)]
    for uri in redirect_uris:
        command += ["--redirect-uri", uri]
    with tempfile.TemporaryDirectory(prefix="upskill-oidc-") as directory:
        ready = f"{url}/.well-known/openid-configuration"
        with background_server(
            command, ready_url=ready, log=Path(directory) / "provider.log", what="the loopback provider", cwd=ROOT
        ):
            yield url


def provider_settings(server_url: str, tenant_id: str = "") -> dict:
    """Return SOCIALACCOUNT_PROVIDERS for the loopback provider, built as production builds it."""
    from config.settings.base import oidc_providers

    env = {
        "OIDC_PROVIDER_ID": PROVIDER_ID,
        "OIDC_PROVIDER_NAME": PROVIDER_NAME,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_SERVER_URL": server_url,
        "OIDC_ENTRA_TENANT_ID": tenant_id,
    }
    return oidc_providers(env)


def provider_sign_in(authorize_url: str, login: str, redirect_prefix: str) -> str:
    """Sign in at the provider as ``login`` (no browser) and return the URL it sends the browser back to."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    for _ in range(10):
        location = response.headers.get("Location")
        if location is None:
            break
        location = urljoin(response.url, location)
        if location.startswith(redirect_prefix):
            return location
        response = session.get(location, allow_redirects=False, timeout=10)
    if "/interaction/" not in response.url:
        raise AssertionError(f"No sign-in page at the provider: {response.status_code} {response.text[:300]}")
    response = session.post(response.url, data={"login": login}, allow_redirects=False, timeout=10)
    for _ in range(10):
        location = urljoin(response.url, response.headers.get("Location", ""))
        if location.startswith(redirect_prefix):
            return location
        if response.status_code not in {302, 303}:
            raise AssertionError(f"The provider refused {login}: {response.status_code} {response.text[:300]}")
        response = session.get(location, allow_redirects=False, timeout=10)
    raise AssertionError("The provider never redirected back.")
