"""Naming what an uploaded file looks like from its first bytes, so a refusal can say "a PNG image"."""

from __future__ import annotations

import io
import zipfile

import pytest

from learning.staff_import import sniff
from tests.learning.test_staff_import_files import csv_bytes, person, xlsx_bytes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


def zipped(*names: str, mimetype: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype)
        for name in names:
            archive.writestr(name, b"<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PNG, "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an old-style Office file (such as .xls or .doc)"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "a gzip-compressed file"),
        (b"{\\rtf1\\ansi", "a Rich Text document (.rtf)"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "a web page (HTML)"),
        (zipped("word/document.xml", "[Content_Types].xml"), "a Word document (.docx)"),
        (zipped("content.xml", mimetype=sniff.ODS_MIMETYPE), "an OpenDocument spreadsheet (.ods)"),
        (zipped("notes.txt"), sniff.ZIP),
        (b"PK\x03\x04 not really a zip", sniff.ZIP),
    ],
)
def test_known_kinds_are_named(data, kind):
    assert sniff.file_kind(data) == kind


def test_a_workbook_is_named_as_one():
    assert sniff.file_kind(xlsx_bytes([person(1)])) == sniff.XLSX


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes([person(1)]),
        b"BM001,Ann,Able\r\n",  # "BM" begins a bitmap, and an employee number
        b"MZ12,Ann,Able\r\n",  # "MZ" begins a Windows program, and an employee number
        "Employee number,First name\r\nE1,Zoë\r\n".encode("cp1252"),
        csv_bytes([person(1)], encoding="utf-16"),
    ],
)
def test_text_is_never_given_a_kind(data):
    assert sniff.file_kind(data) is None
