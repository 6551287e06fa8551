"""Our configs of Wagtail's snippets, images, documents and redirects apps leave out only the v3 API.

cms/wagtail_apps.py repeats each app's ``ready()`` without the API registration. When a Wagtail upgrade
changes one of those ``ready()`` methods, its fingerprint here changes: compare the new code with our copy,
carry any new step across, then update the fingerprint.
"""

import hashlib
import inspect

from django.apps import apps
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig

from cms import wagtail_apps

FINGERPRINTS = {
    WagtailSnippetsAppConfig: "1ac35b5ed4034956",
    WagtailImagesAppConfig: "52e409385bb1ad62",
    WagtailDocsAppConfig: "4cdf87a46dbf81ef",
    WagtailRedirectsAppConfig: "19d1a78049d84e47",
}


def _fingerprint(config_class) -> str:
    return hashlib.sha256(inspect.getsource(config_class.ready).encode()).hexdigest()[:16]


def test_wagtail_ready_methods_are_the_ones_our_copies_follow():
    assert {cls.__name__: _fingerprint(cls) for cls in FINGERPRINTS} == {
        cls.__name__: expected for cls, expected in FINGERPRINTS.items()
    }


def test_the_site_runs_our_configs_with_wagtail_labels():
    for ours, label in [
        (wagtail_apps.SnippetsConfig, "wagtailsnippets"),
        (wagtail_apps.ImagesConfig, "wagtailimages"),
        (wagtail_apps.DocumentsConfig, "wagtaildocs"),
        (wagtail_apps.RedirectsConfig, "wagtailredirects"),
    ]:
        assert type(apps.get_app_config(label)) is ours


def test_what_the_copies_set_up_is_in_place():
    from wagtail.images import get_image_model
    from wagtail.models.reference_index import ReferenceIndex
    from wagtail.signals import page_slug_changed, post_page_move
    from wagtail.snippets.models import get_snippet_models

    from cms.models import SiteSettings  # noqa: F401 (the site's models are loaded)

    assert get_snippet_models()  # deferred snippet registrations ran
    assert ReferenceIndex.model_is_indexable(get_image_model())
    assert post_page_move.has_listeners() and page_slug_changed.has_listeners()
