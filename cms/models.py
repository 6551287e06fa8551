"""Site shell page types, site-wide settings, and the log model through which apps narrow Wagtail's history."""

from django.db import models
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import ModelLogEntry, Page
from wagtail.models.audit_log import ModelLogEntryManager
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, base_blocks
from cms.routing import DirectRouteMixin


class FeaturedPageBlock(blocks.StructBlock):
    """A page promoted on the home page, such as a course."""

    page = blocks.PageChooserBlock()
    description = blocks.CharBlock(required=False, help_text="Shown under the title; the page summary if empty.")

    class Meta:
        icon = "pick"
        template = "cms/blocks/featured_page.html"
        description = "A promoted page with a short description"


class LinkBlock(blocks.StructBlock):
    """A labelled link to a page or an external address."""

    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "link"
        description = "A footer link"


class HomePage(DirectRouteMixin, Page):
    """The front page editors use to introduce the academy and promote courses."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    featured = StreamField([("featured_page", FeaturedPageBlock())], blank=True, use_json_field=True)
    body = StreamField(base_blocks(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("featured"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "cms/home_page.html"


class StandardPage(Page):
    """A plain content page editors use for guidance, policies and statements."""

    intro = models.TextField(blank=True)
    body = StreamField(base_blocks(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]
    template = "cms/standard_page.html"


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Organisation name, footer links and the accessibility statement for one site."""

    organisation_name = models.CharField(max_length=120, default="Upskill")
    footer_links = StreamField([("link", LinkBlock())], blank=True, use_json_field=True)
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("organisation_name"), FieldPanel("accessibility_statement"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = "site settings"


FILTER_LOG_ENTRIES_HOOK = "filter_model_log_entries"


class ScopedModelLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """Return the entries Wagtail lets the user see, narrowed by every ``filter_model_log_entries`` hook.

        Each hook takes the log entries and the user and returns the entries the user may see (apps use it
        to keep their own records' history to the people allowed to see those records).
        """
        entries = super().viewable_by_user(user)
        for narrow in hooks.get_hooks(FILTER_LOG_ENTRIES_HOOK):
            entries = narrow(entries, user)
        return entries


class ScopedModelLogEntry(ModelLogEntry):
    """Wagtail's log of edits to non-page records, read through apps' own visibility rules (same table)."""

    objects = ScopedModelLogEntryManager()

    class Meta:
        proxy = True
