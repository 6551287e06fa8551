"""Say what is wrong with production's SCORM content host (pure: no settings, no environment read here)."""

from __future__ import annotations

from urllib.parse import urlsplit

SCORM_HOST_MISSING = (
    "UPSKILL_SCORM_CONTENT_HOST must be set in production: the host name SCORM packages play from (for example "
    "scorm.your-org.gov.uk), pointed at this app and listed in DJANGO_ALLOWED_HOSTS."
)
SCORM_HOST_IS_SITE = (
    "UPSKILL_SCORM_CONTENT_HOST must be a host name of its own, not the site's ({host}): a package is a vendor's "
    "JavaScript, and on the site's host it would run beside the learner's session."
)


def _host(name: str) -> str:
    return name.strip().lower().rstrip(".")


def scorm_content_host_problem(*, content_host: str, site_url: str) -> str:
    """Return why ``content_host`` (the environment's value, "" when unset) cannot serve SCORM packages beside the
    site at ``site_url`` (production's WAGTAILADMIN_BASE_URL), or "" when it can."""
    if not _host(content_host):
        return SCORM_HOST_MISSING
    site_host = _host(urlsplit(site_url).hostname or "")
    if _host(content_host) == site_host:
        return SCORM_HOST_IS_SITE.format(host=site_host)
    return ""
