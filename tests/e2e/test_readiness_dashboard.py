"""The demo HR user answers "how ready is this cohort, where are the gaps, who needs help" and exports it."""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from readiness.reports import service
from tests.e2e.conftest import axe_check
from tests.e2e.test_hr_import import hr_sign_in_with_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONTRACT = {
    "summary": service.SUMMARY_COLUMNS,
    "areas": service.AREA_COLUMNS,
    "teams": service.TEAM_COLUMNS,
    "staff": service.STAFF_COLUMNS,
}


def open_first_cohort(page, base_url: str) -> str:
    page.goto(f"{base_url}/admin/")
    page.get_by_role("button", name="Readiness", exact=True).click()
    page.get_by_role("list", name="Readiness").get_by_role("link", name="Readiness dashboard").click()
    expect(page.get_by_role("heading", name="Cohorts")).to_be_visible()
    link = page.locator("table.readiness-table tbody th a").first
    name = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    return name


def test_hr_reads_the_heatmap_drills_into_a_red_cell_and_downloads_the_workbook(page, demo_site, tmp_path):
    hr_sign_in_with_code(page, demo_site)
    open_first_cohort(page, demo_site)
    headline_members = int(page.locator(".readiness-stat", has_text="Members").locator(".readiness-big").inner_text())
    assert headline_members > 0

    heatmap = page.get_by_role("table", name="Readiness by team and skill area")
    expect(heatmap).to_be_visible()
    red = heatmap.locator("td.readiness-band-red a").first
    expect(red).to_be_visible()
    team = red.locator(".w-sr-only").first.text_content().split(",")[0]  # "Team, Area: " before the figures
    counts = red.locator(".readiness-small").first.inner_text()  # "3 of 14"
    ready, members = (int(n) for n in re.findall(r"\d+", counts))
    red.click()

    expect(page.get_by_role("heading", level=2, name=re.compile(r"not ready"))).to_be_visible()
    rows = page.locator("table.readiness-table tbody tr")
    assert rows.count() == members - ready  # everyone in the cell who is not ready, on one page
    for index in range(rows.count()):
        row = rows.nth(index)
        assert team in row.locator("td").nth(1).inner_text()
        assert re.search(r"below target|not ready", row.inner_text())
    # Each name links to the person's record.
    first = rows.first.get_by_role("link")
    assert "/learning/people/" in first.get_attribute("href")

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="All tables (Excel, XLSX)").click()
    path = tmp_path / "readiness.xlsx"
    download_info.value.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["about", *CONTRACT]  # a sheet explaining the columns, then one per table
    for sheet, columns in CONTRACT.items():
        rows = list(workbook[sheet].iter_rows(values_only=True))
        # The contract's columns in order, with each area's name beside its slug.
        assert [c for c in rows[0] if c != "skill_area_name"] == columns, sheet
        assert len(rows) > 1, f"{sheet} has no data rows"
    summary = list(workbook["summary"].iter_rows(values_only=True))
    assert summary[1][CONTRACT["summary"].index("members")] == headline_members


def test_every_dashboard_page_passes_axe(page, demo_site):
    hr_sign_in_with_code(page, demo_site)
    open_first_cohort(page, demo_site)
    axe_check(page, "cohort overview")
    page.get_by_role("link", name="Progress over time").click()
    expect(page.get_by_role("heading", name=re.compile("month by month"))).to_be_visible()
    axe_check(page, "progress over time")
    page.get_by_role("link", name="Staff", exact=True).click()
    expect(page.get_by_role("button", name="Filter")).to_be_visible()
    axe_check(page, "staff list")
    page.get_by_label("As of").fill("2001-01-01")
    page.get_by_label("Skill area").select_option(index=1)
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"as_of=2001-01-01"))
    axe_check(page, "staff list, long ago")
    page.get_by_role("link", name="All cohorts").click()
    expect(page.get_by_role("heading", name="Workforce readiness", exact=True)).to_be_visible()
    axe_check(page, "cohort list")
    page.locator("ul.readiness-links a").first.click()
    expect(page.get_by_role("heading", name="Directorates by skill area")).to_be_visible()
    axe_check(page, "organisation overview")
    page.goto(page.url + "?as_of=2999-01-01")
    expect(page.get_by_role("alert")).to_contain_text("cannot be in the future")
    axe_check(page, "organisation overview, bad date")


def test_a_large_organisations_teams_are_shown_one_directorate_at_a_time(page, demo_site, monkeypatch):
    from readiness.reports import views

    monkeypatch.setattr(views, "TEAMS_SHOWN_WHOLE", 1)  # the demo trust has a handful of teams; act as if many
    hr_sign_in_with_code(page, demo_site)
    page.goto(f"{demo_site}/admin/readiness/")
    page.locator("ul.readiness-links a").first.click()
    expect(page.get_by_text(re.compile(r"There are \d+ teams\. Choose a directorate"))).to_be_visible()
    axe_check(page, "organisation overview, no directorate chosen")
    choice = page.get_by_label("Directorate", exact=True)
    choice.focus()
    page.keyboard.press("ArrowDown")  # the first directorate, chosen and submitted from the keyboard
    chosen = choice.locator("option:checked").inner_text().split(" (")[0]
    page.get_by_role("button", name="Show its teams").press("Enter")
    expect(page.get_by_role("heading", name=f"Teams by skill area: {chosen}")).to_be_visible()
    teams = page.get_by_role("table", name="Readiness by team and skill area")
    expect(teams).to_be_visible()
    for header in teams.locator("tbody th").all_inner_texts():
        assert header.startswith(chosen)  # the directorate itself, or "Directorate / Team"
    axe_check(page, "organisation overview, one directorate's teams")
