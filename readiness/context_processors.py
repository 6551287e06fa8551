"""Template context for the site's navigation: whether to offer "My team"."""

from django.utils.functional import SimpleLazyObject

from readiness.team import manager_has_reports_cached


def navigation(request) -> dict:
    """Return ``nav_has_reports``, worked out (and cached briefly) only when a template asks for it."""
    user = getattr(request, "user", None)
    return {"nav_has_reports": SimpleLazyObject(lambda: manager_has_reports_cached(user))}
