"""The content origin: package files only there, only with a valid grant, never with the learner's session."""

import json
import re

import pytest
from django.test import Client

from learning.models import ScormAttempt
from learning.scorm import content

pytestmark = pytest.mark.django_db

CONTENT_HOST = "scorm.localhost"  # settings.UPSKILL_SCORM_CONTENT_HOST in every settings file unless set


def player_url_from(page_html: str) -> str:
    return re.search(r'data-src="([^"]+)"', page_html).group(1).replace("&amp;", "&")


@pytest.fixture
def player_path(learner_client, lesson_12):
    url = player_url_from(learner_client.get(lesson_12.url).content.decode())
    assert url.startswith(f"http://{CONTENT_HOST}/scorm-content/")
    return url.removeprefix(f"http://{CONTENT_HOST}")


def test_the_lesson_page_frames_the_player_on_the_content_origin_in_a_sandbox(learner_client, lesson_12):
    html = learner_client.get(lesson_12.url).content.decode()
    assert 'sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals"' in html
    assert f'data-scorm-content-origin="http://{CONTENT_HOST}"' in html
    config = json.loads(re.search(r'<script id="scorm-player" type="application/json">(.+?)</script>', html).group(1))
    assert config["items"][0]["resume"]["cmi.core.entry"] == "ab-initio"


def test_someone_without_a_staff_record_sees_the_lesson_but_no_player_and_is_told_why(client, lesson_12):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = client.get(lesson_12.url).content.decode()
    assert "data-scorm-no-staff" in html and "plays only for people with a staff record" in html
    assert "data-scorm-frame" not in html and "Not started" not in html


def test_the_content_host_serves_the_player_and_files_without_any_cookie(player_path):
    anonymous = Client(HTTP_HOST=CONTENT_HOST)
    player = anonymous.get(player_path)
    assert player.status_code == 200
    policy = player["Content-Security-Policy"]
    assert "frame-ancestors 'self' http://testserver" in policy
    assert policy.startswith("default-src 'self' 'unsafe-inline'")  # no other host: packages cannot phone home
    launch = anonymous.get(player_path + "p/shared/launchpage.html")
    assert launch.status_code == 200 and launch["Content-Type"].startswith("text/html")
    assert b"".join(launch.streaming_content).startswith(b"<")
    for response in (player, launch):
        assert not response.cookies  # no session, no CSRF cookie set by content responses
        assert "Set-Cookie" not in response
        assert "X-Frame-Options" not in response


def test_content_requests_ignore_a_session_cookie_sent_to_them(learner_client, player_path):
    """Even a browser that sent the session cookie to the content host gets nothing tied to the session."""
    session = learner_client.cookies["sessionid"].value
    client = Client(HTTP_HOST=CONTENT_HOST)
    client.cookies["sessionid"] = session
    assert client.get(player_path).status_code == 200
    assert client.get("/learning/").status_code == 404  # nothing but content on the content host
    assert client.get("/admin/").status_code == 404


def test_the_content_origin_cannot_call_the_commit_endpoint_with_the_learners_session(learner_client, lesson_12):
    session = learner_client.cookies["sessionid"].value
    client = Client(HTTP_HOST=CONTENT_HOST)
    client.cookies["sessionid"] = session
    response = client.post(
        f"/learning/scorm/{lesson_12.id}/commit/",
        json.dumps({"version": lesson_12.package_version_id, "item": "item_1", "values": {}}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not ScormAttempt.objects.exists()


def test_the_main_origin_does_not_serve_package_files(learner_client, player_path):
    assert learner_client.get(player_path).status_code == 404
    assert learner_client.get(player_path + "p/shared/launchpage.html").status_code == 404


def test_a_forged_or_altered_grant_is_refused(player_path):
    client = Client(HTTP_HOST=CONTENT_HOST)
    token = player_path.split("/")[2]
    altered = player_path.replace(token, token[:-2] + ("aa" if not token.endswith("aa") else "bb"))
    assert client.get(altered).status_code == 404
    forged = content.grant_token(version_id=1, staff_id=1, parent_origin="http://x").replace(":", ";", 1)
    assert client.get(f"/scorm-content/{forged}/").status_code == 404


def test_an_expired_grant_is_refused(player_path, monkeypatch):
    monkeypatch.setattr(content, "TOKEN_MAX_AGE", -1)
    assert Client(HTTP_HOST=CONTENT_HOST).get(player_path).status_code == 404


@pytest.mark.parametrize("path", ["p/../../../etc/passwd", "p/%2e%2e/imsmanifest.xml", "p/shared/../../x", "p/"])
def test_paths_outside_the_package_are_not_served(player_path, path):
    assert Client(HTTP_HOST=CONTENT_HOST).get(player_path + path).status_code == 404


def test_session_cookies_are_host_only():
    from django.conf import settings

    assert settings.SESSION_COOKIE_DOMAIN is None and settings.CSRF_COOKIE_DOMAIN is None


def test_a_request_from_the_content_origin_to_the_main_commit_endpoint_is_refused(staff, lesson_12):
    """Even were the browser to send the learner's cookies with a cross-origin request from a package, the commit
    endpoint refuses a POST whose Origin is the content origin (Django's CSRF origin check)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.user)
    token = client.get(lesson_12.url).cookies["csrftoken"].value
    body = json.dumps({"version": lesson_12.package_version_id, "item": "item_1", "values": {}})
    url = f"/learning/scorm/{lesson_12.id}/commit/"
    refused = client.post(
        url, body, content_type="application/json", headers={"X-CSRFToken": token, "Origin": f"http://{CONTENT_HOST}"}
    )
    assert refused.status_code == 403
    assert not ScormAttempt.objects.exists()
    allowed = client.post(
        url, body, content_type="application/json", headers={"X-CSRFToken": token, "Origin": "http://testserver"}
    )
    assert allowed.status_code == 200
