"""Resolve deep page URLs in two queries instead of two per level of the page tree."""

from django.http import Http404
from wagtail.models import Page
from wagtail.url_routing import RouteResult


class DirectRouteMixin:
    """Route ``/a/b/c/`` below this page by its stored ``url_path``, not level by level.

    Wagtail's default routing fetches each level's child and its specific page (two queries a level),
    so a lesson four levels down costs eight. This looks the target up directly and loads its
    specific page: two queries at any depth. When nothing matches, or the target has its own routing,
    it falls back to Wagtail's walk, so custom routes and 404s behave exactly as before.
    """

    def route(self, request, path_components):
        if len(path_components) < 2:
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        target = (
            Page.objects.filter(url_path=url_path, path__startswith=self.path)
            .only("id", "content_type_id", "url_path", "path", "depth")
            .first()
        )
        if target is None:
            return super().route(request, path_components)
        page = target.specific
        if type(page).route is not Page.route:
            return super().route(request, path_components)
        if not page.live:
            raise Http404
        return RouteResult(page)
