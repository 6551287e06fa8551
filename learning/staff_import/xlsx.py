"""Stream the rows of one worksheet of an Excel workbook (the first unless HR chose another), one row at a
time, straight from the zip.

Why not openpyxl's reader: even in read-only mode it parses the whole sheet once just to find its size
when the sheet does not declare one, and it parses with defusedxml's pure-Python parser; a 100,000-row
sheet took 26 s. Here the C expat parser reads the sheet XML in 64 KB chunks, so memory stays flat apart
from the shared-string table (bounded by ``MAX_SHARED_STRINGS_BYTES``). openpyxl still decides which
number formats are dates and converts serial numbers to dates.

Values come back as openpyxl's read-only mode with ``data_only=False`` gave them: text as text, a cell
with a formula as "=" and the formula (so validation refuses it), dates as ``datetime``, numbers as
``int`` or ``float``, booleans as ``bool``. Refused: anything that is not a workbook (``NotAWorkbook``),
a workbook without worksheets (``NoWorksheets``), parts over the size limits (``WorkbookTooLarge``), and
any XML with a document type declaration (a workbook never needs one; refusing it rules out entity tricks).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from datetime import datetime
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

CHUNK_BYTES = 64 * 1024
MAX_SHARED_STRINGS_BYTES = 40 * 1024 * 1024  # the shared-string table is the one part held in memory
WORKSHEET_TYPE = "/worksheet"
Row = tuple[int, list]


class NotAWorkbook(Exception):
    """The bytes are not an Excel workbook we can read (damaged, encrypted, or another kind of file)."""


class NoWorksheets(Exception):
    """The workbook has no worksheet."""


class SheetMissing(Exception):
    """The workbook has no worksheet with the title asked for; ``args[0]`` lists the titles it has."""


class WorkbookTooLarge(Exception):
    """A part of the workbook, or all of it, unpacks to more than the limit."""


class _Refused(Exception):
    """Raised inside expat handlers to stop parsing."""


def workbook_unpacked_bytes(archive: zipfile.ZipFile) -> int:
    """Return the total size the zip's members declare once unpacked (zipfile never reads past it)."""
    return sum(info.file_size for info in archive.infolist())


def _worksheets(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], dict, bool]:
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


def sheet_names(archive: zipfile.ZipFile) -> list[str]:
    """Return the titles of the workbook's worksheets, in order, without reading any sheet."""
    return [name for name, _ in _worksheets(archive)[0]]


def sheet_rows(
    archive: zipfile.ZipFile, *, max_columns: int, max_sheet_bytes: int, sheet: str | None = None
) -> tuple[str, list[str], Iterator[Row]]:
    """Return the chosen worksheet's title (the first when ``sheet`` is None), every worksheet's title in
    workbook order, and an iterator of (row number, values) for the chosen sheet's non-empty rows.

    Values are placed by their column letter (gaps are ""), cut at ``max_columns``. Raises ``SheetMissing``
    when no worksheet has the title ``sheet``, and ``WorkbookTooLarge`` before parsing when the sheet's XML is
    over ``max_sheet_bytes``. The iterator raises ``NotAWorkbook`` if the sheet turns out to be damaged
    part-way through, and closes the archive.
    """
    worksheets, relationships, date1904 = _worksheets(archive)
    if not worksheets:
        raise NoWorksheets
    names = [name for name, _ in worksheets]
    if sheet is None:
        title, sheet_path = worksheets[0]
    else:
        found = [(name, target) for name, target in worksheets if name == sheet]
        if not found:
            raise SheetMissing(names)
        title, sheet_path = found[0]
    try:
        if archive.getinfo(sheet_path).file_size > max_sheet_bytes:
            raise WorkbookTooLarge
    except KeyError:
        raise NotAWorkbook from None
    targets = {kind.rsplit("/", 1)[-1]: target for kind, target in relationships.values()}
    shared = _shared_strings(archive, targets.get("sharedStrings"))
    date_styles = _date_styles(archive, targets.get("styles"))
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    return title, names, _sheet_rows(archive, sheet_path, shared, date_styles, epoch, max_columns)


# --- the worksheet ---------------------------------------------------------------------------------


