"""Charts are drawn wide and narrow so their labels stay readable on a 320 px screen."""

from __future__ import annotations

import re
from datetime import date

from readiness.reports import charts

BARS = [
    charts.Bar("Digital working and collaboration", 0.83, "green", 0.9),
    charts.Bar("<Data protection> & ethics", 0.47, "red"),
]
# At 320 px the admin gives a chart 280 px; the narrow drawing must keep its text at 12 px or more there.
SMALLEST_BOX_PX = 280
READABLE_PX = 12


def drawings(markup: str) -> dict[str, str]:
    found = re.findall(r'(<svg[^>]*readiness-chart--(wide|narrow)"[^>]*>.*?</svg>)', str(markup))
    return {layout: svg for svg, layout in found}


def smallest_text_px(svg: str, box_px: float) -> float:
    view_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
    return min(sizes) * min(box_px, view_width * 1.35) / view_width


def test_every_chart_comes_wide_and_narrow_each_titled():
    for markup in (
        charts.bar_chart(BARS, "Readiness per skill area"),
        charts.stacked_bars([("Data essentials", {"completed": 3, "in progress": 2, "not started": 1})], "Completion"),
        charts.line_chart([date(2026, m, 1) for m in range(1, 13)], {"Area": [0.5] * 12}, "Month by month"),
    ):
        svgs = drawings(markup)
        assert set(svgs) == {"wide", "narrow"}
        for svg in svgs.values():
            assert 'role="img"' in svg and "<title>" in svg


def test_the_narrow_drawing_keeps_labels_readable_in_a_280_px_box():
    for markup in (
        charts.bar_chart(BARS, "t"),
        charts.stacked_bars([("Data essentials", {"completed": 3})], "t"),
        charts.line_chart([date(2026, m, 1) for m in range(1, 13)], {"Area": [0.5] * 12}, "t"),
    ):
        svgs = drawings(markup)
        assert smallest_text_px(svgs["narrow"], SMALLEST_BOX_PX) >= READABLE_PX
        # The wide drawing at that size would not be: that is why the narrow one exists.
        assert smallest_text_px(svgs["wide"], SMALLEST_BOX_PX) < READABLE_PX


def test_the_narrow_bar_chart_puts_each_label_on_its_own_line_in_full_width():
    narrow = drawings(charts.bar_chart(BARS, "t"))["narrow"]
    assert "Digital working and collaboration" in narrow
    assert "&lt;Data protection&gt; &amp; ethics" in narrow and "<Data protection>" not in narrow
    assert "83%" in narrow and "47%" in narrow


def test_the_narrow_line_chart_names_at_most_five_months():
    points = [date(2025 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 25)]
    svgs = drawings(charts.line_chart(points, {"Area": [0.5] * 24}, "t"))
    months = re.compile(r">[A-Z][a-z]{2} \d\d<")
    assert len(months.findall(svgs["narrow"])) <= 5
    assert len(months.findall(svgs["wide"])) >= 12
