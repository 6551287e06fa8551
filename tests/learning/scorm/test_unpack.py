"""Which zip members a SCORM package may store, and every reason a package is refused."""

import io
import zipfile

import pytest

from learning.scorm import unpack
from learning.scorm.unpack import PackageRefused, member_bytes, package_members, package_open, safe_path
from tests.learning.scorm.packages import (
    INVALID_PACKAGES,
    VALID_PACKAGES,
    invalid_packages,
    symlink_entry,
    tiny_package,
    too_many_files,
    zip_bytes,
)


def members_of(data: bytes):
    return package_members(package_open(io.BytesIO(data)))


@pytest.mark.parametrize("path", VALID_PACKAGES, ids=lambda path: path.name)
def test_every_golf_package_is_accepted_with_all_its_files(path):
    with zipfile.ZipFile(path) as archive:
        expected = sorted(name for name in archive.namelist() if not name.endswith("/"))
    members = members_of(path.read_bytes())
    assert sorted(member.path for member in members) == expected
    assert "imsmanifest.xml" in expected


def test_the_stored_path_is_rebuilt_from_checked_segments():
    assert safe_path("shared/./launchpage.html") == "shared/launchpage.html"
    assert safe_path("Etiquette/") is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../outside.html", unpack.PARENT_PATH),
        ("shared/../../outside.html", unpack.PARENT_PATH),
        ("shared/..", unpack.PARENT_PATH),
        ("/etc/passwd", unpack.ABSOLUTE_PATH),
        ("C:/Windows/win.ini", unpack.ABSOLUTE_PATH),
        ("shared\\..\\..\\evil.html", unpack.UNSAFE_NAME),
        ("shared//double.html", unpack.UNSAFE_NAME),
        ("bad\x00name.html", unpack.UNSAFE_NAME),
    ],
)
def test_unsafe_names_are_refused_with_the_name_in_the_message(name, message):
    with pytest.raises(PackageRefused) as refused:
        safe_path(name)
    assert str(refused.value) == message.format(name=name)


def test_a_package_climbing_out_with_dot_dot_is_refused():
    with pytest.raises(PackageRefused, match="climbs out of the package"):
        members_of(INVALID_PACKAGES["parent path"])


def test_a_package_with_an_absolute_path_is_refused():
    with pytest.raises(PackageRefused) as refused:
        members_of(INVALID_PACKAGES["absolute path"])
    assert str(refused.value) == unpack.ABSOLUTE_PATH.format(name="/etc/cron.d/evil")


def test_a_symbolic_link_is_refused_even_with_a_harmless_name():
    with pytest.raises(PackageRefused) as refused:
        members_of(INVALID_PACKAGES["symlink"])
    assert str(refused.value) == unpack.SYMLINK.format(name="shared/passwd")


def test_a_plain_file_with_unix_permissions_is_not_taken_for_a_link():
    info = zipfile.ZipInfo("shared/page.html")
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    assert [member.path for member in members_of(tiny_package((info, b"ok")))][-1] == "shared/page.html"


def test_one_file_over_the_stated_limit_is_refused_and_the_limit_is_in_the_message():
    assert len(members_of(too_many_files(unpack.MAX_FILES - 2))) == unpack.MAX_FILES
    with pytest.raises(PackageRefused) as refused:
        members_of(invalid_packages()["too many files"])
    assert str(refused.value) == unpack.TOO_MANY_FILES.format(count=unpack.MAX_FILES + 1)
    assert str(unpack.MAX_FILES) in str(refused.value)


def test_a_highly_compressed_member_is_refused_as_a_zip_bomb():
    with pytest.raises(PackageRefused) as refused:
        members_of(INVALID_PACKAGES["zip bomb"])
    assert "zip bomb" in str(refused.value) and "big.txt" in str(refused.value)
    assert f"at most {unpack.MAX_COMPRESSION_RATIO} times" in str(refused.value)


def test_more_unpacked_bytes_than_allowed_are_refused_before_reading_them(monkeypatch):
    monkeypatch.setattr(unpack, "MAX_UNPACKED_BYTES", 1000)
    data = zip_bytes([("imsmanifest.xml", b"x" * 600), ("b.bin", b"y" * 600)], compression=zipfile.ZIP_STORED)
    with pytest.raises(PackageRefused) as refused:
        members_of(data)
    assert str(refused.value) == unpack.TOO_LARGE


def test_the_stated_byte_limit_is_in_its_message():
    assert f"{unpack.MAX_UNPACKED_BYTES // (1024 * 1024)} MiB" in unpack.TOO_LARGE


def test_a_member_whose_header_understates_its_size_is_refused_not_read_on():
    archive = package_open(io.BytesIO(zip_bytes([("a.txt", b"a" * 100)], compression=zipfile.ZIP_STORED)))
    member = package_members(archive)[0]
    member.info.file_size = 10  # the header now declares fewer bytes than the data holds
    with pytest.raises(PackageRefused) as refused:
        member_bytes(archive, member)
    assert str(refused.value).startswith("“a.txt” cannot be read from the archive")


def test_reading_stops_at_the_limit_given():
    archive = package_open(io.BytesIO(zip_bytes([("a.txt", b"a" * 100)], compression=zipfile.ZIP_STORED)))
    member = package_members(archive)[0]
    with pytest.raises(PackageRefused) as refused:
        b"".join(unpack.member_read(archive, member, limit=50))
    assert str(refused.value) == unpack.SIZE_MISMATCH.format(name="a.txt")


def test_a_duplicate_name_is_refused():
    with pytest.raises(PackageRefused, match="appears twice"):
        members_of(zip_bytes([("a.html", b"1"), ("A.html", b"2")]))


def test_something_that_is_not_a_zip_is_refused():
    with pytest.raises(PackageRefused) as refused:
        package_open(io.BytesIO(b"PK\x03\x04 not really"))
    assert str(refused.value) == unpack.NOT_A_ZIP


def test_a_symlink_entry_builder_really_makes_a_link():
    info, _ = symlink_entry("x", "/etc/passwd")
    assert unpack._is_symlink(info)


def test_the_digest_is_the_sha256_of_the_whole_file_read_in_chunks_and_leaves_it_at_the_start():
    import hashlib

    data = VALID_PACKAGES[0].read_bytes()
    assert len(data) > 3 * unpack.READ_CHUNK  # several chunks, and a last one that is not full
    file = io.BytesIO(data)
    file.seek(100)  # wherever the upload was left, the whole file counts
    assert unpack.package_digest(file) == hashlib.sha256(data).hexdigest()
    assert file.tell() == 0
    assert unpack.package_digest(io.BytesIO(data + b"\0")) != hashlib.sha256(data).hexdigest()
