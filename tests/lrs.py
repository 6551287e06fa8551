"""A real Learning Record Store on loopback for tests and benchmarks: Ralph (``ralph-malph``) from its own virtual
environment, ``.venv-lrs`` (``make install`` builds it from ``requirements-lrs.txt``; its dependencies would clash
with ours), serving the xAPI Statements API from a folder with ``ralph runserver --backend fs``.

Without ``.venv-lrs`` the tests that need it skip, except when ``LRS_REQUIRED=1`` (CI sets it, as it sets
``E2E_REQUIRED=1`` for the browser), where a missing LRS fails the run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.servers import HOST, REPO_ROOT, free_port

LRS_VENV = REPO_ROOT / ".venv-lrs"
RALPH = LRS_VENV / "bin" / "ralph"
RALPH_PYTHON = LRS_VENV / "bin" / "python"
VALIDATOR = Path(__file__).resolve().parent / "interop" / "ralph_validate.py"
LAUNCHER = Path(__file__).resolve().parent / "interop" / "ralph_server.py"  # `ralph runserver`, appending to its file
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3"}
MISSING = (
    f"The xAPI tests need Ralph's own virtual environment at {LRS_VENV} (`make install` builds it from "
    "requirements-lrs.txt)."
)


def lrs_required_or_skip() -> None:
    """Skip the calling test when Ralph is not installed, or fail it when ``LRS_REQUIRED=1``."""
    if RALPH.exists():
        return
    if os.environ.get("LRS_REQUIRED") == "1":
        pytest.fail(f"LRS_REQUIRED=1 but Ralph is missing. {MISSING}", pytrace=False)
    pytest.skip(MISSING)


def _ralph_env(directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RALPH_", "VIRTUAL_ENV"))}
    env.update(
        RALPH_RUNSERVER_BACKEND="fs",
        RALPH_APP_DIR=str(directory / "app"),
        RALPH_AUTH_FILE=str(directory / "auth.json"),
        RALPH_SENTRY_DSN="",
        PYTHONUNBUFFERED="1",
    )
    return env


class RalphLRS:
    """One Ralph server: ``start()``, ``stop()`` (statements kept on disk), ``start()`` again on the same port."""

    def __init__(self, directory: Path, *, key: str = "upskill-lrs", secret: str = "loopback-only-secret"):
        self.directory = directory
        self.key, self.secret = key, secret
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}/xAPI/"
        self.process: subprocess.Popen | None = None
        self.log = directory / "ralph.log"
        (directory / "cwd").mkdir(parents=True, exist_ok=True)  # the dev server's reloader watches its cwd only
        (directory / "data").mkdir(exist_ok=True)
        subprocess.run(  # noqa: S603 - our own pinned Ralph
            [str(RALPH), "auth", "-u", key, "-p", secret, "-s", "all", "-A", "upskill-tests", f"http://{HOST}/", "-w"],
            env=_ralph_env(directory),
            cwd=directory / "cwd",
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        command = [str(RALPH_PYTHON), str(LAUNCHER), "runserver", "-b", "fs", "-h", HOST, "-p", str(self.port)]
        command += ["--fs-default-directory-path", str(self.directory / "data")]
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(  # noqa: S603
                command,
                stdout=sink,
                stderr=subprocess.STDOUT,
                env=_ralph_env(self.directory),
                cwd=self.directory / "cwd",
                start_new_session=True,  # its own process group: stop() ends the reloader and the server together
            )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"http://{HOST}:{self.port}/__heartbeat__", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Ralph did not answer:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def statements(self, **params) -> list[dict]:
        """Read every statement back through the LRS's GET /xAPI/statements, following its ``more`` links."""
        session = requests.Session()
        session.trust_env = False
        found: list[dict] = []
        url = f"http://{HOST}:{self.port}/xAPI/statements"
        query = {"limit": 100, **params}
        while url:
            response = session.get(url, params=query, auth=(self.key, self.secret), headers=XAPI_HEADERS, timeout=60)
            response.raise_for_status()
            body = response.json()
            found.extend(body["statements"])
            more = body.get("more")
            url, query = (f"http://{HOST}:{self.port}{more}", None) if more else (None, None)
        return found

    def stored_ids(self) -> list[str]:
        """Return the id of every statement in Ralph's files, repeats included (the fs backend's JSON lines)."""
        ids = []
        for path in sorted((self.directory / "data").iterdir()):
            with path.open() as lines:
                ids.extend(json.loads(line)["id"] for line in lines if line.strip())
        return ids


def ralph_validate(statements: list[dict]) -> list[str]:
    """Validate statements with Ralph's own xAPI models, in Ralph's environment; return the errors (none: [])."""
    done = subprocess.run(  # noqa: S603
        [str(RALPH_PYTHON), str(VALIDATOR)],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        env=_ralph_env(Path("/nonexistent")),
        check=False,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"the validator failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)
