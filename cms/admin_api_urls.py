"""Wagtail's admin API routes as `wagtail.admin.api.urls` builds them, imported on first use (cms/admin_api.py)."""

from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cms import admin_api

admin_api.real_modules()
admin_api_router = WagtailAPIRouter(admin_api.NAMESPACE)
admin_api_router.register_endpoint("pages", PagesAdminAPIViewSet)

for fn in hooks.get_hooks("construct_admin_api"):
    fn(admin_api_router)

admin_api_router._endpoints = admin_api.real_endpoints(admin_api_router._endpoints)
urlpatterns = admin_api_router.get_urlpatterns()
for decorator in (require_admin_access, display_custom_404, never_cache):  # as Wagtail wraps every admin view
    urlpatterns = decorate_urlpatterns(urlpatterns, decorator)
