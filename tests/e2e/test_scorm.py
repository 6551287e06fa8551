"""SCORM lessons in Chromium: each golf package launches from the content origin, is answered, closed and
resumed, and the records are checked in the database; invalid packages are refused in the editor.

The lesson page is on 127.0.0.1 and the player on scorm.localhost (``UPSKILL_SCORM_CONTENT_HOST``), the same
server: Chromium sends every *.localhost name to the loopback address."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import LEARNER_EMAIL, LOCAL_HOSTS, axe_check, sign_in

pytestmark = pytest.mark.e2e

EDITOR_EMAIL = "editor@upskill.example"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scorm"


def scorm_lesson(package: str, slug: str):
    from learning.models import ModulePage
    from tests.factories.scorm import scorm_lesson_in

    module = ModulePage.objects.live().order_by("path").first()
    return scorm_lesson_in(module, FIXTURES / package, slug=slug, title=f"Golf {slug}")


def attempt_of(lesson):
    from learning.models import ScormAttempt, StaffMember

    staff = StaffMember.objects.get(user__email=LEARNER_EMAIL)
    return ScormAttempt.objects.filter(staff=staff, lesson_id=lesson.id).first()


def lesson_done(lesson) -> bool:
    from learning.models import LessonProgress

    return LessonProgress.objects.filter(
        lesson_id=lesson.id, staff__user__email=LEARNER_EMAIL, completed_at__isnull=False
    ).exists()


def package_frame(page):
    """Return the package's own frame: inside the player frame, which is on the content origin."""
    player = page.frame_locator("iframe[data-scorm-frame]")
    return player.frame_locator("iframe[data-package-frame]")


def wait_for(predicate, page, timeout_ms: int = 10_000):
    waited = 0
    while waited < timeout_ms:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(200)
        waited += 200
    pytest.fail("the expected record did not appear in time")


def lesson_url(base: str, lesson) -> str:
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    return base + lesson.url_path.removeprefix(site.root_page.url_path.rstrip("/"))


def test_scorm_2004_basic_runtime_is_answered_closed_and_resumed(demo_site, page):
    lesson = scorm_lesson("golf-scorm2004-3rd-basic-runtime-calls.zip", "golf-2004-basic")
    page.on("dialog", lambda dialog: dialog.accept())  # "Would you like to resume...?" — yes
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(lesson_url(demo_site, lesson))
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    player = page.frame_locator("iframe[data-scorm-frame]")
    expect(player.locator("iframe[data-package-frame]")).to_have_attribute("src", re.compile("shared/launchpage"))
    axe_check(page, "SCORM lesson, playing")
    # The player really is on the other origin, and has no access to the lesson page.
    content_origin = demo_site.replace("127.0.0.1", "scorm.localhost")
    frame = wait_for(lambda: next((f for f in page.frames if f.url.startswith(content_origin)), None), page)
    assert frame.evaluate("() => { try { return !!window.parent.document; } catch (e) { return 'blocked'; } }") == (
        "blocked"
    )
    assert frame.evaluate("() => document.cookie") == ""

    content = package_frame(page)
    for _ in range(3):
        content.get_by_role("button", name="Next").click()
    # The package saves its place (cmi.location) and, on closing, the lesson page sends it (pagehide).
    page.goto(demo_site + "/learning/")
    attempt = wait_for(lambda: (a := attempt_of(lesson)) and a.location == "3" and a, page)
    assert attempt.completion_status == "incomplete"
    assert not lesson_done(lesson)

    # Resume: the package asks, the learner says yes, and it opens on the 4th page again.
    page.goto(lesson_url(demo_site, lesson))
    inner = page.frame_locator("iframe[data-scorm-frame]").frame_locator("iframe[data-package-frame]")
    expect(inner.locator("#contentFrame")).to_have_attribute("src", "../Playing/OtherScoring.html")

    # Go to the test, answer every question correctly from the package's own answer key, and submit.
    for _ in range(11):
        inner.get_by_role("button", name="Next").click()
    expect(inner.locator("#contentFrame")).to_have_attribute("src", re.compile("assessmenttemplate"))
    # The src attribute changes before the frame has navigated: wait for the frame itself.
    quiz = wait_for(lambda: next((frame for frame in page.frames if "assessmenttemplate" in frame.url), None), page)
    quiz.wait_for_load_state()
    quiz.evaluate(
        """() => {
            for (const q of test.Questions) {
              if (q.Type === QUESTION_TYPE_CHOICE) {
                document.getElementById(`question_${q.Id}_${q.Answers.indexOf(q.CorrectAnswer)}`).checked = true;
              } else if (q.Type === QUESTION_TYPE_TF) {
                document.getElementById(`question_${q.Id}_${q.CorrectAnswer ? "True" : "False"}`).checked = true;
              } else {
                document.getElementById(`question_${q.Id}_Text`).value = q.CorrectAnswer;
              }
            }
        }"""
    )
    quiz.get_by_role("button", name="Submit Answers").click()
    inner.get_by_role("button", name="Exit").click()
    attempt = wait_for(lambda: (a := attempt_of(lesson)) and a.success_status == "passed" and a, page)
    assert (attempt.completion_status, attempt.score_raw, attempt.score_scaled) == ("completed", 100, 1)
    assert attempt.total_seconds > 0
    assert wait_for(lambda: lesson_done(lesson), page)
    expect(page.locator("[data-scorm-status]")).to_contain_text("Completed")


