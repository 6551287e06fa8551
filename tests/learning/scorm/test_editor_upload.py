"""Editors upload packages on the SCORM lesson's own form; invalid packages are refused there with the reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from learning.models import ScormLessonPage, ScormPackageVersion
from learning.scorm import forms as scorm_forms
from learning.scorm import manifest, unpack
from tests.learning.scorm.packages import GOLF_12, GOLF_2004_4TH, VALID_PACKAGES, invalid_packages
from tests.learning.scorm.stored import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_storage")]

EXPECTED_REASON = {
    "no manifest": manifest.NO_MANIFEST,
    "manifest in a sub-folder": manifest.MANIFEST_IN_FOLDER.format(folder="course"),
    "parent path": unpack.PARENT_PATH.format(name="../outside.html"),
    "absolute path": unpack.ABSOLUTE_PATH.format(name="/etc/cron.d/evil"),
    "symlink": unpack.SYMLINK.format(name="shared/passwd"),
    "too many files": unpack.TOO_MANY_FILES.format(count=unpack.MAX_FILES + 1),
}


def bomb_ratio() -> int:
    import io
    import zipfile

    info = zipfile.ZipFile(io.BytesIO(invalid_packages()["zip bomb"])).getinfo("big.txt")
    return info.file_size // info.compress_size


EXPECTED_REASON["zip bomb"] = unpack.ZIP_BOMB.format(name="big.txt", ratio=bomb_ratio())


@pytest.fixture
def editor_client(client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("scorm-editor", "scorm-editor@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client):
    """An editor who may also publish (a moderator): Publish takes the page live at once."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    publisher = get_user_model().objects.create_user("scorm-publisher", "scorm-publisher@example.org", "pw")
    publisher.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    client.force_login(publisher)
    return client


def form_data(title: str, upload=None, **fields):
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "",
            "estimated_minutes": 20,
            "attribution": "Golf examples by Rustici Software, CC BY 3.0",
            "skill_awards": inline_formset([]),
            **fields,
        }
    )
    if upload is not None:
        data["package_file"] = upload
    return data


def add(client, module, data):
    return client.post(f"/admin/pages/add/learning/scormlessonpage/{module.id}/", data)


@pytest.mark.parametrize("path", VALID_PACKAGES, ids=lambda path: path.name)
def test_an_editor_adds_a_scorm_lesson_by_uploading_each_golf_package(editor_client, module, path):
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/zip")
    response = add(editor_client, module, form_data(f"Golf {path.stem}", upload))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    lesson = ScormLessonPage.objects.get(title=f"Golf {path.stem}")
    assert lesson.package_version.original_name == path.name
    assert lesson.get_parent().id == module.id


@pytest.mark.parametrize("reason", sorted(EXPECTED_REASON))
def test_an_invalid_package_is_refused_on_the_form_with_its_reason(editor_client, module, reason):
    upload = SimpleUploadedFile(f"{reason}.zip", invalid_packages()[reason], content_type="application/zip")
    response = add(editor_client, module, form_data("Bad package", upload))
    assert response.status_code == 200
    errors = response.context["form"].errors["package_file"]
    assert errors == [EXPECTED_REASON[reason]]
    assert not ScormLessonPage.objects.exists()
    assert not ScormPackageVersion.objects.exists()


def test_a_lesson_without_a_package_cannot_be_saved(editor_client, module):
    response = add(editor_client, module, form_data("Empty"))
    assert response.context["form"].errors["package_file"] == [scorm_forms.NO_PACKAGE]


