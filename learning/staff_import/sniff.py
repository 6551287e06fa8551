"""Say what kind of file some bytes hold, from their first bytes, so a refusal can name it ("a PNG image").

Pure: no database, no Django. Only signatures that cannot begin a line of text a person would type are
listed (a CSV file may well start "BM001,..." or "MZ12,..."), so a CSV file is never mistaken for
something else. ZIP files are looked inside to tell an Excel workbook from a Word document.
"""

from __future__ import annotations

import io
import zipfile

XLSX = "an Excel workbook (.xlsx)"
ZIP = "a ZIP archive"
OLE = "an old-style Office file (such as .xls or .doc)"  # also how Excel stores a workbook with a password

# (signature, offset, what the file is) - first match wins.
SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"WEBP", 8, "a WebP image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"ftypheic", 4, "an HEIC photo"),
    (b"%PDF-", 0, "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, OLE),
    (b"{\\rtf", 0, "a Rich Text document (.rtf)"),
    (b"\x1f\x8b", 0, "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\x7fELF", 0, "a program"),
    (b"ftyp", 4, "a video or audio file"),
)
# Members that tell one kind of ZIP-based document from another.
ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("xl/", XLSX),
    ("word/", "a Word document (.docx)"),
    ("ppt/", "a PowerPoint presentation (.pptx)"),
)
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MARKUP_STARTS: tuple[tuple[bytes, str], ...] = (
    (b"<!doctype html", "a web page (HTML)"),
    (b"<html", "a web page (HTML)"),
    (b"<?xml", "an XML file"),
)


def file_kind(data: bytes) -> str | None:
    """Return what the bytes look like ("a PNG image", ``XLSX``...), or None when they may well be text."""
    for signature, offset, kind in SIGNATURES:
        if data[offset : offset + len(signature)] == signature:
            return kind
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for prefix, kind in MARKUP_STARTS:
        if start.startswith(prefix):
            return kind
    return None


def _zip_kind(data: bytes) -> str:
    """Return which ZIP-based document the bytes hold, from the names of its members."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= len(ODS_MIMETYPE) + 2:
                if archive.read("mimetype").strip() == ODS_MIMETYPE:
                    return "an OpenDocument spreadsheet (.ods)"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return ZIP
    for prefix, kind in ZIP_KINDS:
        if any(name.startswith(prefix) for name in names):
            return kind
    return ZIP
