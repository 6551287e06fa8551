"""Helpers for the in-process half of a suite: modules run inside Django, in a subprocess of run_bench.py.

Such a module is run as ``python -m bench.<module> ACTION OUT.json [--option value ...]`` (see
``bench.database.run_in_django``); ``cli`` parses that, sets Django up and writes the action's result to
OUT.json. Queries are counted with Django's test Client and CaptureQueriesContext against the run's database.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from pathlib import Path

WARM_REQUESTS = 2


def cli(description: str, actions: Mapping[str, Callable[..., dict]], options: Mapping[str, type]) -> None:
    """Parse ``ACTION OUT.json --option ...``, set Django up, run ``actions[ACTION](**options)``, write its JSON.

    Each action receives the options it names as keyword arguments (``--plain-url`` is ``plain_url``).
    """
    import inspect

    import django

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("action", choices=sorted(actions))
    parser.add_argument("out", type=Path)
    for name, kind in options.items():
        parser.add_argument(f"--{name}", type=kind)
    args = parser.parse_args()
    django.setup()
    action = actions[args.action]
    wanted = inspect.signature(action).parameters
    data = action(**{name: value for name, value in vars(args).items() if name in wanted})
    args.out.write_text(json.dumps(data, indent=2))


def signed_in_client(email: str):
    """Return a Django test Client signed in as the user with ``email``, on the host the server answers."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email=email))
    return client


def pass_second_factor(client, user) -> None:
    """Record in ``client``'s session that ``user`` gave their authenticator code (benchmarks only).

    HR and platform admins reach nothing until their session has used the second factor
    (learning/mfa_session.py). force_login stands in for the password step; this stands in for the code
    step, recording exactly what allauth records after a correct code, as tests/conftest.py does for tests.
    """
    from allauth.mfa.base.internal.flows import post_authentication
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest

    stand_in = HttpRequest()
    stand_in.session = client.session
    stand_in.user = user
    post_authentication(stand_in, Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    stand_in.session.save()


def captured(send: Callable[[], object], expect_status: int, what: str) -> dict:
    """Send one request with ``send()`` and return its queries as ``{"count": n, "sql": [...]}``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capture:
        response = send()
    if response.status_code != expect_status:
        raise SystemExit(f"{what} answered {response.status_code}, expected {expect_status}.")
    return {"count": len(capture), "sql": [query["sql"] for query in capture.captured_queries]}


def request_queries(client, method: str, path: str, expect_status: int) -> dict:
    """Return the queries of one request after ``WARM_REQUESTS`` identical ones (caches, connection warm)."""
    send = client.get if method == "GET" else client.post
    for _ in range(WARM_REQUESTS):
        send(path)
    return captured(lambda: send(path), expect_status, f"{method} {path}")
