"""Exactly once under real concurrency (PostgreSQL): two ``db_worker`` processes drain the same endpoint's outbox
into a real Ralph LRS at the same time; every statement is stored once and each is sent by one worker."""

import subprocess
import sys
import uuid
from collections import Counter

import pytest
from django.utils import timezone

from interop import statements as xapi
from interop.models import LrsEndpoint, OutboxStatement
from interop.tasks import statements_deliver
from learning.models import Organisation
from tests.conftest import is_postgres
from tests.servers import REPO_ROOT, database_url_for_other_processes, process_env

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not is_postgres(), reason="several workers at once need PostgreSQL"),
]
STATEMENTS = 1500


def test_two_workers_send_every_statement_once(ralph, tmp_path):
    from django_tasks_db.models import DBTaskResult

    organisation = Organisation.objects.create(name="Northbrook", slug="northbrook")
    endpoint = LrsEndpoint.objects.create(
        organisation=organisation, name="Ralph", url=ralph.url, key=ralph.key, secret=ralph.secret
    )
    now = timezone.now()
    course = xapi.Activity(xapi.activity_id("http://testserver/", "pages", 1), xapi.COURSE, "Course")
    rows = []
    for n in range(STATEMENTS):
        actor = xapi.Actor(home_page="http://testserver/", name=str(uuid.uuid4()))
        built = xapi.lesson_completed(
            actor=actor, base_url="http://testserver/", lesson_id=2 + n % 9, lesson_title="Lesson", course=course,
            registration=str(uuid.uuid4()), at=now,
        )  # fmt: skip
        rows.append(OutboxStatement(endpoint=endpoint, statement_id=built["id"], verb="completed", payload=built))
    OutboxStatement.objects.bulk_create(rows)
    for _ in range(4):
        statements_deliver.enqueue()
    env = process_env(database_url_for_other_processes(tmp_path))
    command = [sys.executable, "manage.py", "db_worker", "--backend", "background", "--batch", "--no-reload",
               "--no-startup-delay", "--verbosity", "0"]  # fmt: skip
    log = (tmp_path / "workers.log").open("wb")
    workers = [subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT) for _ in "ab"]
    assert [worker.wait(timeout=300) for worker in workers] == [0, 0], (tmp_path / "workers.log").read_text()[-3000:]
    results = [task.return_value for task in DBTaskResult.objects.filter(task_path="interop.tasks.statements_deliver")]
    assert sum(result["sent"] for result in results) == STATEMENTS  # no statement sent by two workers
    assert sum(1 for result in results if result["sent"]) == 2  # both workers delivered
    stored = Counter(ralph.stored_ids())
    assert set(stored) == {str(row.statement_id) for row in rows} and set(stored.values()) == {1}
    assert set(OutboxStatement.objects.values_list("status", "attempts")) == {("sent", 1)}
