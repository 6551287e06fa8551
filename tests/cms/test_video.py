"""Video blocks embed only from the approved hosts, checked without contacting them, and the policy frames them."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from cms import video
from cms.blocks import VideoBlock, VideoLinkBlock

HOSTS = ("www.youtube-nocookie.com", "player.vimeo.com")


@pytest.mark.parametrize(
    ("link", "player"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
    ],
)
def test_links_from_approved_hosts_become_their_player_address(link, player):
    assert video.player_url(link, HOSTS) == player


def test_an_organisations_own_player_is_embedded_as_given():
    link = "https://media.trust.nhs.example/embed/abc"
    assert video.player_url(link, (*HOSTS, "media.trust.nhs.example")) == link


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("https://videos.example.com/watch/1", video.ERROR_HOST_NOT_APPROVED.format(
            hosts="YouTube, Vimeo", host="videos.example.com")),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", video.ERROR_NOT_A_LINK),
        ("https://www.youtube.com/channel/UC123", video.ERROR_NO_VIDEO),
        ("https://vimeo.com/channels/staffpicks", video.ERROR_NO_VIDEO),
        ("javascript:alert(1)", video.ERROR_NOT_A_LINK),
    ],
)  # fmt: skip
def test_other_links_are_refused_with_a_clear_message(link, message):
    with pytest.raises(video.VideoLinkError) as error:
        video.player_url(link, HOSTS)
    assert str(error.value) == message


@override_settings(UPSKILL_VIDEO_HOSTS=["player.vimeo.com"])
def test_youtube_is_refused_when_it_is_not_on_the_list():
    with pytest.raises(ValidationError) as error:
        VideoLinkBlock().clean("https://youtu.be/dQw4w9WgXcQ")
    assert "Approved hosts" not in str(error.value) and "Vimeo" in str(error.value)


def test_the_help_text_names_the_approved_hosts():
    assert "Approved hosts: YouTube, Vimeo." in VideoLinkBlock().field.help_text


def test_saving_a_video_block_needs_no_network(monkeypatch):
    """Validation is a look at the address only: with every socket refused, a good link still saves."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("saving a video block contacted a host")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    block = VideoBlock()
    value = block.clean(block.to_python({"video": "https://youtu.be/dQw4w9WgXcQ", "title": "Rates", "transcript": ""}))
    html = block.render(value)
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'title="Video: Rates"' in html


def test_the_policy_frames_exactly_the_approved_hosts(client, db):
    from tests.factories.learning import site_home

    site_home()
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["frame-src"].split() == [
        "'self'",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "scorm.localhost:*",  # SCORM lessons' player, on the content host (learning/scorm/content.py)
    ]
    assert directives["frame-ancestors"] == "'self'"


def test_the_preview_may_be_framed_by_the_admin_only_and_runs_the_accessibility_checks(client, course, lessons):
    """The preview panel frames the preview: same origin allowed, every other site refused; Wagtail's user bar
    (which runs the Checks panel's accessibility checks) is in the preview and never on the live page."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("previewer", "previewer@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    lesson = lessons[0].specific
    url = f"/admin/pages/{lesson.id}/edit/preview/"
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "summary": "Previewed",
            "estimated_minutes": 10,
            "body": streamfield([("paragraph", rich_text("<p>Draft text</p>"))]),
            "skill_tags": inline_formset([]),  # the panel assessments adds to the lesson form
        }
    )
    posted = client.post(url, data)
    assert posted.status_code == 200, (posted.status_code, posted.get("Location"))
    assert posted.json()["is_valid"], posted.content[:300]
    response = client.get(url + "?in_preview_panel=true")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["frame-ancestors"] == "'self'"
    body = response.content.decode()
    assert "Draft text" in body and "wagtail-userbar" in body
    assert "wagtail-userbar" not in client.get(lesson.url).content.decode()
