"""Read an uploaded staff file (CSV or XLSX bytes) into raw rows keyed by field, with their line numbers.

No database access. Problems with the file as a whole (wrong type, encoding, size, headings) raise
``FileRejected`` with messages a person can act on; problems with single cells are left to validate.py.

Decisions:
- CSV text is decoded as UTF-8 (with or without a byte-order mark); only if that fails, as Windows-1252,
  which is what older Excel versions write for "CSV (Comma delimited)". UTF-16 and binary files are
  rejected with a message saying how to re-save the file.
- The first non-blank row holds the headings. Columns we do not import are ignored and listed.
- Line numbers are spreadsheet row numbers (the heading row is line 1 when it is the first row), so a
  person can find the line in Excel; blank rows are skipped but still counted.
- XLSX files are read from their first worksheet (or the one HR chose) as a stream (xlsx.py), formulas as
  written (so that "=..." cells reach validation and are refused), dates as dates, after checking the sizes
  the zip declares.
- At most ``MAX_ROWS`` (100,000) rows of staff per file: the 100,001st row stops the reading at once.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from learning.staff_import.columns import COLUMNS_BY_KEY, REQUIRED_KEYS, accepted_headings, column_for_header
from learning.staff_import.sniff import OLE, XLSX, ZIP, file_kind

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200  # headings beyond this column are ignored
MB = 1024 * 1024
# Unpacked sizes a workbook may declare (checked before any XML is parsed; zipfile never reads past them).
# A 100,000-row staff list of ten columns is 30-65 MB of sheet XML; 100 MB parses in about 5 s of CPU.
MAX_XLSX_UNPACKED_BYTES = 120 * MB  # all members together: guards against "zip bombs"
MAX_SHEET_XML_BYTES = 100 * MB  # the first worksheet alone
PROGRESS_EVERY = 5_000
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
UNIQUE_KEYS = frozenset({"employee_number", "email"})  # different on every row: not worth sharing

UNKNOWN_EXTENSION = (
    "‘{filename}’ is not a CSV or Excel (.xlsx) file. Save the staff list as “CSV UTF-8 (Comma delimited)” "
    "or as an Excel workbook (.xlsx) and upload that."
)
OLD_EXCEL = (
    "‘{filename}’ is an old-style Excel file (.xls). Open it in Excel and save it as an Excel workbook (.xlsx) "
    "or as “CSV UTF-8 (Comma delimited)”."
)
EMPTY_FILE = "The file is empty."
FILE_TOO_LARGE = "The file is {size:.1f} MB; the largest file we accept is 20 MB. Split it into smaller files."
TOO_MANY_ROWS = (
    f"The file has more than {MAX_ROWS:,} rows of staff; the most we accept in one file is {MAX_ROWS:,}. "
    "Split it into smaller files and import each one."
)
BINARY_FILE = (
    "The file does not contain text, so it is not a CSV file. If it is a spreadsheet, save it as "
    "“CSV UTF-8 (Comma delimited)” or as an Excel workbook (.xlsx)."
)
LOOKS_LIKE = (
    "‘{filename}’ looks like {kind}, not {expected}. Save the staff list as “CSV UTF-8 (Comma delimited)” or as "
    "an Excel workbook (.xlsx) and upload that."
)
EXPECTED = {"csv": "a CSV file", "xlsx": XLSX}
XLSX_NAMED_CSV = (
    "The file is named .csv but is an Excel workbook. Rename it to end in .xlsx, or save it from Excel as "
    "“CSV UTF-8 (Comma delimited)”."
)
UTF16_FILE = (
    "The file is saved as UTF-16 text (Excel's “Unicode Text”). Save it as “CSV UTF-8 (Comma delimited)” and "
    "upload it again."
)
UNKNOWN_ENCODING = (
    "The file's characters are not in UTF-8 or Windows-1252, so we cannot read names correctly. Save it as "
    "“CSV UTF-8 (Comma delimited)” and upload it again."
)
CSV_UNREADABLE = "Line {line}: the file cannot be read as CSV ({detail}). Check for a stray quotation mark."
NOT_XLSX = (
    "The file is named .xlsx but is not an Excel workbook we can open (it may be damaged or "
    "password-protected). Open it in Excel and save it again as .xlsx without a password."
)
XLSX_TOO_LARGE = (
    f"The workbook unpacks to more than {MAX_XLSX_UNPACKED_BYTES // MB} MB (or its first worksheet to more than "
    f"{MAX_SHEET_XML_BYTES // MB} MB), more than a list of {MAX_ROWS:,} staff needs. Save the staff list as "
    "“CSV UTF-8 (Comma delimited)”, or delete unused columns, sheets and formatting, and upload it again."
)
XLSX_NO_SHEETS = "The workbook has no worksheets. Put the staff list on the first worksheet."
XLSX_SHEET_MISSING = "The workbook has no worksheet called ‘{sheet}’. Its worksheets are: {names}."
NO_HEADINGS = "The file has no heading row: it holds only blank lines."
HEADINGS_ONLY = "The file has column headings but no rows of staff below them."
MISSING_COLUMN = "The heading row (line {line}) has no ‘{label}’ column. Add a column headed {accepted}."
DUPLICATE_COLUMN = (
    "Columns {first} (‘{first_heading}’) and {second} (‘{second_heading}’) both hold ‘{label}’. Keep one of them."
)


class FileRejected(Exception):
    """The file as a whole cannot be imported; ``messages`` say why, in plain words."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True, slots=True)