def _sheet_rows(archive, path, shared, date_styles, epoch, max_columns) -> Iterator[Row]:
    """Yield the sheet's rows; the expat handlers below run once per element, so they keep to plain locals."""
    ready: list[Row] = []
    row: dict[int, object] = {}
    text: list[str] = []
    columns: dict[str, int] = {}
    tags = _LocalNames()
    line, column, kind, style, formula = 0, -1, "n", None, None
    collecting, phonetic = False, 0  # inside v, t or f; inside an rPh (phonetic guide, not part of the value)

    def start(name, attrs):
        nonlocal line, column, kind, style, formula, collecting, phonetic
        tag = tags[name]
        if tag == "c":
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                column = columns.get(letters)
                if column is None:
                    column = columns[letters] = _column_index(letters)
            else:
                column += 1
            kind, style, formula = attrs.get("t", "n"), attrs.get("s"), None
            text.clear()
        elif tag == "v" or tag == "t":
            collecting = not phonetic
        elif tag == "f":
            collecting, formula = True, ""
            text.clear()
        elif tag == "row":
            number = attrs.get("r")
            line = int(number) if number else line + 1
            column = -1
            row.clear()
        elif tag == "rPh":
            phonetic += 1

    def end(name):
        nonlocal formula, collecting, phonetic
        tag = tags[name]
        if tag == "c":
            if column < max_columns:
                if kind == "inlineStr" and formula is None:  # the common cases, without a call
                    row[column] = "".join(text)
                elif kind == "s" and formula is None and text:
                    row[column] = shared[int("".join(text))]
                else:
                    value = _cell_value(kind, style, formula, text, shared, date_styles, epoch)
                    if value is not None:
                        row[column] = value
        elif tag == "v" or tag == "t":
            collecting = False
        elif tag == "f":
            collecting, formula = False, "".join(text)
            text.clear()
        elif tag == "rPh":
            phonetic -= 1
        elif tag == "row" and row:
            values = [""] * (max(row) + 1)
            for index, value in row.items():
                values[index] = value
            ready.append((line, values))

    def data(chunk):
        if collecting:
            text.append(chunk)

    parser = _parser(start, end, data)

    def rows() -> Iterator[Row]:
        try:
            with archive.open(path) as source:
                while chunk := source.read(CHUNK_BYTES):
                    parser.Parse(chunk, False)
                    if ready:
                        yield from ready
                        ready.clear()
                parser.Parse(b"", True)
                yield from ready
        except (expat.ExpatError, _Refused, KeyError, ValueError, IndexError, zipfile.BadZipFile, OSError):
            raise NotAWorkbook from None  # a damaged or hostile sheet fails part-way through
        finally:
            archive.close()

    return rows()


def _cell_value(kind, style, formula, text, shared, date_styles, epoch):
    """Return a finished cell's value as openpyxl would (formula text first), or None for an empty cell."""
    if formula is not None:
        return "=" + formula
    raw = "".join(text)
    if kind == "s":
        return shared[int(raw)] if raw else None
    if kind in ("inlineStr", "str", "e"):
        return raw
    if not raw:
        return None
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return datetime.fromisoformat(raw.strip().rstrip("Z"))
    number = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
    date_kind = date_styles.get(style) if style else None
    if date_kind is not None:
        try:
            return from_excel(number, epoch, timedelta=date_kind == "timedelta")
        except (OverflowError, ValueError):
            return number
    return number


def _column_index(letters: str) -> int:
    """Return the 0-based index of a column letter ("A" -> 0, "AB" -> 27)."""
    index = 0
    for letter in letters.upper():
        if not "A" <= letter <= "Z":
            raise _Refused
        index = index * 26 + ord(letter) - 64
    return index - 1


# --- the parts around it ----------------------------------------------------------------------------


class _LocalNames(dict):
    """Element names without their namespace ("uri}row" -> "row"), worked out once per name."""

    def __missing__(self, name: str) -> str:
        tag = self[name] = name.rpartition("}")[2]
        return tag


def _local_names():
    """Return a function giving an element's name without its namespace."""
    return _LocalNames().__getitem__


def _parser(start, end, data=None):
    """Return an expat parser (namespaces as "uri}name") that refuses any document type declaration."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if data is not None:
        parser.CharacterDataHandler = data

    def refuse(*_args):
        raise _Refused

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

    _parse_part(archive, path, _parser(start, lambda name: None))
    return found


def _parse_part(archive: zipfile.ZipFile, path: str, parser) -> None:
    try:
        with archive.open(path) as source:
            while chunk := source.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (expat.ExpatError, _Refused, KeyError, zipfile.BadZipFile, OSError):
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


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
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

    _parse_part(archive, path, _parser(start, end, data))
    return strings


def _date_styles(archive: zipfile.ZipFile, path: str | None) -> dict[str, str]:
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
        _parse_part(archive, path, _parser(start, end))
    except ValueError:
        raise NotAWorkbook from None
    return styles
