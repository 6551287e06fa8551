"""SCORM lessons in the page editor with Wagtail's autosave on. Each autosave posts the whole form, the chosen zip
among it, and Publish posts it once more; the package is stored once, as one version.

Chromium does not show a posted file's bytes to Playwright, so a request "carries the zip" when its multipart body
has the file field with the zip's name; the database and the storage say what the server did with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.e2e

REVIEWER_EMAIL = "reviewer@upskill.example"  # a moderator, who may publish
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scorm"
FIRST_ZIP = FIXTURES / "golf-scorm12-single-sco.zip"
NEW_ZIP = FIXTURES / "golf-scorm2004-4th-sequencing.zip"
# Wagtail's w-unsaved controller takes the form's starting state about two seconds after the page loads (twice, a
# few tens of milliseconds apart, in Wagtail 8.0), and only changes after that count as edits and start an autosave.
# The page records each time it does (its "w-unsaved:watch-edits" event) so that the test can wait until the last.
RECORD_STARTING_STATES = """
    window.startingStates = [];
    document.addEventListener("w-unsaved:watch-edits", () => window.startingStates.push(performance.now()));
"""
STARTING_STATE_SETTLED = "() => performance.now() - (window.startingStates.at(-1) ?? Infinity) > 1000"


def open_editor(page, url: str) -> None:
    page.add_init_script(RECORD_STARTING_STATES)
    page.goto(url)
    page.wait_for_function(STARTING_STATE_SETTLED)


def is_autosave(request) -> bool:
    """Wagtail's autosave is a background POST of the form asking for JSON; the page's own buttons ask for HTML."""
    return request.method == "POST" and request.headers.get("accept") == "application/json"


def carries(request, path: Path) -> bool:
    return f'name="package_file"; filename="{path.name}"'.encode() in (request.post_data_buffer or b"")


def autosaved(page, action) -> dict:
    """Do ``action`` and return the JSON answer of the autosave it starts, once the editor has taken it in.

    The wait for the indicator matters: on a successful autosave the editor takes the form as it is then as its new
    starting state, so a field typed in before that would not count as an edit and start no autosave."""
    with page.expect_response(lambda response: is_autosave(response.request)) as answer:
        action()
    result = answer.value.json()
    state = "saved" if result["success"] else "paused"
    expect(page.locator("#w-autosave-indicator")).to_have_attribute("data-w-autosave-state-value", state)
    return result


def publish(page, title: str) -> None:
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(f"Page '{title}' has been published.")).to_be_visible()


def version_folders(package_id: int) -> list[str]:
    from django.core.files.storage import storages

    folders, files = storages["scorm"].listdir(f"scorm/{package_id}")
    assert files == []
    return sorted(folders)


def test_a_new_zip_autosaved_three_times_then_published_is_one_new_version(demo_site, page):
    from learning.models import ModulePage, ScormPackageVersion
    from tests.factories.scorm import scorm_lesson_in

    lesson = scorm_lesson_in(ModulePage.objects.live().order_by("path").first(), FIRST_ZIP, title="Golf")
    package_id = lesson.package_version.package_id
    autosaves = []
    page.on("request", lambda request: autosaves.append(request) if is_autosave(request) else None)
    sign_in(page, demo_site, REVIEWER_EMAIL)
    open_editor(page, f"{demo_site}/admin/pages/{lesson.id}/edit/")

    answers = [
        autosaved(page, lambda: page.locator("#id_package_file").set_input_files(str(NEW_ZIP))),
        autosaved(page, lambda: page.locator("#id_title").fill("Golf, 4th edition")),
        autosaved(page, lambda: page.locator("#id_summary").fill("Now with sequencing.")),
    ]
    assert [answer["success"] for answer in answers] == [True, True, True], answers
    assert len(autosaves) == 3 and all(carries(request, NEW_ZIP) for request in autosaves)
    numbers = ScormPackageVersion.objects.filter(package_id=package_id).order_by("number").values_list("number")
    assert [number for (number,) in numbers] == [1, 2]

    publish(page, "Golf, 4th edition")
    lesson.refresh_from_db()
    versions = list(ScormPackageVersion.objects.filter(package_id=package_id).order_by("number"))
    assert [version.number for version in versions] == [1, 2]
    assert (lesson.live, lesson.title, lesson.package_version_id) == (True, "Golf, 4th edition", versions[1].id)
    assert version_folders(package_id) == sorted(version.storage_prefix.rsplit("/", 1)[1] for version in versions)


def test_a_lesson_added_with_autosave_then_published_has_one_version(demo_site, page):
    """On the add form an autosave before the title is given is refused and stores nothing; the first that succeeds
    creates the page as a draft, and the form then posts to the page's edit view."""
    from learning.models import ModulePage, ScormLessonPage, ScormPackageVersion

    module = ModulePage.objects.live().order_by("path").first()
    demo_versions = list(ScormPackageVersion.objects.values_list("id", flat=True))  # the demo course's own lesson
    autosaves = []
    page.on("request", lambda request: autosaves.append(request) if is_autosave(request) else None)
    sign_in(page, demo_site, REVIEWER_EMAIL)
    open_editor(page, f"{demo_site}/admin/pages/add/learning/scormlessonpage/{module.id}/")

    refused = autosaved(page, lambda: page.locator("#id_package_file").set_input_files(str(FIRST_ZIP)))
    assert (refused["success"], refused["error_code"]) == (False, "validation_error")
    assert not ScormPackageVersion.objects.exclude(id__in=demo_versions).exists()
    page.locator("#id_title").fill("Golf basics")
    page.locator("#id_title").press("Tab")  # the slug follows the title
    indicator = page.locator("#w-autosave-indicator")
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved", timeout=15_000)
    assert ScormPackageVersion.objects.exclude(id__in=demo_versions).count() == 1
    assert autosaved(page, lambda: page.locator("#id_summary").fill("Saved as it is typed."))["success"]
    assert len(autosaves) >= 3 and all(carries(request, FIRST_ZIP) for request in autosaves)
    assert ScormPackageVersion.objects.exclude(id__in=demo_versions).count() == 1

    publish(page, "Golf basics")
    lesson = ScormLessonPage.objects.get(title="Golf basics")
    versions = list(ScormPackageVersion.objects.exclude(id__in=demo_versions))
    assert [version.id for version in versions] == [lesson.package_version_id]
    assert (lesson.live, versions[0].number) == (True, 1)
    assert version_folders(versions[0].package_id) == [versions[0].storage_prefix.rsplit("/", 1)[1]]
