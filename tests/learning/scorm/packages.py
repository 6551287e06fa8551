"""The SCORM packages the tests use: the four golf examples (tests/fixtures/scorm/, see SOURCE.md there) and
invalid packages built here, each small and made in memory so the reason it is refused is plain to read."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "scorm"
GOLF_12 = FIXTURES / "golf-scorm12-single-sco.zip"
GOLF_2004_BASIC = FIXTURES / "golf-scorm2004-3rd-basic-runtime-calls.zip"
GOLF_2004_MULTI = FIXTURES / "golf-scorm2004-3rd-multi-sco.zip"
GOLF_2004_4TH = FIXTURES / "golf-scorm2004-4th-sequencing.zip"
VALID_PACKAGES = [GOLF_12, GOLF_2004_BASIC, GOLF_2004_MULTI, GOLF_2004_4TH]

MANIFEST_12 = b"""<?xml version="1.0"?>
<manifest identifier="tiny.12" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Tiny</title>
    <item identifier="item_1" identifierref="res_1"><title>Only page</title></item>
  </organization></organizations>
  <resources><resource identifier="res_1" type="webcontent" adlcp:scormtype="sco" href="index.html"/></resources>
</manifest>"""
PAGE = b"<!doctype html><title>Tiny</title><p>Hello</p>"


def zip_bytes(entries: list[tuple[str | zipfile.ZipInfo, bytes]], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """Return a zip archive holding ``entries`` (names or prepared ZipInfo objects, with their bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def tiny_package(*extra: tuple[str | zipfile.ZipInfo, bytes], manifest: bytes = MANIFEST_12) -> bytes:
    """Return a valid one-page SCORM 1.2 package with ``extra`` entries added."""
    return zip_bytes([("imsmanifest.xml", manifest), ("index.html", PAGE), *extra])


def revised(path: Path, note: bytes = b"Revised.") -> bytes:
    """Return the package at ``path`` zipped again with one more file: the same lesson, but not the same zip."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist() if not info.is_dir()]
    return zip_bytes([*entries, ("revision.txt", note)])


def symlink_entry(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    """Return a zip entry that unpacks (with Info-ZIP) as a symbolic link to ``target``."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


INVALID_PACKAGES = {
    "no manifest": zip_bytes([("index.html", PAGE)]),
    "manifest in a sub-folder": zip_bytes([("course/imsmanifest.xml", MANIFEST_12), ("course/index.html", PAGE)]),
    "parent path": tiny_package(("../outside.html", PAGE)),
    "absolute path": tiny_package(("/etc/cron.d/evil", PAGE)),
    "symlink": tiny_package(symlink_entry("shared/passwd", "/etc/passwd")),
    "zip bomb": tiny_package(("big.txt", b"\0" * (8 * 1024 * 1024))),
}


def too_many_files(count: int) -> bytes:
    """Return a package with ``count`` one-byte files besides its manifest and page."""
    return tiny_package(*[(f"f/{number}.txt", b"x") for number in range(count)])


def invalid_packages() -> dict[str, bytes]:
    """Return every invalid package by the reason it is refused, with one file over the stated file limit."""
    from learning.scorm.unpack import MAX_FILES

    return {**INVALID_PACKAGES, "too many files": too_many_files(MAX_FILES - 1)}
