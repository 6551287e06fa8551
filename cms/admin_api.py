"""Wagtail's admin API (the JSON the page explorer and choosers read under /admin/api/main/) loads on first use.

Wagtail imports that API at start-up from two places: its admin URLconf imports ``wagtail.admin.api.urls``,
and the documents and images apps' ``wagtail_hooks`` import their admin API viewsets to register them. Both
bring in django-rest-framework, pygments, pydantic and Wagtail's v2 API: about 26 MiB in every worker,
though only editors in the admin ever call it.

``install()`` runs before the admin URLconf is imported (config/urls.py) and puts stand-ins in place:

- for ``wagtail.admin.api.urls``: the same address under the same namespace (``wagtailadmin_api``), naming
  the real routes by module path (``cms.admin_api_urls``). Django imports that module the first time a
  request is resolved under it or one of its names is reversed; its resolver does not look inside a
  namespaced include before then, so learner pages, which reverse only names outside it, never load it.
  While Wagtail's admin URLconf is imported it wraps every admin view in three decorators, which would load
  the routes at once: until ``armed()`` (called by config/urls.py right after) the stand-in shows no routes,
  and ``cms.admin_api_urls`` wraps its views in the same decorators, in the same order;
- for the two viewset modules: a placeholder per viewset, which the hooks register as they always did.
  ``cms.admin_api_urls`` swaps the real modules in, runs the hooks and puts the real classes in place of the
  placeholders before it builds the routes.

``tests/cms/test_admin_api.py`` checks that the admin API still answers and fails when a Wagtail upgrade
changes any of the modules this stands in for.
"""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass

from django.urls import URLResolver
from django.urls.resolvers import RoutePattern
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language

URLS_MODULE = "wagtail.admin.api.urls"
ROUTES = "cms.admin_api_urls"
NAMESPACE = "wagtailadmin_api"  # Wagtail's: its admin pages reverse "wagtailadmin_api:pages:listing"
VIEWSETS = {  # module imported by a wagtail_hooks at start-up -> the viewset it imports from there
    "wagtail.documents.api.admin.views": "DocumentsAdminAPIViewSet",
    "wagtail.images.api.admin.views": "ImagesAdminAPIViewSet",
}


@dataclass(frozen=True)
class ViewSetPlaceholder:
    """Stands for one of Wagtail's admin API viewsets until the admin API is first used."""

    module: str
    name: str

    def load(self) -> type:
        return getattr(importlib.import_module(self.module), self.name)


class DeferredResolver(URLResolver):
    """A namespaced include whose routes are imported on first use, and hidden until ``armed()``.

    Django's resolver asks every include to index its names when it first reverses a name; this one indexes
    its own (importing its routes) only when a name inside its namespace is reversed or a path under it is
    resolved.
    """

    live = False

    @property
    def url_patterns(self):
        return URLResolver.url_patterns.func(self) if self.live else []

    def _populate(self):
        pass  # called by the enclosing resolver, which needs only this include's namespace

    def _indexed(self, index: dict):
        language = get_language()
        if language not in index:
            if not self.live:
                return MultiValueDict() if index is self._reverse_dict else {}
            URLResolver._populate(self)
        return index[language]

    @property
    def reverse_dict(self):
        return self._indexed(self._reverse_dict)

    @property
    def namespace_dict(self):
        return self._indexed(self._namespace_dict)

    @property
    def app_dict(self):
        return self._indexed(self._app_dict)

    def _is_callback(self, name):
        self._indexed(self._reverse_dict)
        return name in self._callback_strs


def armed() -> None:
    """Let the admin API's stand-in load its routes when first used (after Wagtail has decorated the admin's)."""
    stand_in = sys.modules.get(URLS_MODULE)
    for pattern in getattr(stand_in, "urlpatterns", []):
        if isinstance(pattern, DeferredResolver):
            pattern.live = True


def _stand_in(module_name: str, **attributes) -> None:
    module = types.ModuleType(module_name, "A stand-in until first use (cms/admin_api.py).")
    module.__dict__.update(attributes, __stand_in__=True)
    sys.modules[module_name] = module


def install() -> None:
    """Register the stand-ins for what has not been imported yet (what has, stays as it is)."""
    if URLS_MODULE not in sys.modules:
        main = RoutePattern("main/", is_endpoint=False)
        routes = DeferredResolver(main, ROUTES, app_name=NAMESPACE, namespace=NAMESPACE)
        _stand_in(URLS_MODULE, urlpatterns=[routes])
    for module_name, name in VIEWSETS.items():
        if module_name not in sys.modules:
            _stand_in(module_name, **{name: ViewSetPlaceholder(module_name, name)})


def real_modules() -> None:
    """Drop the viewset modules' stand-ins, so the next import of each loads Wagtail's own."""
    for module_name in VIEWSETS:
        if getattr(sys.modules.get(module_name), "__stand_in__", False):
            del sys.modules[module_name]


def real_endpoints(endpoints: dict[str, object]) -> dict[str, object]:
    """Return the router's endpoints with each placeholder replaced by the viewset it stands for."""
    return {
        name: (viewset.load() if isinstance(viewset, ViewSetPlaceholder) else viewset)
        for name, viewset in endpoints.items()
    }
