"""A learner's own learning record, as plain rows for a JSON or CSV download.

The record is a dict:

- ``generated_at``: when it was put together;
- ``staff``: the staff record it belongs to (one dict);
- ``enrolments``, ``lesson_progress``, ``attempts``, ``skill_results``: lists of dicts whose keys are
  the columns in ``TABLES``, oldest first;
- ``responses``: each answer given in those attempts (``RESPONSE_COLUMNS``): the question as it was shown,
  the answer in words and, once the attempt was submitted, the credit it earned;
- ``audit``: the audit log's entries that name the person (``AUDIT_COLUMNS``): who viewed their record or a
  staff list showing them, who exported a staff table holding them, and their own earlier downloads.

It is read in eight queries (the staff record, one per table, the question versions and the audit entries)
however long the history is.

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
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Revision

from assessments.models import Attempt, Response, SkillResult
from assessments.presenters import answer_text
from assessments.versions import version_from_content
from cms.calendar import local_moment
from cms.formula import formula_neutralised
from learning.audit import audit_entries_about
from learning.models import AuditLogEntry, Enrolment, LessonProgress, ScormAttempt, StaffMember

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
            "lesson": "lesson_name",  # ANNOTATIONS: the stored title once the lesson is deleted
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
    "scorm_attempts": (
        ScormAttempt,
        {
            "package": "version__title",
            "version": "version__number",
            "completion": "completion_status",
            "success": "success_status",
            "score_scaled": "score_scaled",
            "total_seconds": "total_seconds",
            "location": "location",
            "suspend_data": "suspend_data",
            "started_at": "started_at",
            "updated_at": "updated_at",
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
# Columns worked out per row: a deleted lesson's progress keeps its title in ``lesson_title`` (learning.models).
ANNOTATIONS = {"lesson_progress": {"lesson_name": Coalesce(F("lesson__title"), F("lesson_title"))}}
RESPONSE_COLUMNS = ("assessment", "attempt_started_at", "position", "question", "answer", "credit", "answered_at")
AUDIT_COLUMNS = ("when", "action", "by", "subject", "detail")
SYSTEM_ACTOR = "System (no signed-in user)"
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
        rows = (
            model.objects.filter(staff_id=staff.id)
            .annotate(**ANNOTATIONS.get(table, {}))
            .order_by(*ordering)
            .values(*columns.values())
        )
        labels = {column: LABELS[(table, column)] for column in columns if (table, column) in LABELS}
        record[table] = [
            {
                column: labels[column].get(row[lookup], row[lookup]) if column in labels else _local(row[lookup])
                for column, lookup in columns.items()
            }
            for row in rows
        ]
    record["responses"] = response_rows(staff.id)
    record["audit"] = audit_rows(staff.id)
    return record


def response_rows(staff_id: int) -> list[dict]:
    """Return every answer the person gave, oldest attempt first, as they saw the question. Two queries.

    The credit is left empty until the attempt is submitted, so a download never tells a learner mid-attempt
    whether an answer is right.
    """
    rows = list(
        Response.objects.filter(attempt__staff_id=staff_id)
        .order_by("attempt__started_at", "attempt_id", "position")
        .values(
            "attempt__assessment__title",
            "attempt__started_at",
            "attempt__status",
            "position",
            "revision_id",
            "question__prompt",
            "answer",
            "credit",
            "answered_at",
        )
    )
    revision_ids = {row["revision_id"] for row in rows if row["revision_id"]}
    contents = dict(Revision.objects.filter(id__in=revision_ids).values_list("id", "content")) if revision_ids else {}
    result = []
    for row in rows:
        content = contents.get(row["revision_id"])
        version = version_from_content(content, row["revision_id"]) if content else None
        submitted = row["attempt__status"] == Attempt.Status.SUBMITTED
        result.append(
            {
                "assessment": row["attempt__assessment__title"],
                "attempt_started_at": _local(row["attempt__started_at"]),
                "position": row["position"],
                "question": version.prompt if version else row["question__prompt"],
                "answer": answer_text(version, row["answer"]) if version else _raw_answer(row["answer"]),
                "credit": row["credit"] if submitted else None,
                "answered_at": _local(row["answered_at"]),
            }
        )
    return result


def _raw_answer(answer: dict | None) -> str:
    """Return an answer whose question version is gone as the values given."""
    if not answer:
        return "No answer"
    return "; ".join(str(value) for value in answer.values())


def audit_rows(staff_id: int) -> list[dict]:
    """Return the audit entries about the person, oldest first: when, what, by whom. One query."""
    labels = dict(AuditLogEntry.Action.choices)
    return [
        {
            "when": _local(entry.created_at),
            "action": labels.get(entry.action, entry.action),
            "by": _actor_name(entry.actor),
            "subject": entry.subject,
            "detail": entry.detail,
        }
        for entry in audit_entries_about(staff_id)
    ]


def _actor_name(actor) -> str:
    if actor is None:
        return SYSTEM_ACTOR
    return actor.get_full_name() or actor.email or actor.get_username()


def _local(value):
    """Return an aware datetime in UK time; any other value as it is."""
    return local_moment(value) if isinstance(value, datetime) else value


def learning_record_row_count(record: dict) -> int:
    """Return how many history rows the record holds (not counting the staff details)."""
    return sum(len(record.get(table, [])) for table in (*TABLES, "responses", "audit"))


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
    _section(writer, "responses", RESPONSE_COLUMNS, record["responses"])
    _section(writer, "audit", AUDIT_COLUMNS, record["audit"])
    return buffer.getvalue()
