"""Reading staff files: CSV and XLSX into raw rows with line numbers, and refusing malformed files clearly."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest

from learning.staff_import import read
from learning.staff_import.columns import HEADER_ALIASES, accepted_headings, column_for_header, header_key
from learning.staff_import.read import FileRejected, file_read
from tests.learning.test_staff_import_files import HEADINGS, csv_bytes, person, xlsx_bytes


def rejected(data: bytes, filename: str = "staff.csv") -> list[str]:
    with pytest.raises(FileRejected) as caught:
        file_read(data, filename)
    return caught.value.messages


# Headings


@pytest.mark.parametrize(
    "heading", ["Employee Number", "employee_number", "EMPLOYEE-NUMBER", "  Employee  number ", "Emp No", "emp_no."]
)
def test_heading_spellings_are_matched_whatever_their_case_spaces_and_underscores(heading):
    assert column_for_header(heading) == "employee_number"


def test_every_alias_maps_to_its_own_column_only():
    keys = {}
    for key, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            assert keys.setdefault(header_key(alias), key) == key, alias


def test_unknown_headings_are_ignored_and_listed():
    data = csv_bytes([[*person(1).values(), "Leeds", "CC-100"]], headings=[*HEADINGS, "Location", "Cost centre"])
    result = file_read(data, "staff.csv")
    assert result.ignored_headings == ["Location", "Cost centre"]
    assert set(result.rows[0].cells) == set(HEADER_ALIASES)


def test_headings_as_written_are_kept_for_messages():
    data = csv_bytes([["E1", "A", "B", "a@b.example"]], headings=["Emp No", "Forename", "Surname", "E-mail"])
    result = file_read(data, "staff.csv")
    assert result.headings == {
        "employee_number": "Emp No",
        "first_name": "Forename",
        "last_name": "Surname",
        "email": "E-mail",
    }


# Good files


def test_csv_rows_carry_spreadsheet_line_numbers_skipping_blank_rows():
    text = "\r\n".join([",".join(HEADINGS), "E001,Ann,Able,a@x.example", ",,,", "", "E002,Bob,Best,b@x.example"])
    result = file_read(text.encode(), "staff.csv")
    assert [row.line for row in result.rows] == [2, 5]
    assert result.rows[1].cells["employee_number"] == "E002"
    assert result.file_format == "CSV" and result.encoding == "UTF-8"


def test_csv_with_a_byte_order_mark_reads_the_first_heading():
    result = file_read(b"\xef\xbb\xbf" + csv_bytes([person(1)]), "staff.csv")
    assert result.rows[0].cells["employee_number"] == "E001"
    assert result.encoding == "UTF-8"


def test_windows_1252_is_read_when_the_file_is_not_utf8():
    data = csv_bytes([person(1, last_name="Ó Briain", first_name="Zoë")], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = file_read(data, "staff.csv")
    assert result.rows[0].cells["last_name"] == "Ó Briain"
    assert result.rows[0].cells["first_name"] == "Zoë"
    assert result.encoding == "Windows-1252"


def test_utf8_is_preferred_over_windows_1252():
    result = file_read(csv_bytes([person(1, last_name="Łukasz")]), "staff.csv")
    assert result.rows[0].cells["last_name"] == "Łukasz"


def test_semicolon_separated_files_are_read():
    text = "Employee number;First name;Last name;Email\nE001;Ann;Able;a@x.example\n"
    assert file_read(text.encode(), "staff.csv").rows[0].cells["last_name"] == "Able"


def test_cells_past_the_last_heading_are_counted():
    data = csv_bytes([["E001", "Smith", " John", "Able", "a@x.example"]], headings=HEADINGS[:4])
    assert file_read(data, "staff.csv").rows[0].extra_cells == 1


def test_xlsx_reads_the_first_sheet_with_real_dates_and_numbers_as_text():
    rows = [person(1, employee_number=12345, start_date=date(2020, 4, 1), leave_date="")]
    result = file_read(xlsx_bytes(rows, start_row=3), "Staff.XLSX")
    (row,) = result.rows
    assert row.line == 4
    assert row.cells["employee_number"] == "12345"
    assert row.cells["start_date"] == date(2020, 4, 1)
    assert row.cells["leave_date"] == ""
    assert result.file_format == "Excel workbook" and result.sheet == "Staff"


def test_xlsx_formulas_arrive_as_written_so_validation_can_refuse_them():
    result = file_read(xlsx_bytes([person(1, job_role='=HYPERLINK("http://x")')]), "staff.xlsx")
    assert result.rows[0].cells["job_role"].startswith("=HYPERLINK")


def test_progress_is_reported_while_reading(monkeypatch):
    monkeypatch.setattr(read, "PROGRESS_EVERY", 2)
    calls = []
    file_read(csv_bytes([person(n) for n in range(1, 6)]), "staff.csv", progress=lambda *args: calls.append(args))
    assert calls == [("read", 2, None), ("read", 4, None), ("read", 5, 5)]


# Malformed files: each refused with a message a person can act on


def test_empty_file():
    assert rejected(b"") == [read.EMPTY_FILE]


def test_file_of_blank_lines():
    assert rejected(b"\r\n  \r\n,,,\r\n") == [read.NO_HEADINGS]


def test_headings_but_no_rows():
    assert rejected(csv_bytes([])) == [read.HEADINGS_ONLY]


def test_missing_required_headings_are_each_named_with_what_is_accepted():
    messages = rejected(csv_bytes([["E001", "Ann"]], headings=["Employee number", "First name"]))
    assert messages == [
        read.MISSING_COLUMN.format(line=1, label="Last name", accepted=accepted_headings("last_name")),
        read.MISSING_COLUMN.format(line=1, label="Email", accepted=accepted_headings("email")),
    ]
    assert "‘Surname’" in messages[0]


def test_two_columns_for_one_field():
    messages = rejected(csv_bytes([["E1", "A", "B", "a@x.example", "b@x.example"]], headings=[*HEADINGS[:4], "E-mail"]))
    assert messages == [
        read.DUPLICATE_COLUMN.format(
            first="D", first_heading="Email", second="E", second_heading="E-mail", label="Email"
        )
    ]


@pytest.mark.parametrize("filename", ["staff.txt", "staff.pdf", "staff", ""])
def test_unknown_extension(filename):
    assert rejected(csv_bytes([person(1)]), filename) == [
        read.UNKNOWN_EXTENSION.format(filename=filename or "The file")
    ]


def test_old_excel_format():
    assert rejected(b"\xd0\xcf\x11\xe0", "staff.xls") == [read.OLD_EXCEL.format(filename="staff.xls")]


def test_binary_content_named_csv():
    assert rejected(bytes(range(256)) * 10) == [read.BINARY_FILE]


def test_pdf_named_csv_is_called_a_pdf():
    assert rejected(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj") == [
        read.LOOKS_LIKE.format(filename="staff.csv", kind="a PDF document", expected="a CSV file")
    ]


def test_png_renamed_csv_is_called_a_png_image_not_utf16_text():
    (message,) = rejected(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10", "photo.csv")
    assert message.startswith("‘photo.csv’ looks like a PNG image, not a CSV file.")
    assert message != read.UTF16_FILE


def test_a_workbook_saved_with_a_password_is_not_called_an_old_office_file():
    # Excel wraps a workbook saved with a password in the old Office container.
    assert rejected(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "staff.xlsx") == [read.NOT_XLSX]


def test_jpeg_renamed_xlsx_is_called_a_jpeg_image():
    assert rejected(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "staff.xlsx") == [
        read.LOOKS_LIKE.format(filename="staff.xlsx", kind="a JPEG image", expected="an Excel workbook (.xlsx)")
    ]


def test_utf16_text():
    data = csv_bytes([person(1)], encoding="utf-16")
    assert rejected(data) == [read.UTF16_FILE]


def test_utf16_without_a_byte_order_mark():
    assert rejected(csv_bytes([person(1)], encoding="utf-16-le")) == [read.UTF16_FILE]


def test_bytes_that_are_neither_utf8_nor_windows_1252():
    assert rejected(csv_bytes([person(1)]) + b"E002,Ann\x81,Able,a@x.example\r\n") == [read.UNKNOWN_ENCODING]


def test_control_characters_throughout_are_refused_as_binary():
    assert rejected(b"Employee number,Email\r\n" + b"\x01\x02\x03\x04" * 200) == [read.BINARY_FILE]


def test_workbook_named_csv():
    assert rejected(xlsx_bytes([person(1)]), "staff.csv") == [read.XLSX_NAMED_CSV]


def test_file_over_20_mb():
    data = b"x" * (read.MAX_FILE_BYTES + 1)
    assert rejected(data) == [read.FILE_TOO_LARGE.format(size=len(data) / (1024 * 1024))]
    assert "20 MB" in read.FILE_TOO_LARGE


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 3)
    assert rejected(csv_bytes([person(n) for n in range(1, 5)])) == [read.TOO_MANY_ROWS]
    assert len(file_read(csv_bytes([person(n) for n in range(1, 4)]), "staff.csv").rows) == 3


def test_cell_too_large_to_parse_names_its_line():
    data = csv_bytes([person(1), person(2, last_name="x" * 200_000)])
    (message,) = rejected(data)
    assert message.startswith("Line 3: the file cannot be read as CSV")


def test_damaged_workbook():
    assert rejected(b"PK\x03\x04 this is not really a zip", "staff.xlsx") == [read.NOT_XLSX]
    assert rejected(b"not a workbook at all", "staff.xlsx") == [read.NOT_XLSX]


def test_workbook_without_sheets():
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([person(1)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                content = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", content)
            target.writestr(item, content)
    assert rejected(out.getvalue(), "staff.xlsx") == [read.XLSX_NO_SHEETS]


def test_workbook_that_unpacks_too_large(monkeypatch):
    monkeypatch.setattr(read, "MAX_XLSX_UNPACKED_BYTES", 1000)
    assert rejected(xlsx_bytes([person(1)]), "staff.xlsx") == [read.XLSX_TOO_LARGE]


def test_workbook_with_headings_only():
    assert rejected(xlsx_bytes([]), "staff.xlsx") == [read.HEADINGS_ONLY]
