"""At 320 px: the HR charts keep readable labels, and a lesson table's caption stays in view above its scrolling
box. Measured in the browser (computed sizes and boxes), since both are about what is drawn."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from readiness.models import Cohort
from tests.e2e.conftest import LEARNER_EMAIL, axe_check, sign_in
from tests.e2e.test_hr_import import hr_sign_in_with_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NARROW, WIDE = 320, 1280
READABLE_PX = 12
TABLE_LESSON = "/courses/data-essentials/reading-data-with-confidence/reading-a-table/"
# For each chart on screen: its title, the layout drawn and the smallest text on it, in CSS pixels.
CHART_TEXT = """() => Array.from(document.querySelectorAll('svg.readiness-chart'))
    .filter(svg => getComputedStyle(svg).display !== 'none' && svg.getClientRects().length)
    .map(svg => ({
        title: svg.getAttribute('aria-label'),
        layout: svg.classList.contains('readiness-chart--narrow') ? 'narrow' : 'wide',
        smallest: Math.min(...Array.from(svg.querySelectorAll('text'))
            .map(text => parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a)),
    }))"""


def charts_on(page, url: str) -> list[dict]:
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate(CHART_TEXT)


def test_hr_charts_keep_readable_labels_at_320_px(page, demo_site):
    hr_sign_in_with_code(page, demo_site)
    cohort = Cohort.objects.order_by("organisation__name", "name").first()
    pages = [
        f"{demo_site}/admin/readiness/cohort/{cohort.pk}/",
        f"{demo_site}/admin/readiness/cohort/{cohort.pk}/progress/",
        f"{demo_site}/admin/readiness/organisation/{cohort.organisation_id}/",
    ]
    page.set_viewport_size({"width": NARROW, "height": 800})
    seen = 0
    for url in pages:
        charts = charts_on(page, url)
        assert charts, url
        for chart in charts:
            assert chart["layout"] == "narrow", (url, chart)
            assert chart["smallest"] >= READABLE_PX, (url, chart)
            seen += 1
        # Each chart still has its table beside it.
        expect(page.locator("table.readiness-table, table.readiness-heatmap").first).to_be_attached()
    assert seen >= 4
    axe_check(page, "organisation overview at 320 px")
    page.set_viewport_size({"width": WIDE, "height": 900})
    for chart in charts_on(page, pages[0]):
        assert chart["layout"] == "wide" and chart["smallest"] >= READABLE_PX, chart


def test_a_lesson_tables_caption_stays_outside_its_scrolling_box_at_320_px(page, demo_site):
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.goto(demo_site + TABLE_LESSON)
    wrapper = page.locator(".app-table-wrapper").first
    table = wrapper.locator("table")
    caption = table.locator("caption").inner_text()
    shown = page.locator(".app-table__caption", has_text=caption).first
    expect(shown).to_be_visible()
    box, caption_box = wrapper.bounding_box(), shown.bounding_box()
    assert caption_box["y"] + caption_box["height"] <= box["y"] + 1  # above the box, not in it
    assert caption_box["x"] >= 0 and caption_box["x"] + caption_box["width"] <= NARROW  # whole, on screen
    assert not shown.evaluate("el => !!el.closest('.app-table-wrapper')")
    # The table keeps its caption as its name, and the scrolling region is named after it too.
    expect(page.get_by_role("table", name=caption)).to_be_attached()
    expect(page.get_by_role("region", name=caption)).to_be_visible()
    axe_check(page, "lesson with a table at 320 px")
