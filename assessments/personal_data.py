"""A learner's own learning record, as plain rows for a JSON or CSV download.

The record is a dict:

- ``generated_at``: when it was put together;
- ``staff``: the staff record it belongs to (one dict);
- ``enrolments``, ``lesson_progress``, ``attempts``, ``skill_results``: lists of dicts whose keys are
  the columns in ``TABLES``, oldest first.

It is read in five queries (the staff record plus one per table) however long the history is.

The CSV has one section per table, in the order above: a line with the section name, a header line
with the column names, the rows, then an empty line. Dates are ISO 8601 days; times are ISO 8601 in UK time
with their offset (``2026-06-15T00:30:00+01:00``), as in the JSON (``cms.calendar.local_moment``). Text that
a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is prefixed with a single
quote (``cms.formula.formula_neutralised``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from assessments.models import Attempt, SkillResult
from cms.calendar import local_moment
from cms.formula import formula_neutralised
from learning.models import Enrolment, LessonProgress, StaffMember

# Output column -> ORM lookup, per table.
STAFF_COLUMNS: dict[str, str] = {
    "organisation": "organisation__name",
    "employee_number": "employee_number",
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "team": "team__name",
    "job_role": "job_role",
    "band": "band",
    "start_date": "start_date",
    "leave_date": "leave_date",
}
TABLES: dict[str, tuple[type, dict[str, str], tuple[str, ...]]] = {
    "enrolments": (
        Enrolment,
        {
            "course": "course__title",
            "source": "source",
            "due_date": "due_date",
            "enrolled_at": "enrolled_at",
            "started_at": "started_at",
            "completed_at": "completed_at",
        },
        ("enrolled_at", "id"),
    ),
    "lesson_progress": (
        LessonProgress,
        {
            "course": "course__title",
            "lesson": "lesson__title",
            "first_viewed_at": "first_viewed_at",
            "completed_at": "completed_at",
        },
        ("first_viewed_at", "id"),
    ),
    "attempts": (
        Attempt,
        {
            "assessment": "assessment__title",
            "started_at": "started_at",
            "submitted_at": "submitted_at",
            "status": "status",
            "score": "score",
            "passed": "passed",
        },
        ("started_at", "id"),
    ),
    "skill_results": (
        SkillResult,
        {
            "area": "area__name",
            "level": "level",
            "source": "source",
            "score": "score",
            "assessed_at": "assessed_at",
            "expires_at": "expires_at",
        },
        ("assessed_at", "id"),
    ),
}
# Stored codes shown as the words people see on screen.
LABELS: dict[tuple[str, str], dict[str, str]] = {
    ("enrolments", "source"): dict(Enrolment.Source.choices),
    ("attempts", "status"): dict(Attempt.Status.choices),
    ("skill_results", "source"): dict(SkillResult.Source.choices),
}

_encoder = DjangoJSONEncoder()


def learning_record_for_staff(staff: StaffMember, *, now: datetime | None = None) -> dict:
    """Return the staff member's own learning record: their details and four tables of history (times in UK
    time)."""
    staff_row = StaffMember.objects.filter(id=staff.id).values(*STAFF_COLUMNS.values()).first() or {}
    record: dict = {
        "generated_at": local_moment(now or timezone.now()),
        "staff": {column: staff_row.get(lookup) for column, lookup in STAFF_COLUMNS.items()},
    }
    for table, (model, columns, ordering) in TABLES.items():
        rows = model.objects.filter(staff_id=staff.id).order_by(*ordering).values(*columns.values())
        labels = {column: LABELS[(table, column)] for column in columns if (table, column) in LABELS}
        record[table] = [
            {
                column: labels[column].get(row[lookup], row[lookup]) if column in labels else _local(row[lookup])
                for column, lookup in columns.items()
            }
            for row in rows
        ]
    return record


def _local(value):
    """Return an aware datetime in UK time; any other value as it is."""
    return local_moment(value) if isinstance(value, datetime) else value


def learning_record_row_count(record: dict) -> int:
    """Return how many history rows the record holds (not counting the staff details)."""
    return sum(len(record.get(table, [])) for table in TABLES)


def csv_cell(value) -> str:
    """Return a value as CSV text: ISO dates, plain decimals, yes/no, and formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date | Decimal):
        return _encoder.default(value)
    if isinstance(value, str):
        return formula_neutralised(value)
    return str(value)


def _section(writer, name: str, columns: Iterable[str], rows: Iterable[dict]) -> None:
    columns = list(columns)
    writer.writerow([name])
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    writer.writerow([])


def learning_record_csv(record: dict) -> str:
    """Return the record as CSV text with one section per table (see the module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    _section(writer, "record", ["generated_at"], [{"generated_at": record["generated_at"]}])
    _section(writer, "staff", STAFF_COLUMNS, [record["staff"]])
    for table, (_model, columns, _ordering) in TABLES.items():
        _section(writer, table, columns, record[table])
    return buffer.getvalue()
