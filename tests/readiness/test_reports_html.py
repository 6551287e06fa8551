"""The heatmap table rendered in Python: structure, links, suppression and escaping."""

from html.parser import HTMLParser

from readiness.reports.html import heatmap_table
from readiness.reports.service import Area

AREAS = [Area(1, "data-ethics", "Data & ethics", 3), Area(2, "ai", "Using AI", 2)]


def _cell(text, *, band="red", url="", suppressed=False, counts="4 of 7"):
    return {
        "suppressed": suppressed,
        "text": text,
        "counts": "" if suppressed else counts,
        "band": None if suppressed else band,
        "band_name": "No figure" if suppressed else "Needs attention",
        "url": url,
    }


class Cells(HTMLParser):
    """Collect each td's class, link, visible text and accessible name (all text, screen-reader-only included),
    and each th's text."""

    def __init__(self):
        super().__init__()
        self.cells, self.headers, self.stack = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td":
            self.cells.append({"class": attrs.get("class", ""), "href": None, "label": None, "text": "", "name": ""})
        elif tag == "th":
            self.headers.append("")
        elif tag == "a" and self.cells:
            self.cells[-1].update(href=attrs["href"], label=attrs.get("aria-label"))
        self.stack.append("sr-only" if "w-sr-only" in (attrs.get("class") or "") else tag)

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if "td" in self.stack:
            self.cells[-1]["name"] += data
            if "sr-only" not in self.stack:
                self.cells[-1]["text"] += data
        elif "th" in self.stack:
            self.headers[-1] += data


def _parse(markup) -> Cells:
    parser = Cells()
    parser.feed(str(markup))
    return parser


def test_cells_carry_band_figures_and_a_link_to_the_people_counted():
    rows = [
        {
            "label": "Ward 1",
            "members": 7,
            "small": False,
            "row": [_cell("57%", url="/staff/?team=3&area=data-ethics"), None],
        }
    ]
    parsed = _parse(heatmap_table(rows, AREAS, caption="Readiness by team"))
    first, missing = parsed.cells
    assert first["class"] == "readiness-cell readiness-band-red"
    assert first["href"] == "/staff/?team=3&area=data-ethics"  # the & is escaped in the markup, not in the link
    assert " ".join(first["text"].split()) == "57% 4 of 7 Needs attention"
    # The link's name comes from its content: the visible text, with the team, area and purpose around it
    # (an aria-label leaving out "4 of 7" failed axe's label-content-name-mismatch).
    assert first["label"] is None
    assert " ".join(first["name"].split()) == "Ward 1, Data & ethics: 57% 4 of 7 Needs attention. See who is not ready"
    assert " ".join(first["text"].split()) in " ".join(first["name"].split())
    assert missing["text"] == "–"
    assert [" ".join(h.split()) for h in parsed.headers] == [
        "Team",
        "Data & ethics target 3",
        "Using AI target 2",
        "Ward 1 7 members",
    ]


def test_suppressed_cells_show_no_figure_and_no_link():
    rows = [{"label": "Tiny", "members": None, "small": True, "row": [_cell("<5", suppressed=True), None]}]
    markup = str(heatmap_table(rows, AREAS, caption="c", group_label="Directorate"))
    parsed = _parse(markup)
    assert parsed.cells[0]["class"] == "readiness-cell readiness-band-none"
    assert parsed.cells[0]["href"] is None
    assert " ".join(parsed.cells[0]["text"].split()) == "<5 hidden to protect privacy"
    assert parsed.headers[0] == "Directorate"
    assert "fewer than 5" in parsed.headers[-1]


def test_every_value_is_escaped():
    hostile = '<script>alert("x")</script>'
    rows = [{"label": hostile, "members": 5, "small": False, "row": [_cell(hostile, url='/s/?a="b"'), None]}]
    areas = [Area(1, "a", hostile, 1), Area(2, "b", "B", 1)]
    markup = str(heatmap_table(rows, areas, caption=hostile))
    assert "<script>" not in markup
    parsed = _parse(markup)
    assert parsed.cells[0]["href"] == '/s/?a="b"'
    assert parsed.cells[0]["name"].startswith(f"{hostile}, {hostile}: ")


def test_no_rows_says_nobody_is_a_member():
    parsed = _parse(heatmap_table([], AREAS, caption="c"))
    assert parsed.cells[0]["text"] == "Nobody is a member on this date."
    assert 'colspan="3"' in str(heatmap_table([], AREAS, caption="c"))


def test_a_row_with_a_link_makes_its_header_a_link():
    rows = [{"label": "Housing", "members": 9, "small": False, "url": "/o/?directorate=4", "row": [None, None]}]
    markup = str(heatmap_table(rows, AREAS, caption="c", group_label="Directorate"))
    assert '<th scope="row"><a href="/o/?directorate=4">Housing</a> ' in markup
