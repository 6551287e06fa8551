"""The parts of an Excel workbook around its worksheets, read straight from the zip with the C expat parser:
the package and workbook relationships, the list of sheets, the shared-string table and which cell styles
are dates. Also the limits and the refusals that xlsx.py raises (an XML part with a document type
declaration is refused: a workbook never needs one, and refusing it rules out entity tricks).
"""

from __future__ import annotations

import posixpath
import zipfile
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

CHUNK_BYTES = 64 * 1024
MAX_SHARED_STRINGS_BYTES = 40 * 1024 * 1024  # the shared-string table is the one part held in memory
WORKSHEET_TYPE = "/worksheet"


class NotAWorkbook(Exception):
    """The bytes are not an Excel workbook we can read (damaged, encrypted, or another kind of file)."""


class NoWorksheets(Exception):
    """The workbook has no worksheet."""


class SheetMissing(Exception):
    """The workbook has no worksheet with the title asked for; ``args[0]`` lists the titles it has."""


class WorkbookTooLarge(Exception):
    """A part of the workbook, or all of it, unpacks to more than the limit."""


class Refused(Exception):
    """Raised inside expat handlers to stop parsing."""


def workbook_unpacked_bytes(archive: zipfile.ZipFile) -> int:
    """Return the total size the zip's members declare once unpacked (zipfile never reads past it)."""
    return sum(info.file_size for info in archive.infolist())


def list_worksheets(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], dict, bool]:
    """Return the (title, path) of every worksheet in workbook order, the workbook's relationships, and
    whether it counts dates from 1904."""
    workbook_path = _office_document_path(archive)
    relationships = _relationships(archive, workbook_path)
    sheets, date1904 = _sheets(archive, workbook_path)
    worksheets = [(name, relationships.get(rel_id, ("", ""))) for name, rel_id in sheets]
    return (
        [(name, target) for name, (kind, target) in worksheets if kind.endswith(WORKSHEET_TYPE)],
        relationships,
        date1904,
    )


class LocalNames(dict):
    """Element names without their namespace ("uri}row" -> "row"), worked out once per name."""

    def __missing__(self, name: str) -> str:
        tag = self[name] = name.rpartition("}")[2]
        return tag


def _local_names():
    """Return a function giving an element's name without its namespace."""
    return LocalNames().__getitem__


def expat_parser(start, end, data=None):
    """Return an expat parser (namespaces as "uri}name") that refuses any document type declaration."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if data is not None:
        parser.CharacterDataHandler = data

    def refuse(*_args):
        raise Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


def _elements(archive: zipfile.ZipFile, path: str, wanted: set[str]) -> list[tuple[str, dict]]:
    """Return (name, attributes) of the wanted elements of a small part, in document order."""
    found: list[tuple[str, dict]] = []
    local = _local_names()

    def start(name, attrs):
        tag = local(name)
        if tag in wanted:
            found.append((tag, {key.rpartition("}")[2]: value for key, value in attrs.items()}))

    _parse_part(archive, path, expat_parser(start, lambda name: None))
    return found


def _parse_part(archive: zipfile.ZipFile, path: str, parser) -> None:
    try:
        with archive.open(path) as source:
            while chunk := source.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (expat.ExpatError, Refused, KeyError, zipfile.BadZipFile, OSError):
        raise NotAWorkbook from None


def _office_document_path(archive: zipfile.ZipFile) -> str:
    """Return the path of the workbook part named by the package's relationships."""
    if "_rels/.rels" in archive.namelist():
        for _tag, attrs in _elements(archive, "_rels/.rels", {"Relationship"}):
            if attrs.get("Type", "").endswith("/officeDocument"):
                return _resolve("", attrs.get("Target", ""))
    return "xl/workbook.xml"


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Return relationship id -> (type, path in the zip) for a part."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    if rels_path not in archive.namelist():
        raise NotAWorkbook
    return {
        attrs.get("Id", ""): (attrs.get("Type", ""), _resolve(folder, attrs.get("Target", "")))
        for _tag, attrs in _elements(archive, rels_path, {"Relationship"})
    }


def _resolve(folder: str, target: str) -> str:
    path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path)


def _sheets(archive: zipfile.ZipFile, workbook_path: str) -> tuple[list[tuple[str, str]], bool]:
    """Return the workbook's sheets as (name, relationship id), in order, and whether it counts from 1904."""
    elements = _elements(archive, workbook_path, {"sheet", "workbookPr"})
    sheets = [(attrs.get("name", ""), attrs.get("id", "")) for tag, attrs in elements if tag == "sheet"]
    date1904 = any(tag == "workbookPr" and attrs.get("date1904") in ("1", "true") for tag, attrs in elements)
    return sheets, date1904


def read_shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    """Return the shared-string table (rich text runs joined, phonetic guides left out)."""
    if not path or path not in archive.namelist():
        return []
    if archive.getinfo(path).file_size > MAX_SHARED_STRINGS_BYTES:
        raise WorkbookTooLarge
    strings: list[str] = []
    parts: list[str] = []
    depth = {"rPh": 0, "t": False}
    local = _local_names()

    def start(name, attrs):
        tag = local(name)
        if tag == "si":
            parts.clear()
        elif tag == "t":
            depth["t"] = not depth["rPh"]
        elif tag == "rPh":
            depth["rPh"] += 1

    def end(name):
        tag = local(name)
        if tag == "si":
            strings.append("".join(parts))
        elif tag == "t":
            depth["t"] = False
        elif tag == "rPh":
            depth["rPh"] -= 1

    def data(text):
        if depth["t"]:
            parts.append(text)

    _parse_part(archive, path, expat_parser(start, end, data))
    return strings


def read_date_styles(archive: zipfile.ZipFile, path: str | None) -> dict[str, str]:
    """Return cell style index (as written in ``s="..."``) -> "date" or "timedelta", for date-like formats."""
    if not path or path not in archive.namelist():
        return {}
    formats = dict(BUILTIN_FORMATS)
    styles: dict[str, str] = {}
    index = 0
    in_cell_formats = [False]
    local = _local_names()

    def start(name, attrs):
        nonlocal index
        tag = local(name)
        if tag == "numFmt":
            try:
                formats[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
            except ValueError:
                pass
        elif tag == "cellXfs":
            in_cell_formats[0] = True
        elif tag == "xf" and in_cell_formats[0]:
            code = formats.get(int(attrs.get("numFmtId", "0") or 0), "")
            if code and is_timedelta_format(code):
                styles[str(index)] = "timedelta"
            elif code and is_date_format(code):
                styles[str(index)] = "date"
            index += 1

    def end(name):
        if local(name) == "cellXfs":
            in_cell_formats[0] = False

    try:
        _parse_part(archive, path, expat_parser(start, end))
    except ValueError:
        raise NotAWorkbook from None
    return styles
