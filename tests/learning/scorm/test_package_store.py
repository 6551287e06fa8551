"""Storing checked packages as versions in the "scorm" storage, and the SCORM lesson in the page tree."""

import hashlib
import zipfile

import pytest
from django.core.files.storage import storages

from learning.models import LessonPage, ModulePage, ScormAttempt, ScormLessonPage, ScormPackageVersion
from learning.scorm import storage
from tests.factories.scorm import package_store, scorm_lesson_in
from tests.learning.scorm.packages import GOLF_12, GOLF_2004_4TH, GOLF_2004_MULTI, VALID_PACKAGES, revised
from tests.learning.scorm.stored import stored_files

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


def test_a_new_zip_of_the_same_package_is_its_next_version_in_a_new_folder():
    first = package_store(GOLF_12)
    second = package_store(revised(GOLF_12), package=first.package)
    assert (second.package_id, second.number) == (first.package_id, 2)
    assert second.storage_prefix != first.storage_prefix
    assert storages["scorm"].exists(f"{first.storage_prefix}/shared/launchpage.html")
    assert storages["scorm"].exists(f"{second.storage_prefix}/revision.txt")


def test_each_version_records_the_sha256_of_its_zip():
    assert package_store(GOLF_12).sha256 == hashlib.sha256(GOLF_12.read_bytes()).hexdigest()
    assert package_store(revised(GOLF_12)).sha256 == hashlib.sha256(revised(GOLF_12)).hexdigest()


@pytest.mark.usefixtures("own_storage")
def test_the_same_zip_again_is_the_packages_latest_version_and_stores_nothing():
    first = package_store(GOLF_12)
    files = stored_files()
    assert len(files) == first.file_count
    again = package_store(GOLF_12, package=first.package)
    assert again.pk == first.pk
    assert list(ScormPackageVersion.objects.values_list("number", flat=True)) == [1]
    assert stored_files() == files


def test_the_same_zip_as_an_earlier_version_but_not_the_latest_is_a_new_version():
    """Only the latest version is reused: going back to an earlier zip is a change learners start again on."""
    first = package_store(GOLF_12)
    package_store(revised(GOLF_12), package=first.package)
    third = package_store(GOLF_12, package=first.package)
    assert (third.number, third.sha256) == (3, first.sha256)


def test_the_same_zip_for_a_new_lesson_is_a_package_of_its_own():
    first = package_store(GOLF_12)
    other = package_store(GOLF_12)
    assert other.package_id != first.package_id and other.number == 1


def test_a_version_stored_before_digests_were_recorded_matches_no_upload():
    first = package_store(GOLF_12)
    ScormPackageVersion.objects.filter(pk=first.pk).update(sha256="")
    again = package_store(GOLF_12, package=first.package)
    assert (again.package_id, again.number) == (first.package_id, 2)


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
