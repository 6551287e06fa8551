"""Reading workbooks as a stream: the same rows as openpyxl gives, and the limits that keep a worker alive."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from learning.staff_import import read
from learning.staff_import.read import FileRejected, file_read
from tests.learning.test_staff_import_files import HEADINGS, person

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rejected(data: bytes, filename: str = "staff.xlsx", **kwargs) -> list[str]:
    with pytest.raises(FileRejected) as caught:
        file_read(data, filename, **kwargs)
    return caught.value.messages


def workbook_parts(sheet_xml: bytes | None = None) -> dict[str, bytes]:
    """Return the members of the smallest workbook Excel opens, with ``sheet_xml`` as its only sheet."""
    return {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'.encode(),
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="Staff" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'.encode(),
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'.encode(),
        "xl/worksheets/sheet1.xml": sheet_xml or b"",
    }


def zipped(parts: dict[str, bytes | int]) -> bytes:
    """Return a zip of the parts; an int part is that many bytes of spaces, written in 1 MB pieces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            with archive.open(name, "w", force_zip64=True) as member:
                if isinstance(content, int):
                    for start in range(0, content, MB):
                        member.write(b" " * min(MB, content - start))
                else:
                    member.write(content)
    return out.getvalue()


def sheet_of(rows: int) -> bytes:
    """Return sheet XML with the headings and ``rows`` rows of staff (inline strings, as many exports write)."""

    def cells(number: int, values: list[str]) -> str:
        return "".join(
            f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
            for index, value in enumerate(values)
        )

    lines = [f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{cells(1, HEADINGS[:4])}</row>']
    lines += [
        f'<row r="{n + 1}">{cells(n + 1, [f"E{n}", "Ann", "Able", f"a{n}@x.example"])}</row>'
        for n in range(1, rows + 1)
    ]
    lines.append("</sheetData></worksheet>")
    return "".join(lines).encode()


# The same rows as before


def openpyxl_rows(data: bytes) -> list[list]:
    """Return the non-blank rows as openpyxl's read-only mode gave them, converted the way the importer did."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    rows = []
    for values in sheet.iter_rows(values_only=True):
        converted = [read._xlsx_value(value) for value in values]
        while converted and converted[-1] == "":
            converted.pop()
        if converted:
            rows.append(converted)
    workbook.close()
    return rows


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
def test_streaming_gives_the_same_rows_as_openpyxl(write_only):
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Staff") if write_only else workbook.active
    values = [
        HEADINGS,
        ["E001", "Zoë", "Ó Briain", "zoe@x.example", "Housing > Repairs", "Planner", 5, None, date(2020, 4, 1), None],
        [12345, "Ann", "Able", None, None, '=HYPERLINK("http://x")', 4.5, "E001", datetime(2021, 1, 2, 9, 30)],
        [],
        ["E003", "  Tom ", "Two\nLines", "t@x.example", None, True, False, None, "31/02/2024", "2024-01-01"],
        [None, None, None, None, None, None, None, None, None, None, None, "far right"],
    ]
    for row in values:
        sheet.append(row)
    if not write_only:
        sheet["B9"] = "after a gap"
        sheet["I3"].number_format = "dd/mm/yyyy hh:mm"
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    _, _, streamed = read._xlsx_rows(data)
    assert [cells for _line, cells in streamed] == openpyxl_rows(data)
    _, _, streamed = read._xlsx_rows(data)
    assert [line for line, _cells in streamed] == ([1, 2, 3, 5, 6, 9] if not write_only else [1, 2, 3, 5, 6])


def test_a_streamed_workbook_is_read_like_before():
    rows = [person(1, start_date=date(2020, 4, 1)), person(2, employee_number=12345, job_role="=SUM(A1)")]
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADINGS)
    for row in rows:
        workbook.active.append([row.get(heading) or None for heading in HEADINGS])
    out = io.BytesIO()
    workbook.save(out)
    result = file_read(out.getvalue(), "staff.xlsx")
    assert [row.line for row in result.rows] == [2, 3]
    assert result.rows[0].cells["start_date"] == date(2020, 4, 1)
    assert result.rows[1].cells["employee_number"] == "12345"
    assert result.rows[1].cells["job_role"] == "=SUM(A1)"
    assert result.sheet == "Sheet"


# Limits


def test_the_row_limit_is_100000_and_its_message_says_so():
    assert read.MAX_ROWS == 100_000
    assert "more than 100,000 rows" in read.TOO_MANY_ROWS and "is 100,000" in read.TOO_MANY_ROWS


def test_a_workbook_of_twice_the_limit_is_refused_without_reading_all_of_it(monkeypatch):
    # At scale (200,000 rows against 100,000) the staff-import benchmark times it: bench/staff_import.py.
    monkeypatch.setattr(read, "MAX_ROWS", 2_000)
    monkeypatch.setattr(read, "PROGRESS_EVERY", 500)
    data = zipped(workbook_parts(sheet_of(4_000)))
    calls = []
    assert rejected(data, progress=lambda *args: calls.append(args)) == [read.TOO_MANY_ROWS]
    assert calls[-1] == ("read", 2_000, None)  # stopped at the first row over the limit


def test_a_csv_file_one_row_over_the_limit_is_refused():
    lines = ["Employee number,First name,Last name,Email"]
    lines += [f"E{n},Ann,Able,a{n}@x.example" for n in range(read.MAX_ROWS + 1)]
    assert rejected("\r\n".join(lines).encode(), "staff.csv") == [read.TOO_MANY_ROWS]
    assert len(file_read("\r\n".join(lines[:-1]).encode(), "staff.csv").rows) == read.MAX_ROWS


def test_a_sheet_that_unpacks_over_the_limit_is_refused_before_it_is_parsed():
    assert read.MAX_SHEET_XML_BYTES <= 100 * MB < 400 * MB  # lower than the 400 MB of before
    # Not even XML: parsing would say "damaged"; the size is refused first. 2.5 MB is a few hundred kB zipped.
    parts = workbook_parts() | {"xl/worksheets/sheet1.xml": read.MAX_SHEET_XML_BYTES + 1}
    data = zipped(parts)
    assert len(data) < MB
    assert rejected(data) == [read.XLSX_TOO_LARGE]


def test_a_workbook_whose_members_unpack_over_the_limit_is_refused_before_it_is_parsed():
    parts = workbook_parts(sheet_of(2)) | {"xl/media/padding.bin": read.MAX_XLSX_UNPACKED_BYTES}
    assert rejected(zipped(parts)) == [read.XLSX_TOO_LARGE]
    assert "120 MB" in read.XLSX_TOO_LARGE and "100,000 staff" in read.XLSX_TOO_LARGE


def test_a_sheet_with_a_document_type_declaration_is_refused():
    sheet = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' + sheet_of(
        1
    ).replace(b"<t>Ann</t>", b"<t>&b;</t>")
    assert rejected(zipped(workbook_parts(sheet))) == [read.NOT_XLSX]


def test_a_sheet_damaged_part_way_through_is_refused():
    sheet = sheet_of(50)[:-2000]
    assert rejected(zipped(workbook_parts(sheet))) == [read.NOT_XLSX]
