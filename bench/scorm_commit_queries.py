"""The in-process half of the scorm-commit suite: runs inside Django, in a subprocess of run_bench.py.

``prepare`` finds the demo course's SCORM lesson and the plain page; ``count`` counts the SQL queries of one
plain page view and one commit with Django's test Client (after warm-up requests), and reads back the learner's
attempt.

    python -m bench.scorm_commit_queries prepare OUT.json --email E
    python -m bench.scorm_commit_queries count OUT.json --email E --plain-url U --commit-url C --version V --item I
"""

from __future__ import annotations

import json

from bench.inprocess import WARM_REQUESTS, captured, cli, request_queries, signed_in_client

PLAIN_SLUG = "accessibility"


def prepare(email: str) -> dict:
    from django.urls import reverse

    from cms.models import StandardPage
    from learning.models import ScormLessonPage

    lesson = ScormLessonPage.objects.live().select_related("package_version").get()
    version = lesson.package_version
    return {
        "plain_url": StandardPage.objects.get(slug=PLAIN_SLUG).url,
        "commit_url": reverse("learning:scorm_commit", args=[lesson.id]),
        "version": version.id,
        "item": version.launchable_items[0]["identifier"],
        "title": lesson.title,
    }


def count(email: str, plain_url: str, commit_url: str, version: int, item: str) -> dict:
    from bench.scorm_commit import commit_body
    from learning.models import ScormAttempt

    client = signed_in_client(email)
    body = json.dumps(commit_body(version, item))

    def send():
        return client.post(commit_url, body, content_type="application/json")

    for _ in range(WARM_REQUESTS):
        send()
    attempt = ScormAttempt.objects.get(staff__user__email=email, version_id=version)
    return {
        "requests": {
            "plain": request_queries(client, "GET", plain_url, 200),
            "commit": captured(send, 200, f"POST {commit_url}"),
        },
        "stored": {
            "location": attempt.location,
            "suspend_data_chars": len(attempt.suspend_data),
            "score_scaled": attempt.score_scaled,
            "commits": attempt.commits,
        },
    }


if __name__ == "__main__":
    cli(
        __doc__.split("\n")[0],
        {"prepare": prepare, "count": count},
        {"email": str, "plain-url": str, "commit-url": str, "version": int, "item": str},
    )