class RawRow:
    """One non-blank data row: its line number, its cells by field key, and non-empty cells past the headings.

    The cells are kept as two tuples (the keys tuple shared by every row of a file) rather than a dict per
    row: a third of the memory, which matters at 100,000 rows.
    """

    line: int
    keys: tuple[str, ...]
    values: tuple[str | date, ...]
    extra_cells: int = 0

    @classmethod
    def from_cells(cls, line: int, cells: dict[str, str | date], extra_cells: int = 0) -> RawRow:
        return cls(line, tuple(cells), tuple(cells.values()), extra_cells)

    @property
    def cells(self) -> dict[str, str | date]:
        """Return the cells by field key."""
        return dict(zip(self.keys, self.values, strict=True))


@dataclass
class ReadResult:
    """Everything read from a file: rows, the headings as written (by field key), and what was ignored."""

    rows: list[RawRow]
    headings: dict[str, str]
    file_format: str  # "CSV" or "Excel workbook"
    ignored_headings: list[str] = field(default_factory=list)
    encoding: str | None = None
    sheet: str | None = None  # the worksheet read (workbooks only)
    sheets: list[str] = field(default_factory=list)  # every worksheet in the workbook, in order


Progress = Callable[[str, int, int | None], None]


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 -> "A", 27 -> "AB")."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def file_read(data: bytes, filename: str, *, sheet: str | None = None, progress: Progress | None = None) -> ReadResult:
    """Return the rows of a CSV or XLSX file, or raise FileRejected saying what is wrong with the file.

    A workbook is read from the worksheet titled ``sheet``, or its first worksheet; a CSV file ignores ``sheet``.
    """
    name = (filename or "").strip()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xls":
        raise FileRejected(OLD_EXCEL.format(filename=name))
    if extension not in {"csv", "xlsx"}:
        raise FileRejected(UNKNOWN_EXTENSION.format(filename=name or "The file"))
    if not data:
        raise FileRejected(EMPTY_FILE)
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(FILE_TOO_LARGE.format(size=len(data) / (1024 * 1024)))
    kind = file_kind(data)
    if kind == XLSX and extension == "csv":
        raise FileRejected(XLSX_NAMED_CSV)
    if extension == "xlsx" and kind in (ZIP, OLE):  # a damaged workbook, or one saved with a password
        raise FileRejected(NOT_XLSX)
    if kind not in (None, XLSX):
        raise FileRejected(LOOKS_LIKE.format(filename=name, kind=kind, expected=EXPECTED[extension]))
    if extension == "xlsx":
        sheet_name, names, rows = _xlsx_rows(data, sheet=sheet)
        result = _rows_read(rows, "Excel workbook", progress)
        result.sheet, result.sheets = sheet_name, names
        return result
    text, encoding = _decode(data)
    result = _rows_read(_csv_rows(text), "CSV", progress)
    result.encoding = encoding
    return result


