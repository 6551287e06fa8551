"""Which video links editors may embed, and the player address each becomes. Pure: no network, no ORM.

An editor pastes the link they see in their browser (a YouTube watch page, a Vimeo page, or a player address on
a host the organisation runs). The link is turned into a player address without asking the video host anything
(no oEmbed call when a lesson is saved or shown), and only hosts in ``settings.UPSKILL_VIDEO_HOSTS`` are
accepted. The same list is the Content Security Policy's ``frame-src`` (``config/settings/base.py``), so what
an editor can save is exactly what a learner's browser will show.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

YOUTUBE_PLAYER_HOST = "www.youtube-nocookie.com"
VIMEO_PLAYER_HOST = "player.vimeo.com"
DEFAULT_VIDEO_HOSTS = (YOUTUBE_PLAYER_HOST, VIMEO_PLAYER_HOST)

YOUTUBE_PAGE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"}
VIMEO_PAGE_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
HOST_NAMES = {YOUTUBE_PLAYER_HOST: "YouTube", VIMEO_PLAYER_HOST: "Vimeo"}

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^[0-9]{3,15}$")

ERROR_NOT_A_LINK = "Enter the full address of the video, starting with https://."
ERROR_HOST_NOT_APPROVED = "Videos can only come from an approved host: {hosts}. {host} is not one of them."
ERROR_NO_VIDEO = "This link does not point to a single video. Copy the address of the video's own page."


class VideoLinkError(ValueError):
    """A link that cannot be embedded, with the sentence to show the editor."""


def host_names(hosts: tuple[str, ...] | list[str]) -> str:
    """Return the approved hosts as editors know them: "YouTube, Vimeo" (other hosts by their address)."""
    return ", ".join(HOST_NAMES.get(host, host) for host in hosts)


def _youtube_id(parts) -> str | None:
    path = parts.path.rstrip("/")
    if parts.hostname == "youtu.be":
        candidate = path.lstrip("/")
    elif path == "/watch":
        candidate = (parse_qs(parts.query).get("v") or [""])[0]
    else:
        match = re.match(r"^/(?:embed|shorts|live|v)/([^/]+)$", path)
        candidate = match.group(1) if match else ""
    return candidate if _YOUTUBE_ID.match(candidate or "") else None


def _vimeo_id(parts) -> str | None:
    match = re.match(r"^/(?:video/)?([0-9]+)$", parts.path.rstrip("/"))
    return match.group(1) if match and _VIMEO_ID.match(match.group(1)) else None


def player_url(link: str, approved_hosts: tuple[str, ...] | list[str]) -> str:
    """Return the player address to put in the lesson's frame for ``link``; raise ``VideoLinkError`` if refused."""
    parts = urlsplit((link or "").strip())
    if parts.scheme != "https" or not parts.hostname:
        raise VideoLinkError(ERROR_NOT_A_LINK)
    host = parts.hostname.lower()
    if host in YOUTUBE_PAGE_HOSTS and YOUTUBE_PLAYER_HOST in approved_hosts:
        video_id = _youtube_id(parts)
        if video_id is None:
            raise VideoLinkError(ERROR_NO_VIDEO)
        return f"https://{YOUTUBE_PLAYER_HOST}/embed/{video_id}"
    if host in VIMEO_PAGE_HOSTS and VIMEO_PLAYER_HOST in approved_hosts:
        video_id = _vimeo_id(parts)
        if video_id is None:
            raise VideoLinkError(ERROR_NO_VIDEO)
        return f"https://{VIMEO_PLAYER_HOST}/video/{video_id}"
    if host in approved_hosts and host not in HOST_NAMES:
        return parts.geturl()  # an organisation's own player: embedded as given
    raise VideoLinkError(ERROR_HOST_NOT_APPROVED.format(hosts=host_names(approved_hosts), host=host))
