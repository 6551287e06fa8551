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

import zipfile
from collections.abc import Iterator
from datetime import datetime
from xml.parsers import expat

from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from learning.staff_import.xlsx_parts import (  # the refusals are raised from here, so callers import them here
    CHUNK_BYTES,
    LocalNames,
    NotAWorkbook,
    NoWorksheets,
    Refused,
    SheetMissing,
    WorkbookTooLarge,
    expat_parser,
    list_worksheets,
    read_date_styles,
    read_shared_strings,
    workbook_unpacked_bytes,
)

__all__ = [
    "NotAWorkbook",
    "NoWorksheets",
    "SheetMissing",
    "WorkbookTooLarge",
    "sheet_names",
    "sheet_rows",
    "workbook_unpacked_bytes",
]

Row = tuple[int, list]


def sheet_names(archive: zipfile.ZipFile) -> list[str]:
    """Return the titles of the workbook's worksheets, in order, without reading any sheet."""
    return [name for name, _ in list_worksheets(archive)[0]]


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
    worksheets, relationships, date1904 = list_worksheets(archive)
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
    shared = read_shared_strings(archive, targets.get("sharedStrings"))
    date_styles = read_date_styles(archive, targets.get("styles"))
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    return title, names, _sheet_rows(archive, sheet_path, shared, date_styles, epoch, max_columns)


# --- the worksheet ---------------------------------------------------------------------------------


def _sheet_rows(archive, path, shared, date_styles, epoch, max_columns) -> Iterator[Row]:
    """Yield the sheet's rows; the expat handlers below run once per element, so they keep to plain locals."""
    ready: list[Row] = []
    row: dict[int, object] = {}
    text: list[str] = []
    columns: dict[str, int] = {}
    tags = LocalNames()
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

    parser = expat_parser(start, end, data)

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
        except (expat.ExpatError, Refused, KeyError, ValueError, IndexError, zipfile.BadZipFile, OSError):
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
            raise Refused
        index = index * 26 + ord(letter) - 64
    return index - 1
