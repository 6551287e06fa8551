"""Template tags for the site shell."""

from django import template
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
