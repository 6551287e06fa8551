"""Admin wiring for the site shell: Wagtail's log of non-page records goes through ``ScopedModelLogEntry``, and a
small stylesheet mends Wagtail's own screens where they fall short of WCAG 2.2 AA."""

from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import ModelLogEntry

from cms.models import ScopedModelLogEntry


@hooks.register("register_log_actions", order=1)  # after Wagtail's own registration (order 0)
def register_scoped_model_log_entry(actions):
    """Log, list and download non-page records' history through the proxy whose reads apps can narrow."""
    actions.log_entry_models.discard(ModelLogEntry)
    actions.register_model(models.Model, ScopedModelLogEntry)


from cms import page_ordering  # noqa: E402

page_ordering.install()  # drag handles only for those who may reorder (cms/page_ordering.py)


@hooks.register("insert_global_admin_js")
def field_names_js():
    """Name every rich text editor and table widget for assistive technology (cms/static/cms/admin/field-names.js)."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}" defer></script>', static("cms/admin/field-names.js"))


@hooks.register("insert_global_admin_css")
def admin_accessibility_css():
    return format_html('<link rel="stylesheet" href="{}">', static("cms/admin.css"))
