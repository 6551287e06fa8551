"""What the manifest of each golf package says, and every reason a manifest is refused."""

import io
import zipfile

import pytest

from learning.scorm import manifest as m
from learning.scorm.manifest import SCORM_12, SCORM_2004, manifest_parse, package_check
from learning.scorm.unpack import PackageRefused
from tests.learning.scorm.packages import (
    GOLF_12,
    GOLF_2004_4TH,
    GOLF_2004_BASIC,
    GOLF_2004_MULTI,
    INVALID_PACKAGES,
    MANIFEST_12,
    PAGE,
    invalid_packages,
    tiny_package,
    zip_bytes,
)


def check(data: bytes):
    return package_check(io.BytesIO(data)).manifest


def test_scorm_12_single_sco():
    manifest = check(GOLF_12.read_bytes())
    assert (manifest.version, manifest.edition, manifest.version_label) == (SCORM_12, "", "SCORM 1.2")
    assert manifest.title == "Golf Explained - CP Single SCO"
    assert [(i.identifier, i.href, i.scorm_type) for i in manifest.launchable_items] == [
        ("item_1", "shared/launchpage.html", "sco")
    ]
    assert manifest.unsupported_sequencing == ()


def test_scorm_2004_3rd_edition_basic_runtime_calls_needs_no_unsupported_sequencing():
    manifest = check(GOLF_2004_BASIC.read_bytes())
    assert (manifest.version, manifest.edition, manifest.version_label) == (
        SCORM_2004,
        "3rd",
        "SCORM 2004 3rd Edition",
    )
    assert [item.href for item in manifest.launchable_items] == ["shared/launchpage.html"]
    assert manifest.unsupported_sequencing == ()  # control modes and delivery controls only


def test_scorm_2004_multi_sco_lists_every_item_under_its_heading_with_parameters():
    manifest = check(GOLF_2004_MULTI.read_bytes())
    headings = [item.title for item in manifest.items if not item.launchable]
    assert headings == ["Playing the Game", "Etiquette", "Handicapping", "Having Fun"]
    launchable = manifest.launchable_items
    assert len(launchable) == 18
    assert launchable[0].depth == 1 and launchable[0].href == "Playing/Playing.html"
    quiz = next(item for item in launchable if item.identifier == "playing_quiz_item")
    assert quiz.href.endswith("?questions=Playing")
    assert {item.scorm_type for item in launchable} == {"asset"}


def test_scorm_2004_4th_edition_sequencing_is_detected_as_unsupported():
    manifest = check(GOLF_2004_4TH.read_bytes())
    assert (manifest.version, manifest.edition) == (SCORM_2004, "4th")
    assert manifest.launchable_items[0].href == "shared/launchpage.html?content=playing"
    assert m.UNSUPPORTED_SEQUENCING["sequencingRules"] in manifest.unsupported_sequencing
    assert m.UNSUPPORTED_SEQUENCING["mapInfo"] in manifest.unsupported_sequencing


def test_no_manifest_is_refused_saying_what_is_missing():
    with pytest.raises(PackageRefused) as refused:
        check(INVALID_PACKAGES["no manifest"])
    assert str(refused.value) == m.NO_MANIFEST


def test_a_manifest_in_a_sub_folder_is_refused_naming_the_folder():
    with pytest.raises(PackageRefused) as refused:
        check(INVALID_PACKAGES["manifest in a sub-folder"])
    assert str(refused.value) == m.MANIFEST_IN_FOLDER.format(folder="course")


@pytest.mark.parametrize("reason", sorted(invalid_packages()))
def test_every_invalid_package_is_refused_by_the_whole_check(reason):
    with pytest.raises(PackageRefused):
        check(invalid_packages()[reason])


def manifest_with(resources: str, items: str = '<item identifier="i1" identifierref="r1"><title>A</title></item>'):
    return f"""<manifest identifier="x" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
      xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
      <metadata><schemaversion>2004 3rd Edition</schemaversion></metadata>
      <organizations default="o"><organization identifier="o"><title>T</title>{items}</organization></organizations>
      <resources>{resources}</resources></manifest>""".encode()


def test_no_launchable_resource_is_refused_naming_the_organisation():
    data = manifest_with("", items='<item identifier="h"><title>Heading only</title></item>')
    with pytest.raises(PackageRefused) as refused:
        manifest_parse(data)
    assert str(refused.value) == m.NO_LAUNCHABLE.format(organisation="o")


def test_an_item_pointing_at_an_undefined_resource_is_refused():
    with pytest.raises(PackageRefused) as refused:
        manifest_parse(manifest_with(""))
    assert str(refused.value) == m.MISSING_RESOURCE.format(item="i1", resource="r1")


def test_a_resource_without_href_is_refused():
    with pytest.raises(PackageRefused) as refused:
        manifest_parse(manifest_with('<resource identifier="r1" type="webcontent" adlcp:scormType="sco"/>'))
    assert str(refused.value) == m.NO_HREF.format(item="i1", resource="r1")


def test_a_launch_file_missing_from_the_package_is_refused():
    manifest = MANIFEST_12.replace(b'href="index.html"', b'href="start.html"')
    with pytest.raises(PackageRefused) as refused:
        check(zip_bytes([("imsmanifest.xml", manifest), ("index.html", PAGE)]))
    assert str(refused.value) == m.LAUNCH_FILE_MISSING.format(href="start.html", item="item_1")


def test_no_organisation_is_refused():
    data = b'<manifest identifier="x"><metadata><schemaversion>1.2</schemaversion></metadata></manifest>'
    with pytest.raises(PackageRefused) as refused:
        manifest_parse(data)
    assert str(refused.value) == m.NO_ORGANISATION


def test_a_manifest_with_no_version_is_refused():
    data = b'<manifest identifier="x"><organizations/></manifest>'
    with pytest.raises(PackageRefused) as refused:
        manifest_parse(data)
    assert str(refused.value) == m.UNKNOWN_VERSION


def test_the_version_is_found_from_the_namespace_when_schemaversion_is_missing():
    data = MANIFEST_12.replace(b"<schemaversion>1.2</schemaversion>", b"")
    assert manifest_parse(data).version == SCORM_12


def test_entity_expansion_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<manifest>&b;</manifest>"
    )
    with pytest.raises(PackageRefused) as refused:
        manifest_parse(bomb)
    assert str(refused.value) == m.MANIFEST_UNSAFE


def test_malformed_xml_is_refused_with_the_parser_error():
    with pytest.raises(PackageRefused, match="not well-formed XML"):
        check(tiny_package(manifest=b"<manifest><unclosed></manifest>"))


def test_a_file_that_is_not_a_manifest_is_refused():
    with pytest.raises(PackageRefused) as refused:
        manifest_parse(b"<html/>")
    assert str(refused.value) == m.NOT_A_MANIFEST


def test_the_check_of_an_uploaded_file_records_its_sha256_and_still_reads_the_zip():
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    data = GOLF_12.read_bytes()
    checked = package_check(SimpleUploadedFile("golf.zip", data))
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    files = [info for info in zipfile.ZipFile(GOLF_12).infolist() if not info.is_dir()]
    assert checked.manifest.version == SCORM_12 and len(checked.members) == len(files)
