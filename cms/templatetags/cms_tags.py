"""Template tags for the site shell."""

from django import template
from django.core.cache import cache
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[dict]:
    """Return the home page's children that editors marked "show in menus"."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_main_navigation", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    items = []
    if site is not None:
        root = site.root_page
        items.append({"title": "Home", "url": "/", "current": request.path == "/"})
        for page in root.get_children().live().in_menu().only("id", "title", "url_path", "path", "depth"):
            url = page.get_url(request)
            items.append({"title": page.title, "url": url, "current": bool(url) and request.path.startswith(url)})
    request._main_navigation = items
    return items


ADMIN_ACCESS_CACHE_SECONDS = 300
ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"


@register.simple_tag(takes_context=True)
def may_use_admin(context) -> bool:
    """Return whether the signed-in user may open the Wagtail admin (its ``access_admin`` permission), for the
    header's "Admin" link. Cached briefly per user, so most pages pay no query for it."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return user.is_active
    key = f"cms:may-use-admin:{user.pk}"
    found = cache.get(key)
    if found is None:
        found = user.has_perm(ADMIN_ACCESS_PERMISSION)
        cache.set(key, found, ADMIN_ACCESS_CACHE_SECONDS)
    return found
