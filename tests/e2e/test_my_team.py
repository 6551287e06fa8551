"""The demo line manager opens "My team" from the navigation with the keyboard; axe-core finds nothing wrong."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import LEARNER_EMAIL, axe_check, sign_in

pytestmark = pytest.mark.e2e

MANAGER_EMAIL = "manager@northbrook.example"


def tab_to_link(page, name: str, max_presses: int = 40) -> None:
    """Press Tab from the top of the page until the focused link's text is ``name``, as a keyboard user would."""
    page.evaluate("() => document.activeElement?.blur()")
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({tag: document.activeElement?.tagName, text: (document.activeElement?.innerText || '').trim()})"
        )
        if focused == {"tag": "A", "text": name}:
            return
    pytest.fail(f"The {name!r} link could not be reached with the Tab key in {max_presses} presses on {page.url}")


def test_manager_opens_my_team_by_keyboard_and_it_passes_axe(demo_site, page):
    sign_in(page, demo_site, MANAGER_EMAIL)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My team")).to_be_visible()

    tab_to_link(page, "My team")
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site + "/learning/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My team")

    main = page.get_by_role("main")
    expect(main.get_by_role("table", name="Course progress")).to_be_visible()
    levels = main.get_by_role("table", name="Skill levels against targets")
    expect(levels).to_be_visible()
    # The demo learner reports to the demo manager.
    expect(levels.get_by_role("rowheader", name="Sam Okoro")).to_be_visible()
    expect(main.get_by_text("Below target").first).to_be_visible()
    axe_check(page, "My team")

    # Filter to people with overdue courses with the keyboard: tick the box with Space, then submit.
    page.get_by_label("Only people with overdue courses").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Apply").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo_site}/learning/team/?team=&sort=name&overdue=1")
    expect(page.get_by_label("Only people with overdue courses")).to_be_checked()
    axe_check(page, "My team, overdue only")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(demo_site + "/learning/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My team")
    axe_check(page, "My team at 375px wide")
    # Reflow (WCAG 1.4.10): the wide tables scroll inside their own regions, not the whole page.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"My team scrolls sideways by {overflow}px at 375px wide"


def test_a_learner_without_reports_has_no_my_team_link_and_gets_an_explanation(demo_site, page):
    sign_in(page, demo_site, LEARNER_EMAIL)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="My team")).to_have_count(0)
    page.goto(demo_site + "/learning/team/")
    expect(page.get_by_text("Nobody reports to you at the moment.")).to_be_visible()
    axe_check(page, "My team, no reports")
