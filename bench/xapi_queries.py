"""The in-process half of the xapi benchmark (bench/xapi.py): runs inside Django, in its subprocesses.

``learners`` makes the two organisations (LRS endpoint on, off) and their learners; ``count`` counts the queries
of one first completion per setting and the statements the HTTP completions wrote; ``outbox`` fills the outbox
for the drain and queues the delivery tasks; ``outcome`` reads what the delivery tasks did.

    python -m bench.xapi_queries ACTION OUT.json [--option value ...]
"""

from __future__ import annotations

from collections import Counter

from bench.inprocess import cli

DELIVERY_JOBS = 12
ORGANISATIONS = {"off": "bench-xapi-off", "on": "bench-xapi-on"}  # slug per setting of the LRS endpoint
PASSWORD = "Bench-xapi-password-2026"
COUNTED = 2  # learners per setting kept for the query count (one warm-up completion, one counted)


def learners(count: int) -> dict:
    """Create ``count`` learners in each of two organisations alike but for their LRS endpoint, on or off
    (untimed set-up); every learner has the same password, hashed once with the production hasher."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from bench.learner_pages_queries import describe
    from interop.models import LrsEndpoint
    from learning.models import Organisation, StaffMember

    User = get_user_model()
    hashed = make_password(PASSWORD)
    emails = {}
    with transaction.atomic():
        for setting, slug in ORGANISATIONS.items():
            domain = f"{slug}.example"
            organisation = Organisation.objects.create(slug=slug, name=f"Bench council ({setting})",
                                                       email_domains=domain)  # fmt: skip
            LrsEndpoint.objects.create(organisation=organisation, name="Bench LRS", url="http://127.0.0.1:9/xAPI/",
                                       key="k", secret="s", active=setting == "on")  # fmt: skip
            emails[setting] = [f"xapi{n:04d}@{domain}" for n in range(count)]
            users = User.objects.bulk_create(User(username=e, email=e, password=hashed) for e in emails[setting])
            EmailAddress.objects.bulk_create(
                EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
            )
            StaffMember.objects.bulk_create(
                StaffMember(
                    organisation=organisation, user=u, employee_number=f"X{n:05d}", first_name="Pat", email=u.email
                )
                for n, u in enumerate(users)
            )
    return {"emails": emails, **describe()}


def statements_written() -> dict:
    from interop.models import OutboxStatement

    return {
        setting: OutboxStatement.objects.filter(endpoint__organisation__slug=slug).count()
        for setting, slug in ORGANISATIONS.items()
    }


def count(lesson_url: str, complete_path: str, off_emails: str, on_emails: str) -> dict:
    """Count the queries of one first completion per setting, after a warm-up completion by another learner;
    return them with the statements the HTTP completions wrote, then switch the endpoint off for the drain."""
    from bench.inprocess import captured, signed_in_client
    from interop.models import LrsEndpoint

    written = statements_written()
    queries = {}
    for setting, emails in (("off", off_emails), ("on", on_emails)):
        for number, email in enumerate(emails.split(",")):
            client = signed_in_client(email)
            if client.get(lesson_url).status_code != 200:
                raise SystemExit(f"{lesson_url} did not answer 200 for {email}")
            if number == 0:  # the warm-up completion
                client.post(complete_path)
            else:
                queries[setting] = captured(lambda c=client: c.post(complete_path), 302, f"POST {complete_path}")
    LrsEndpoint.objects.filter(organisation__slug=ORGANISATIONS["on"]).update(active=False)  # not for the drain
    return {"written": written, "queries": queries}


def outbox(count: int, url: str, key: str, secret: str) -> dict:
    """Fill the outbox with ``count`` statements for an endpoint at ``url`` and queue the delivery tasks."""
    import uuid

    from django.utils import timezone

    from interop import statements as xapi
    from interop.models import LrsEndpoint, OutboxStatement
    from interop.tasks import statements_deliver
    from learning.models import Organisation

    organisation, _ = Organisation.objects.get_or_create(slug="bench-drain", defaults={"name": "Drain council"})
    endpoint = LrsEndpoint.objects.create(organisation=organisation, name="Ralph", url=url, key=key, secret=secret)
    now = timezone.now()
    course = xapi.Activity(xapi.activity_id("http://127.0.0.1/", "pages", 1), xapi.COURSE, "Bench course")
    rows = []
    for n in range(count):
        actor = xapi.Actor(home_page="http://127.0.0.1/", name=str(uuid.uuid4()))
        built = xapi.lesson_completed(
            actor=actor, base_url="http://127.0.0.1/", lesson_id=n % 50 + 2, lesson_title=f"Lesson {n % 50 + 1}",
            course=course, registration=str(uuid.uuid4()), at=now,
        )  # fmt: skip
        rows.append(
            OutboxStatement(
                endpoint=endpoint,
                statement_id=built["id"],
                verb="completed",
                payload=built,
                created_at=now,
                next_attempt_at=now,
            )  # fmt: skip
        )
    OutboxStatement.objects.bulk_create(rows, batch_size=2000)
    for _ in range(DELIVERY_JOBS):
        statements_deliver.enqueue()
    return {"ids": [str(row.statement_id) for row in rows]}


def outcome() -> dict:
    from django_tasks_db.models import DBTaskResult

    from interop.models import OutboxStatement

    drained = OutboxStatement.objects.filter(endpoint__organisation__slug="bench-drain")
    sent_by_tasks = 0
    for task in DBTaskResult.objects.filter(task_path="interop.tasks.statements_deliver"):
        sent_by_tasks += (task.return_value or {}).get("sent", 0)
    return {
        "statuses": dict(Counter(drained.values_list("status", flat=True))),
        "attempts": dict(Counter(drained.values_list("attempts", flat=True))),
        "sent_by_tasks": sent_by_tasks,
        "tasks": dict(
            Counter(
                DBTaskResult.objects.filter(task_path="interop.tasks.statements_deliver").values_list(
                    "status", flat=True
                )
            )
        ),  # fmt: skip
    }


if __name__ == "__main__":
    cli(
        __doc__.split("\n")[0],
        {"learners": learners, "count": count, "outbox": outbox, "outcome": outcome},
        {
            "count": int,
            "url": str,
            "key": str,
            "secret": str,
            "lesson-url": str,
            "complete-path": str,
            "off-emails": str,
            "on-emails": str,
        },
    )
