"""Wagtail's snippets, images, documents and redirects apps, set up without Wagtail's v3 API.

Each of these apps' ``ready()`` ends by registering its endpoints and content types with Wagtail's v3 API,
which imports django-ninja and builds pydantic schemas: about 11 MiB in every web worker, and most of a
second at start-up, although this site routes no API (``config/urls.py`` includes neither
``wagtail.api.v3.urls`` nor ``wagtail.api.v2``). These configs do everything else Wagtail's do, in the same
order. ``tests/cms/test_wagtail_apps.py`` fails when Wagtail's own ``ready()`` changes, so an upgrade is
checked against these copies.
"""

from __future__ import annotations

from django.db.models import ForeignKey
from django.db.models.signals import post_migrate
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig


class SnippetsConfig(WagtailSnippetsAppConfig):
    default = False

    def ready(self):
        from wagtail.snippets.models import create_extra_permissions, register_deferred_snippets

        register_deferred_snippets()
        post_migrate.connect(create_extra_permissions, sender=self)


class ImagesConfig(WagtailImagesAppConfig):
    default = False

    def ready(self):
        from wagtail.admin.compare import register_comparison_class
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.images import get_image_model, get_permission_policy
        from wagtail.images.components import ImageDisplay
        from wagtail.images.edit_handlers import ImageFieldComparison
        from wagtail.images.signal_handlers import register_signal_handlers
        from wagtail.images.widgets import AdminImageChooser
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        image = get_image_model()
        register_permission_policy(image, get_permission_policy())
        register_signal_handlers()
        register_form_field_override(ForeignKey, to=image, override={"widget": AdminImageChooser})
        register_comparison_class(ForeignKey, to=image, comparison_class=ImageFieldComparison)
        register_display_class(ForeignKey, to=image, display_class=ImageDisplay)
        ReferenceIndex.register_model(image)


class DocumentsConfig(WagtailDocsAppConfig):
    default = False

    def ready(self):
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.documents import get_document_model, get_permission_policy
        from wagtail.documents.components import DocumentDisplay
        from wagtail.documents.signal_handlers import register_signal_handlers
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        document = get_document_model()
        register_permission_policy(document, get_permission_policy())
        register_signal_handlers()
        register_display_class(ForeignKey, to=document, display_class=DocumentDisplay)
        ReferenceIndex.register_model(document)


class RedirectsConfig(WagtailRedirectsAppConfig):
    default = False

    def ready(self):
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.contrib.redirects.signal_handlers import (
            autocreate_redirects_on_page_move,
            autocreate_redirects_on_slug_change,
        )
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_slug_changed, post_page_move

        register_permission_policy(Redirect)
        post_page_move.connect(autocreate_redirects_on_page_move)
        page_slug_changed.connect(autocreate_redirects_on_slug_change)