def test_scorm_12_runtime_calls_from_the_package_frame_are_recorded_and_resumed(demo_site, page):
    """The 1.2 golf example's launch page makes no runtime calls of its own, so the test makes them from inside
    the package frame, where a SCO finds ``window.parent.API``."""
    lesson = scorm_lesson("golf-scorm12-single-sco.zip", "golf-12")
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(lesson_url(demo_site, lesson))
    expect(package_frame(page).get_by_role("heading", name="Not implemented yet")).to_be_visible()
    sco = wait_for(lambda: next((f for f in page.frames if f.url.endswith("shared/launchpage.html")), None), page)
    sco.evaluate(
        """() => {
            const api = window.parent.API;
            api.LMSInitialize("");
            api.LMSSetValue("cmi.core.lesson_location", "page-7");
            api.LMSSetValue("cmi.suspend_data", "answers=b,c");
            api.LMSSetValue("cmi.core.lesson_status", "incomplete");
            api.LMSCommit("");
        }"""
    )
    attempt = wait_for(lambda: (a := attempt_of(lesson)) and a.location == "page-7" and a, page)
    assert attempt.suspend_data == "answers=b,c"
    page.reload()
    sco = wait_for(lambda: next((f for f in page.frames if f.url.endswith("shared/launchpage.html")), None), page)
    resumed = sco.evaluate(
        """() => {
            const api = window.parent.API;
            api.LMSInitialize("");
            return [api.LMSGetValue("cmi.core.entry"), api.LMSGetValue("cmi.core.lesson_location"),
                    api.LMSGetValue("cmi.suspend_data")];
        }"""
    )
    assert resumed == ["resume", "page-7", "answers=b,c"]
    sco.evaluate(
        """() => {
            const api = window.parent.API;
            api.LMSSetValue("cmi.core.score.raw", "80");
            api.LMSSetValue("cmi.core.lesson_status", "passed");
            api.LMSSetValue("cmi.core.session_time", "0000:02:00");
            api.LMSFinish("");
        }"""
    )
    attempt = wait_for(lambda: (a := attempt_of(lesson)) and a.success_status == "passed" and a, page)
    assert (attempt.completion_status, attempt.score_scaled, attempt.total_seconds) == ("completed", 0.8, 120)
    assert wait_for(lambda: lesson_done(lesson), page)


