"""Shared StreamField blocks used by every page type that has a body."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from cms import video

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 by default, 3 for sub-sections."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Level 2"), ("h3", "Level 3")], default="h2")

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        description = "A section heading"
        preview_value = {"text": "Why this matters", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text: paragraphs, lists and links."""

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/paragraph.html"
        description = "Paragraphs, lists and links"
        preview_value = "<p>Always check what a table is counting before comparing its rows.</p>"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for a tip, a key fact or a warning."""

    kind = blocks.ChoiceBlock(choices=[("info", "Key point"), ("tip", "Tip"), ("warning", "Warning")], default="info")
    title = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"
        description = "A highlighted box for a key point, tip or warning"
        preview_value = {"kind": "tip", "title": "Check the denominator", "body": "<p>Ask: out of how many?</p>"}


class ImageBlock(blocks.StructBlock):
    """An image with alternative text and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, help_text="Describe the image for people who cannot see it; leave empty if decorative."
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        description = "An image with alternative text"


def video_hosts() -> list[str]:
    """Return the approved video hosts (``settings.UPSKILL_VIDEO_HOSTS``)."""
    return list(settings.UPSKILL_VIDEO_HOSTS)


class VideoLinkBlock(blocks.URLBlock):
    """A link to a video on an approved host; checked against the list, never fetched (``cms.video``)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Set after construction so the migrations do not record one installation's list of hosts.
        self.field.help_text = (
            f"Paste the link to the video's page. Approved hosts: {video.host_names(video_hosts())}. "
            "Add a transcript below for people who cannot watch it."
        )

    def clean(self, value):
        """Refuse a link that is not on an approved host, without contacting the host."""
        value = super().clean(value)
        if value:
            try:
                video.player_url(value, video_hosts())
            except video.VideoLinkError as error:
                raise ValidationError(str(error)) from error
        return value


class VideoValue(blocks.StructValue):
    """A saved video block, with the player address its frame shows."""

    @cached_property
    def player_url(self) -> str | None:
        """Return the approved player address for the saved link, or None if its host is no longer approved."""
        try:
            return video.player_url(self.get("video") or "", video_hosts())
        except video.VideoLinkError:
            return None


class VideoBlock(blocks.StructBlock):
    """An embedded video with a transcript for people who cannot watch it."""

    video = VideoLinkBlock()
    title = blocks.CharBlock(max_length=120)
    transcript = blocks.RichTextBlock(required=False, features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "media"
        template = "cms/blocks/video.html"
        description = "An embedded video with its transcript"
        value_class = VideoValue


class TableBlock(WagtailTableBlock):
    """A data table with a caption; the first row is the header row."""

    class Meta:
        icon = "table"
        template = "cms/blocks/table.html"
        description = "A data table with a caption"
        preview_value = {
            "data": [["Ward", "Falls"], ["Ward A", "4"], ["Ward B", "6"]],
            "first_row_is_table_header": True,
            "table_caption": "Falls per ward (illustrative)",
        }


class DocumentBlock(blocks.StructBlock):
    """A downloadable file, such as a practice data set."""

    document = DocumentChooserBlock()
    title = blocks.CharBlock(max_length=120, required=False)
    description = blocks.CharBlock(required=False)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"
        description = "A downloadable file such as a practice data set"


class QuoteBlock(blocks.StructBlock):
    """A short quotation with who said it."""

    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        description = "A quotation with attribution"
        preview_value = {"quote": "Always ask where the number came from.", "attribution": "A ward manager"}


def base_blocks() -> list[tuple[str, blocks.Block]]:
    """Return the shared block list; page bodies extend it with their own blocks."""
    return [
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock()),
        ("callout", CalloutBlock()),
        ("image", ImageBlock()),
        ("video", VideoBlock()),
        ("table", TableBlock()),
        ("document", DocumentBlock()),
        ("quote", QuoteBlock()),
    ]
