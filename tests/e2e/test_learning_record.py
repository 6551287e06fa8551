"""A person's learning record in the browser: HR goes from a red heatmap cell to the staff list, to a person's
record and back; a manager opens a report's record from My team; axe-core finds nothing wrong on the record."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from learning.models import AuditLogEntry, StaffMember
from tests.e2e.conftest import axe_check, sign_in
from tests.e2e.test_hr_import import hr_sign_in_with_code
from tests.e2e.test_my_team import MANAGER_EMAIL
from tests.e2e.test_readiness_dashboard import open_first_cohort

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def staff_id_from(url: str) -> int:
    return int(re.search(r"/learning/people/(\d+)/", url).group(1))


def test_hr_goes_from_a_red_cell_to_a_record_and_back(page, demo_site):
    hr_sign_in_with_code(page, demo_site)
    open_first_cohort(page, demo_site)
    heatmap = page.get_by_role("table", name="Readiness by team and skill area")
    heatmap.locator("td.readiness-band-red a").first.click()
    expect(page.get_by_role("heading", level=2, name=re.compile(r"not ready"))).to_be_visible()
    staff_list = page.url

    first_row = page.locator("table.readiness-table tbody tr").first
    name = first_row.locator("th").inner_text().strip()
    first_row.get_by_role("link", name=name).click()  # the second click from the heatmap
    expect(page).to_have_url(re.compile(r"/learning/people/\d+/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    main = page.get_by_role("main")
    expect(main.get_by_role("table", name=re.compile("Current level, self-rating and targets"))).to_be_visible()
    expect(main.get_by_role("heading", name="Results history")).to_be_visible()
    expect(main.get_by_role("heading", name="Attempts")).to_be_visible()
    axe_check(page, "learning record, opened by HR")

    staff = StaffMember.objects.get(pk=staff_id_from(page.url))
    assert AuditLogEntry.objects.filter(action="view", actor__email="hr@northbrook.example", staff=staff).exists()

    page.get_by_role("link", name="Back to the list").click()
    expect(page).to_have_url(staff_list)  # the same list, its filters kept
    expect(page.get_by_role("heading", level=2, name=re.compile(r"not ready"))).to_be_visible()

    # Find the same person by name on the list, keeping the filters.
    page.get_by_label("Name or employee number").fill(staff.last_name)
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"name="))
    assert "team=" in page.url and "status=" in page.url
    expect(page.get_by_role("link", name=name).first).to_be_visible()
    axe_check(page, "staff list, searched by name")


def test_a_manager_opens_a_reports_record_from_my_team(page, demo_site):
    sign_in(page, demo_site, MANAGER_EMAIL)
    page.goto(demo_site + "/learning/team/")
    levels = page.get_by_role("table", name="Skill levels against targets")
    expect(levels).to_be_visible()
    levels.get_by_role("link", name="Sam Okoro").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Okoro")
    expect(page.get_by_role("heading", name="Courses", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Skill levels against targets")).to_be_visible()
    axe_check(page, "learning record, opened by a manager")

    # By keyboard: the back link is reachable and returns to My team.
    page.get_by_role("link", name="Back to the list").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site + "/learning/team/")

    page.set_viewport_size({"width": 375, "height": 812})
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Okoro")
    axe_check(page, "learning record at 375px wide")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"The record scrolls sideways at 375px ({width}px wide)"
