"""Exactly once under real concurrency (PostgreSQL): two schedulers, two workers, one of them killed with SIGKILL
in the middle of its batch and a third started after; every message reaches the SMTP server once."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from django.utils import timezone

from learning.models import Organisation, StaffMember
from notifications.models import JobRun, Message
from tests.conftest import is_postgres
from tests.servers import REPO_ROOT, database_url_for_other_processes, process_env

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not is_postgres(), reason="several workers at once need PostgreSQL"),
]
MESSAGES = 400


def _outbox() -> None:
    organisation = Organisation.objects.create(name="Northbrook", slug="northbrook")
    people = StaffMember.objects.bulk_create(
        StaffMember(organisation=organisation, employee_number=f"E{n:04d}", first_name="Pat", email=f"p{n}@nb.example")
        for n in range(MESSAGES)
    )
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            key=f"test:{person.id}",
            kind=Message.Kind.MANAGER_DIGEST,
            organisation=organisation,
            recipient=person,
            to_email=person.email,
            context={"first_name": "Pat", "overdue": []},
            created_at=now,
            next_attempt_at=now,
        )  # fmt: skip
        for person in people
    )


def _start(command: list[str], env: dict, log, started: list) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "manage.py", *command], cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    started.append(process)
    return process


class Relay:
    """Wraps the test SMTP server: on ``hold`` it keeps new messages waiting before answering, and a message whose
    sender has gone (its connection closed before the answer) is never accepted, as a real relay would."""

    def __init__(self, collector, accept):
        self.collector, self.accept = collector, accept
        self.hold = threading.Event()
        self.waiting = 0
        self.dropped = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.002)
        if self.hold.is_set():
            self.waiting += 1
            try:
                while self.hold.is_set():
                    await asyncio.sleep(0.01)
            except asyncio.CancelledError:  # aiosmtpd cancels the handler when the connection is lost
                self.dropped += 1
                raise
            finally:
                self.waiting -= 1
        if server.transport is None or server.transport.is_closing():
            self.dropped += 1
            return "421 Connection gone"
        return await self.accept(self.collector, server, session, envelope)


def test_two_workers_two_schedulers_and_a_killed_worker_send_every_message_once(smtp_server, settings, tmp_path):
    original = type(smtp_server).handle_DATA
    relay = Relay(smtp_server, original)
    started: list[subprocess.Popen] = []
    type(smtp_server).handle_DATA = lambda self, *args: relay.handle_DATA(*args)
    try:
        _outbox()
        env = process_env(
            database_url_for_other_processes(tmp_path), EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(settings.EMAIL_PORT)
        )
        log = (tmp_path / "workers.log").open("wb")
        schedulers = [_start(["run_due_jobs"], env, log, started) for _ in range(2)]
        for scheduler in schedulers:
            assert scheduler.wait(timeout=120) == 0
        assert JobRun.objects.filter(job="deliver_messages").count() == 1  # two schedulers, one enqueue
        from notifications.tasks import messages_deliver

        messages_deliver.enqueue()  # a second delivery job, so both workers deliver at once
        worker = ["db_worker", "--backend", "background", "--no-reload", "--no-startup-delay"]
        doomed, survivor = _start(worker, env, log, started), _start(worker, env, log, started)
        deadline = time.monotonic() + 120
        while len(smtp_server.messages) < MESSAGES // 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        relay.hold.set()  # both workers are now in the middle of sending a message
        while relay.waiting < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert relay.waiting == 2, (tmp_path / "workers.log").read_text()[-3000:]
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
        time.sleep(0.5)
        relay.hold.clear()
        messages_deliver.enqueue()  # the next scheduled delivery picks up what the killed worker held
        late = _start([*worker, "--batch"], env, log, started)
        assert late.wait(timeout=180) == 0
        while Message.objects.filter(status=Message.Status.PENDING).exists() and time.monotonic() < deadline + 60:
            time.sleep(0.1)
        survivor.send_signal(signal.SIGTERM)
        survivor.wait(timeout=60)
    finally:
        type(smtp_server).handle_DATA = original
        for process in started:  # nothing may hold the database when the test database is flushed
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
    assert relay.dropped == 1  # the killed worker's message in flight was never accepted
    keys = Counter(message["X-Upskill-Message"] for message in smtp_server.messages)
    assert {key: n for key, n in keys.items() if n > 1} == {}  # none twice
    assert len(keys) == MESSAGES  # none lost
    assert Message.objects.filter(status=Message.Status.SENT).count() == MESSAGES
