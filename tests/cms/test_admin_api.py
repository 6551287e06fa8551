"""Wagtail's admin API loads on first use (cms/admin_api.py) and still answers editors as Wagtail's own does."""

import hashlib
import inspect

import wagtail.admin.urls
import wagtail.documents.wagtail_hooks
import wagtail.images.wagtail_hooks
from django.urls import reverse
from wagtail.api.v2 import router
from wagtail.utils import urlpatterns

from tests.factories import UserFactory
from tests.factories.learning import mfa_activate

# What cms/admin_api.py and cms/admin_api_urls.py follow. When a Wagtail upgrade changes one of these, compare
# it with our copy (the routes, the hooks that add endpoints, the decorators on every admin view), carry any
# change across, then update the fingerprint.
FINGERPRINTS = {
    "wagtail/admin/api/urls.py": "31b1bd7df84970fb",
    "wagtail/admin/urls/__init__.py": "6d6bc71cd43ea505",
    "wagtail/documents/wagtail_hooks.py": "4ccb969e6ab04a9f",
    "wagtail/images/wagtail_hooks.py": "9a4b7f697880ebd0",
}


def _fingerprint(relative: str) -> str:
    root = inspect.getfile(wagtail.admin.urls).split("wagtail/admin/urls/")[0]
    with open(root + relative, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()[:16]


def test_the_wagtail_modules_our_stand_ins_follow_are_unchanged():
    assert {path: _fingerprint(path) for path in FINGERPRINTS} == FINGERPRINTS


def test_the_admin_api_names_reverse_as_wagtail_routes_them():
    assert reverse("wagtailadmin_api:pages:listing") == "/admin/api/main/pages/"
    assert reverse("wagtailadmin_api:documents:listing") == "/admin/api/main/documents/"
    assert reverse("wagtailadmin_api:images:listing") == "/admin/api/main/images/"
    assert router and urlpatterns and wagtail.documents.wagtail_hooks and wagtail.images.wagtail_hooks


def test_an_editor_gets_pages_documents_and_images_from_the_admin_api(client, db):
    editor = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(editor)
    client.force_login(editor)

    for endpoint in ("pages", "documents", "images"):
        response = client.get(f"/admin/api/main/{endpoint}/")
        assert response.status_code == 200, endpoint
        assert "items" in response.json()
        assert "no-cache" in response.headers["Cache-Control"]  # never_cache, as on every admin view
    assert client.get("/admin/").status_code == 200  # the admin home reverses the API's names


def test_the_admin_api_is_closed_to_people_without_admin_access(client, db):
    client.force_login(UserFactory())

    response = client.get("/admin/api/main/pages/")

    assert response.status_code in (302, 403)
