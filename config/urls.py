"""Root URLconf: admin, accounts, learner views, search, then Wagtail's page serving.

Wagtail's own sign-in, sign-out and password-reset addresses come first and redirect to allauth's
(learning/account_doors.py): every sign-in goes through allauth. django.contrib.admin is installed
(allauth and Wagtail use its parts) but deliberately not routed. Wagtail's admin API is routed as Wagtail
routes it, but loaded on first use (cms/admin_api.py).
"""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import admin_api, lazy_modules
from cms import views as cms_views
from learning import account_doors
from learning.scorm.urls import content_urlpatterns as scorm_content_urlpatterns

admin_api.install()  # before Wagtail's admin URLconf imports its API: that loads on first use
lazy_modules.defer()  # before allauth's URLconf imports its WebAuthn support
from wagtail.admin import urls as wagtailadmin_urls  # noqa: E402

admin_api.armed()

urlpatterns = [
    *account_doors.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("search/", cms_views.search, name="search"),
    path("favicon.ico", cms_views.favicon, name="favicon"),
    path("learning/", include("learning.urls")),
    path("learning/", include("assessments.urls")),
    path("learning/", include("readiness.urls")),
    path("learning/notifications/", include("notifications.urls")),
    path("xapi/", include("interop.urls")),
    path("", include("credentials.urls")),  # /credentials/... (public verification) and /learning/achievements/
    path("scorm-content/", include(scorm_content_urlpatterns)),  # answers only on the content host
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