def test_uploading_again_adds_a_version_of_the_same_package_and_keeps_the_first(editor_client, module):
    add(editor_client, module, form_data("Golf", SimpleUploadedFile("a.zip", GOLF_12.read_bytes())))
    lesson = ScormLessonPage.objects.get(title="Golf")
    first = lesson.package_version
    response = editor_client.post(
        f"/admin/pages/{lesson.id}/edit/",
        {**form_data("Golf", SimpleUploadedFile("b.zip", GOLF_2004_4TH.read_bytes())), "action-publish": "publish"},
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert (lesson.package_version.package_id, lesson.package_version.number) == (first.package_id, 2)
    assert ScormPackageVersion.objects.filter(id=first.id).exists()


def test_editing_without_a_new_upload_keeps_the_version(editor_client, module):
    add(editor_client, module, form_data("Golf", SimpleUploadedFile("a.zip", GOLF_12.read_bytes())))
    lesson = ScormLessonPage.objects.get(title="Golf")
    version_id = lesson.package_version_id
    response = editor_client.post(
        f"/admin/pages/{lesson.id}/edit/", {**form_data("Golf renamed"), "action-publish": "publish"}
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert (lesson.title, lesson.package_version_id) == ("Golf renamed", version_id)


def test_the_edit_form_says_which_package_is_attached(editor_client, module):
    """A file input cannot show a stored file: the help text names the attached version, the add form none."""
    add(editor_client, module, form_data("Golf", SimpleUploadedFile("golf-single-sco.zip", GOLF_12.read_bytes())))
    lesson = ScormLessonPage.objects.get(title="Golf")
    html = editor_client.get(f"/admin/pages/{lesson.id}/edit/").content.decode()
    assert f"Now: {lesson.package_version}" in html and "golf-single-sco.zip" in html
    assert "Leave this empty to keep it." in html
    blank = editor_client.get(f"/admin/pages/add/learning/scormlessonpage/{module.id}/").content.decode()
    assert "Now: " not in blank and "Leave this empty" not in blank


def test_the_form_offers_the_skill_award_panel(editor_client, module):
    html = editor_client.get(f"/admin/pages/add/learning/scormlessonpage/{module.id}/").content.decode()
    assert "Skill levels a pass gives" in html
    assert 'enctype="multipart/form-data"' in html


# Saves that fail after the package was stored. These run outside the test's transaction, as a real request does,
# so that what the site commits, or rolls back, is what the test sees (serialized_rollback puts back what the
# migrations made, such as the Editors group).
OUTSIDE_A_TRANSACTION = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def lesson_with_first_version(client, module) -> ScormLessonPage:
    response = add(client, module, form_data("Golf", SimpleUploadedFile("a.zip", GOLF_12.read_bytes())))
    assert response.status_code == 302
    return ScormLessonPage.objects.get(title="Golf")


@OUTSIDE_A_TRANSACTION
def test_an_edit_rolled_back_after_storing_the_new_package_leaves_none_of_its_files(editor_client, module):
    lesson = lesson_with_first_version(editor_client, module)
    before = stored_files()
    assert before and all(name.startswith(lesson.package_version.storage_prefix) for name in before)
    # Wagtail saves the form (which stores the new package) and then refuses to overwrite a revision that does not
    # exist: its transaction is rolled back, the version row with it, and the page shows the error.
    data = {**form_data("Golf", SimpleUploadedFile("b.zip", GOLF_2004_4TH.read_bytes())), "overwrite_revision_id": 0}
    response = editor_client.post(f"/admin/pages/{lesson.id}/edit/", data)
    assert (
        response.status_code == 200 and "Cannot overwrite a revision that does not exist." in response.content.decode()
    )
    assert list(ScormPackageVersion.objects.values_list("number", flat=True)) == [1]
    assert stored_files() == before


@OUTSIDE_A_TRANSACTION
def test_an_edit_that_commits_keeps_the_new_packages_files(editor_client, module):
    lesson = lesson_with_first_version(editor_client, module)
    before = stored_files()
    data = form_data("Golf", SimpleUploadedFile("b.zip", GOLF_2004_4TH.read_bytes()))
    assert editor_client.post(f"/admin/pages/{lesson.id}/edit/", data).status_code == 302
    second = ScormPackageVersion.objects.get(number=2)
    added = sorted(set(stored_files()) - set(before))
    assert len(added) == second.file_count and all(name.startswith(second.storage_prefix + "/") for name in added)
    assert set(before) <= set(stored_files())


@OUTSIDE_A_TRANSACTION
def test_a_form_refused_for_another_field_stores_nothing(editor_client, module):
    upload = SimpleUploadedFile("a.zip", GOLF_12.read_bytes())
    response = add(editor_client, module, form_data("Golf", upload, estimated_minutes="not a number"))
    assert response.status_code == 200 and response.context["form"].errors["estimated_minutes"]
    assert not ScormPackageVersion.objects.exists() and stored_files() == []


# Wagtail's page editor autosaves: once a field changes it posts the whole form in the background, as a FormData
# built from the form element, so the chosen zip goes with every autosave until the page is reloaded, and with the
# Save or Publish after them. It asks for JSON (Accept: application/json), sends the revision the page was loaded
# with, and from its second save on the revision its first one made, to overwrite it.
AUTOSAVE_HEADERS = {"Accept": "application/json"}


def chosen(path, name: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="application/zip")


def loaded_revision(lesson: ScormLessonPage) -> dict:
    """The hidden fields the edit form is loaded with (the revision it shows)."""
    revision = lesson.latest_revision
    return {"loaded_revision_id": revision.pk, "loaded_revision_created_at": revision.created_at.isoformat()}


def autosave(client, url: str, data: dict, *, revision_id: int | None = None) -> dict:
    if revision_id is not None:
        data = {**data, "overwrite_revision_id": revision_id}
    response = client.post(url, data, headers=AUTOSAVE_HEADERS)
    assert response.status_code == 200 and response["Content-Type"] == "application/json", response
    body = response.json()
    assert body["success"], body
    return body


def version_numbers() -> list[tuple[int, int]]:
    return list(ScormPackageVersion.objects.order_by("package_id", "number").values_list("package_id", "number"))


def files_added(before: list[str], version: ScormPackageVersion) -> list[str]:
    """The files stored since ``before``, after checking they are exactly one copy of the version's files."""
    added = sorted(set(stored_files()) - set(before))
    assert set(before) <= set(stored_files())
    assert len(added) == version.file_count and all(name.startswith(version.storage_prefix + "/") for name in added)
    return added


@OUTSIDE_A_TRANSACTION
def test_autosaves_sending_the_chosen_zip_and_the_publish_after_them_store_it_once(publisher_client, module):
    lesson = lesson_with_first_version(publisher_client, module)
    first = lesson.package_version
    before = stored_files()
    url = f"/admin/pages/{lesson.id}/edit/"
    loaded = loaded_revision(lesson)
    # The editor chooses b.zip (a change: autosave), then types in the title (autosave again, with b.zip).
    saved = autosave(
        publisher_client, url, {**form_data("Golf", chosen(GOLF_2004_4TH, "b.zip"), slug="golf"), **loaded}
    )
    assert version_numbers() == [(first.package_id, 1), (first.package_id, 2)]
    again = autosave(
        publisher_client,
        url,
        {**form_data("Golf 4th edition", chosen(GOLF_2004_4TH, "b.zip"), slug="golf"), **loaded},
        revision_id=saved["revision_id"],
    )
    assert again["revision_id"] == saved["revision_id"]
    second = ScormPackageVersion.objects.get(package_id=first.package_id, number=2)
    assert version_numbers() == [(first.package_id, 1), (first.package_id, 2)]
    added = files_added(before, second)
    # Publish: a plain form submission, with the zip still chosen.
    data = {
        **form_data("Golf 4th edition", chosen(GOLF_2004_4TH, "b.zip"), slug="golf"),
        **loaded,
        "action-publish": "publish",
    }
    assert publisher_client.post(url, data).status_code == 302
    assert version_numbers() == [(first.package_id, 1), (first.package_id, 2)]
    assert files_added(before, second) == added
    lesson.refresh_from_db()
    assert (lesson.live, lesson.title, lesson.package_version_id) == (True, "Golf 4th edition", second.id)


@OUTSIDE_A_TRANSACTION
def test_autosaves_of_the_lessons_own_zip_add_nothing_and_a_different_zip_is_version_2(publisher_client, module):
    lesson = lesson_with_first_version(publisher_client, module)
    first = lesson.package_version
    before = stored_files()
    url = f"/admin/pages/{lesson.id}/edit/"
    loaded = loaded_revision(lesson)
    saved = autosave(publisher_client, url, {**form_data("Golf", chosen(GOLF_12, "a copy.zip"), slug="golf"), **loaded})
    autosave(
        publisher_client,
        url,
        {**form_data("Golf again", chosen(GOLF_12, "a copy.zip"), slug="golf"), **loaded},
        revision_id=saved["revision_id"],
    )
    assert version_numbers() == [(first.package_id, 1)]
    assert stored_files() == before
    lesson.refresh_from_db()
    assert (lesson.title, lesson.package_version_id) == ("Golf again", first.id)

    data = {
        **form_data("Golf again", chosen(GOLF_2004_4TH, "b.zip"), slug="golf"),
        **loaded,
        "action-publish": "publish",
    }
    assert publisher_client.post(url, data).status_code == 302
    assert version_numbers() == [(first.package_id, 1), (first.package_id, 2)]
    files_added(before, ScormPackageVersion.objects.get(number=2))


@OUTSIDE_A_TRANSACTION
def test_a_new_lesson_autosaved_from_the_add_form_then_published_has_one_version(publisher_client, module):
    """On the add form the first autosave creates the page as a draft; the form then posts to the page's edit
    view, still with the zip chosen."""
    add_url = f"/admin/pages/add/learning/scormlessonpage/{module.id}/"
    created = autosave(publisher_client, add_url, form_data("Golf", chosen(GOLF_12), slug="golf"))
    lesson = ScormLessonPage.objects.get(pk=created["pk"])
    assert created["url"] == f"/admin/pages/{lesson.id}/edit/"
    version = lesson.package_version
    before = stored_files()
    assert len(before) == version.file_count
    autosave(
        publisher_client,
        created["url"],
        form_data("Golf basics", chosen(GOLF_12), slug="golf"),
        revision_id=created["revision_id"],
    )
    data = {**form_data("Golf basics", chosen(GOLF_12), slug="golf"), "action-publish": "publish"}
    assert publisher_client.post(created["url"], data).status_code == 302
    assert version_numbers() == [(version.package_id, 1)]
    assert stored_files() == before
    lesson.refresh_from_db()
    assert (lesson.live, lesson.title, lesson.package_version_id) == (True, "Golf basics", version.id)
