"""A lesson's data table keeps its caption above the scrolling box, and the caption still names the table."""

from __future__ import annotations

from html.parser import HTMLParser

from cms.blocks import TableBlock

VALUE = {
    "data": [["Ward", "Falls", "Beds"], ["Ward 1", "4", "20"]],
    "first_row_is_table_header": True,
    "first_col_is_header": True,
    "table_caption": "Falls per ward (illustrative)",
}


class Outline(HTMLParser):
    """Record, for each piece of text, the open elements around it (tag, class, aria-hidden)."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str, str | None]] = []
        self.texts: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs.get("class") or "", attrs.get("aria-hidden")))

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data.strip(), list(self.stack)))


def test_the_caption_is_shown_outside_the_scrolling_box_and_kept_in_the_table_for_screen_readers():
    block = TableBlock()
    html = block.render(block.to_python(VALUE))
    outline = Outline()
    outline.feed(str(html))
    places = [stack for text, stack in outline.texts if text == VALUE["table_caption"]]
    assert len(places) == 2
    shown = next(stack for stack in places if stack[-1][0] == "p")
    assert not any("app-table-wrapper" in cls for _, cls, _ in shown)  # not inside the scrolling box
    assert shown[-1][2] == "true"  # the copy on screen is not read twice
    named = next(stack for stack in places if stack[-1][0] == "caption")
    assert "govuk-visually-hidden" in named[-1][1]
    assert any("app-table-wrapper" in cls for _, cls, _ in named)
    assert f'aria-label="{VALUE["table_caption"]}"' in str(html)  # the scrolling region is named too