def test_scorm_2004_items_without_runtime_calls_complete_once_each_is_opened(demo_site, page):
    lesson = scorm_lesson("golf-scorm2004-3rd-multi-sco.zip", "golf-multi")
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(lesson_url(demo_site, lesson))
    buttons = page.locator("[data-scorm-item]")
    expect(buttons).to_have_count(18)
    axe_check(page, "SCORM lesson with several items")
    expect(package_frame(page).get_by_role("heading").first).to_be_visible()
    for index in range(1, 18):
        buttons.nth(index).click()
        expect(buttons.nth(index)).to_have_attribute("aria-current", "true")
        wait_for(lambda i=index: len((attempt_of(lesson) or type("x", (), {"items": {}})).items) > i, page)
    assert wait_for(lambda: lesson_done(lesson), page)
    page.reload()  # resume: every item is shown as done
    expect(page.get_by_text("(done)")).to_have_count(18)


@pytest.fixture
def page_with_csp(browser):
    """A browser context that, unlike ``page``, applies the pages' Content Security Policy (no axe-core here: the
    site's policy blocks the inline script that injects it), and records any request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    elsewhere: list[str] = []

    def only_local(route):
        host = urlsplit(route.request.url).hostname
        if host not in LOCAL_HOSTS:
            elsewhere.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", only_local)
    yield context.new_page()
    context.close()
    assert not elsewhere, f"requests left the machine: {elsewhere}"


def test_scorm_2004_4th_edition_says_what_sequencing_is_not_carried_out_and_still_plays(demo_site, page_with_csp):
    """The 4th Edition example loads jQuery from a public CDN: the content policy blocks it (no request leaves the
    machine), so its pages cannot run their own script, and the test makes its runtime calls from the package
    frame, item by item."""
    page = page_with_csp
    lesson = scorm_lesson("golf-scorm2004-4th-sequencing.zip", "golf-4th")
    sign_in(page, demo_site, LEARNER_EMAIL)
    page.goto(lesson_url(demo_site, lesson))
    notice = page.locator("[data-scorm-unsupported]")
    expect(notice).to_contain_text("sequencing that Upskill does not carry out")
    expect(notice).to_contain_text("pre-condition")
    player = page.frame_locator("iframe[data-scorm-frame]")
    expect(player.locator("iframe[data-package-frame]")).to_have_attribute("src", re.compile(r"\?content=playing$"))
    sco = wait_for(lambda: next((f for f in page.frames if f.url.endswith("?content=playing")), None), page)
    sco.evaluate(
        """() => {
            const api = window.parent.API_1484_11;
            api.Initialize("");
            api.SetValue("cmi.completion_status", "completed");
            api.SetValue("cmi.location", "4");
            api.SetValue("cmi.progress_measure", "1");
            api.Commit("");
        }"""
    )
    attempt = wait_for(lambda: (a := attempt_of(lesson)) and a.items.get("playing_item") and a, page)
    assert attempt.items["playing_item"]["completion"] == "completed"
    assert attempt.completion_status == "incomplete"  # four more items to go
    page.get_by_role("button", name="Etiquette").click()
    expect(player.locator("iframe[data-package-frame]")).to_have_attribute("src", re.compile(r"\?content=etiquette$"))
    page.reload()
    expect(page.get_by_role("button", name="Playing the Game (done)")).to_be_visible()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("no manifest", "no imsmanifest.xml at the root"),
        ("manifest in a sub-folder", "in the folder “course”"),
        ("parent path", "climbs out of the package"),
        ("absolute path", "has an absolute path"),
        ("symlink", "is a symbolic link"),
        ("too many files", "files; at most"),
        ("zip bomb", "looks like a zip bomb"),
    ],
)
def test_invalid_packages_are_refused_in_the_editor_with_their_reason(demo_site, page, tmp_path, reason, message):
    from learning.models import ModulePage
    from tests.learning.scorm.packages import invalid_packages

    module = ModulePage.objects.live().order_by("path").first()
    upload = tmp_path / f"{reason.replace(' ', '-')}.zip"
    upload.write_bytes(invalid_packages()[reason])
    sign_in(page, demo_site, EDITOR_EMAIL)
    page.goto(f"{demo_site}/admin/pages/add/learning/scormlessonpage/{module.id}/")
    page.locator("#id_title").fill(f"Refused: {reason}")
    page.locator("#id_package_file").set_input_files(str(upload))
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("[id$=package_file-errors]")).to_contain_text(message)
