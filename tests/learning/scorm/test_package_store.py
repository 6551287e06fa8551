"""Storing checked packages as versions in the "scorm" storage, and the SCORM lesson in the page tree."""

import zipfile

import pytest
from django.core.files.storage import storages

from learning.models import LessonPage, ModulePage, ScormAttempt, ScormLessonPage, ScormPackageVersion
from learning.scorm import storage
from tests.factories.scorm import package_store, scorm_lesson_in
from tests.learning.scorm.packages import GOLF_12, GOLF_2004_4TH, GOLF_2004_MULTI, VALID_PACKAGES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", VALID_PACKAGES, ids=lambda path: path.name)
def test_every_file_of_a_golf_package_is_stored_byte_for_byte(path):
    version = package_store(path)
    files = storages["scorm"]
    with zipfile.ZipFile(path) as archive:
        names = [info for info in archive.infolist() if not info.is_dir()]
        for info in names:
            with files.open(f"{version.storage_prefix}/{info.filename}") as stored:
                assert stored.read() == archive.read(info)
    assert version.file_count == len(names)
    assert version.number == 1 and version.launchable_items


def test_a_new_upload_of_the_same_package_is_its_next_version_in_a_new_folder():
    first = package_store(GOLF_12)
    second = package_store(GOLF_12, package=first.package)
    assert (second.package_id, second.number) == (first.package_id, 2)
    assert second.storage_prefix != first.storage_prefix
    assert storages["scorm"].exists(f"{first.storage_prefix}/shared/launchpage.html")


def test_the_manifest_facts_are_kept_on_the_version():
    version = package_store(GOLF_2004_4TH)
    assert (version.scorm_version, version.edition, version.version_label) == ("2004", "4th", "SCORM 2004 4th Edition")
    assert version.unsupported_sequencing
    multi = package_store(GOLF_2004_MULTI)
    assert len(multi.launchable_items) == 18 and len(multi.items) == 22


def files_under(prefix: str) -> list[str]:
    root = storages["scorm"]
    if not root.exists(prefix):
        return []
    folders, files = root.listdir(prefix)
    return [f"{prefix}/{name}" for name in files] + [
        name for folder in folders for name in files_under(f"{prefix}/{folder}")
    ]


def test_files_written_are_removed_when_storing_fails(monkeypatch):
    from learning.scorm import services

    prefixes = []

    def remembered_prefix(package_id, number):
        prefixes.append(storage.version_prefix(package_id, number))
        return prefixes[-1]

    def refuse(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "version_prefix", remembered_prefix)
    monkeypatch.setattr(services.ScormPackageVersion.objects, "create", refuse)
    with pytest.raises(RuntimeError):
        package_store(GOLF_12)
    assert not ScormPackageVersion.objects.exists()
    assert prefixes and files_under(prefixes[0]) == []


def test_a_stored_version_has_its_files_under_its_prefix():
    version = package_store(GOLF_12)
    assert len(files_under(version.storage_prefix)) == version.file_count


def test_the_scorm_lesson_is_a_lesson_of_its_module(course):
    module = ModulePage.objects.child_of(course).first()
    lesson = scorm_lesson_in(module, GOLF_12)
    assert lesson.id in LessonPage.objects.live().child_of(module).values_list("id", flat=True)
    assert "learning.ScormLessonPage" in ModulePage.subpage_types
    assert ScormLessonPage.parent_page_types == ["learning.ModulePage"]


def test_one_attempt_per_learner_per_version_is_a_database_rule(staff):
    from django.db import IntegrityError, transaction

    version = package_store(GOLF_12)
    ScormAttempt.objects.create(staff=staff, version=version)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScormAttempt.objects.create(staff=staff, version=version)


def test_a_scaled_score_outside_minus_one_to_one_is_refused_by_the_database(staff):
    from django.db import IntegrityError, transaction

    version = package_store(GOLF_12)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScormAttempt.objects.create(staff=staff, version=version, score_scaled=1.5)
