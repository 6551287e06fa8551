"""Start gunicorn on a free loopback port, wait until it answers, and always stop it."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from bench.database import REPO_ROOT, BenchError

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Server:
    """A running gunicorn: where it listens and where it logs."""

    port: int
    workers: int
    log_path: Path
    master_pid: int = 0

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        """Return the end of gunicorn's log (errors and tracebacks)."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def worker_rss_mb(server: Server) -> list[float]:
    """Return the resident memory (MiB) of each of gunicorn's worker processes, read from /proc."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue  # the process ended while we looked
        if fields.get("PPid", "").strip() == str(server.master_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def gunicorn_version() -> str:
    import gunicorn

    return gunicorn.__version__


@contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    app: str = "config.wsgi:application",
    workers: int = 2,
    ready_path: str = "/",
    ready_timeout: float = 60,
) -> Iterator[Server]:
    """Run ``gunicorn app -w workers -b 127.0.0.1:<free port>`` until the block ends, then stop it."""
    port = free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="upskill-bench-gunicorn-"))
    server = Server(port=port, workers=workers, log_path=log_dir / "gunicorn.log")
    command = [sys.executable, "-m", "gunicorn", app, "-w", str(workers), "-b", f"{HOST}:{port}"]
    command += ["--log-level", "warning", "--error-logfile", "-"]
    with server.log_path.open("wb") as log:  # gunicorn's log and Django's errors (stderr) both land here
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the fallback kill reaches only its workers
        )
    server = replace(server, master_pid=process.pid)
    try:
        _wait_until_ready(process, server, ready_path, ready_timeout)
        yield server
    finally:
        _stop(process)
        for path in log_dir.iterdir():
            path.unlink()
        log_dir.rmdir()


def _wait_until_ready(process: subprocess.Popen, server: Server, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{server.log_tail()}")
        conn = http.client.HTTPConnection(HOST, server.port, timeout=5)
        try:
            conn.request("GET", path)
            status = conn.getresponse().status
        except OSError:
            time.sleep(0.2)
            continue
        finally:
            conn.close()
        if status < 500:
            return
        raise BenchError(f"gunicorn answered {path} with {status}:\n{server.log_tail()}")
    raise BenchError(f"gunicorn did not answer within {timeout:.0f} s:\n{server.log_tail()}")


def _stop(process: subprocess.Popen, grace: float = 20) -> None:
    """Stop gunicorn gracefully (SIGTERM: the master stops its workers, then exits).

    If the master is still there after ``grace`` seconds, kill gunicorn's own process group (master and
    workers, which it started in a new session) while the master still holds that group id.
    """
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