def workbook_sheet_names(data: bytes) -> list[str]:
    """Return the worksheet titles of an XLSX file without reading its rows ([] when it cannot be opened)."""
    from learning.staff_import import xlsx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return xlsx.sheet_names(archive)
    except (xlsx.NotAWorkbook, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []


def _decode(data: bytes) -> tuple[str, str]:
    """Return the file's text and the encoding it was read with."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(UTF16_FILE)
    if b"\x00" in data:
        sample = data[:1000]
        raise FileRejected(UTF16_FILE if sample.count(b"\x00") * 3 >= len(sample) else BINARY_FILE)
    try:
        text, encoding = data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            raise FileRejected(UNKNOWN_ENCODING) from None
    sample = text[:65536]
    controls = sum(1 for char in sample if char < " " and char not in "\t\r\n")
    if controls * 100 > len(sample):
        raise FileRejected(BINARY_FILE)
    return text, encoding


def _csv_rows(text: str) -> Iterator[tuple[int, list]]:
    """Yield (line, cells) for every CSV record; the delimiter is a comma unless the heading line has none."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    reader = csv.reader(_text_lines(text), delimiter=delimiter, strict=False)
    line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileRejected(CSV_UNREADABLE.format(line=line + 1, detail=exc)) from None
        line += 1
        yield line, cells


def _text_lines(text: str) -> Iterator[str]:
    """Yield the text's lines with their endings (\\r\\n, \\n or \\r), as a file opened with newline="" would,
    one at a time: io.StringIO would hold a second copy of the text at four bytes a character."""
    for match in _LINE.finditer(text):
        yield match.group()


def _xlsx_rows(data: bytes, *, sheet: str | None = None) -> tuple[str, list[str], Iterator[tuple[int, list]]]:
    """Return the chosen (else the first) worksheet's title, every worksheet's title, and the chosen sheet's
    (line, cells) rows, read as a stream (xlsx.py).

    The sizes the zip declares are checked before any XML is parsed: all members together, then the sheet.
    """
    from learning.staff_import import xlsx  # loads openpyxl: only when a workbook is read, not at start-up

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(NOT_XLSX) from None
    refusals = {xlsx.WorkbookTooLarge: XLSX_TOO_LARGE, xlsx.NoWorksheets: XLSX_NO_SHEETS}
    try:
        if xlsx.workbook_unpacked_bytes(archive) > MAX_XLSX_UNPACKED_BYTES:
            raise xlsx.WorkbookTooLarge
        title, names, rows = xlsx.sheet_rows(
            archive, max_columns=MAX_COLUMNS, max_sheet_bytes=MAX_SHEET_XML_BYTES, sheet=sheet
        )
    except xlsx.SheetMissing as exc:
        archive.close()
        listed = ", ".join(f"‘{name}’" for name in exc.args[0])
        raise FileRejected(XLSX_SHEET_MISSING.format(sheet=sheet, names=listed)) from None
    except (*refusals, xlsx.NotAWorkbook, zipfile.BadZipFile, OSError, ValueError) as exc:
        archive.close()
        raise FileRejected(refusals.get(type(exc), NOT_XLSX)) from None

    def cells() -> Iterator[tuple[int, list]]:
        try:
            for line, values in rows:
                yield line, [value if type(value) is str else _xlsx_value(value) for value in values]
        except xlsx.NotAWorkbook:
            raise FileRejected(NOT_XLSX) from None
        finally:
            rows.close()

    return title, names, cells()


def _xlsx_value(value) -> str | date:
    """Return an XLSX cell value as text, or as a date for date cells."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _blank(cells: list) -> bool:
    return all(isinstance(cell, str) and not cell.strip() for cell in cells)


def _rows_read(rows: Iterator[tuple[int, list]], file_format: str, progress: Progress | None) -> ReadResult:
    """Find the heading row, map headings to fields and collect the data rows."""
    heading_line, headings = next(((line, cells) for line, cells in rows if not _blank(cells)), (0, None))
    if headings is None:
        raise FileRejected(NO_HEADINGS)
    positions, written, ignored = _headings_map(headings[:MAX_COLUMNS], heading_line)
    width = len(headings)
    result: list[RawRow] = []
    keys = tuple(positions)
    columns = [(index, key in UNIQUE_KEYS) for key, index in positions.items()]
    share = {}.setdefault  # one object for each repeated value (teams, roles, dates): memory for 100,000 rows
    for line, cells in rows:
        if _blank(cells):
            continue
        if len(result) >= MAX_ROWS:
            raise FileRejected(TOO_MANY_ROWS)
        count = len(cells)
        values = []
        for index, unique in columns:
            cell = cells[index] if index < count else ""
            values.append(cell if unique else share(cell, cell))
        extra = sum(1 for cell in cells[width:] if not (isinstance(cell, str) and not cell.strip()))
        result.append(RawRow(line, keys, tuple(values), extra))
        if progress and len(result) % PROGRESS_EVERY == 0:
            progress("read", len(result), None)
    if not result:
        raise FileRejected(HEADINGS_ONLY)
    if progress:
        progress("read", len(result), len(result))
    return ReadResult(rows=result, headings=written, file_format=file_format, ignored_headings=ignored)


def _headings_map(headings: list, line: int) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Return field key -> column index, field key -> heading as written, and the ignored headings."""
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[str] = []
    for index, raw in enumerate(headings):
        heading = str(raw).strip() if raw is not None else ""
        key = column_for_header(heading) if heading else None
        if key is None:
            if heading:
                ignored.append(heading)
            continue
        if key in positions:
            first = positions[key]
            problems.append(
                DUPLICATE_COLUMN.format(
                    first=column_letter(first),
                    first_heading=written[key],
                    second=column_letter(index),
                    second_heading=heading,
                    label=COLUMNS_BY_KEY[key].label,
                )
            )
            continue
        positions[key] = index
        written[key] = heading
    for key in REQUIRED_KEYS:
        if key not in positions:
            problems.append(
                MISSING_COLUMN.format(line=line, label=COLUMNS_BY_KEY[key].label, accepted=accepted_headings(key))
            )
    if problems:
        raise FileRejected(*problems)
    return positions, written, ignored
