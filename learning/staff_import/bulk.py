"""Insert many new rows without compiling each value: ``executemany``, or ``COPY`` on PostgreSQL.

``bulk_create`` compiles every value into its SQL through its field, which was most of the time of a
first import (about 4 s of every 50,000 users on the benchmark machine, against 0.4 s here). This writes
the same rows with one parameterised INSERT run by the driver's ``executemany`` (SQLite prepares it once),
or on PostgreSQL streams them with ``COPY ... FROM STDIN`` (psycopg's ``Cursor.copy``), which spares the
server from parsing one statement per row. It stays portable: the backend quotes the table and columns;
dates and datetimes go through the backend's own adapters (``connection.ops``); plain text, booleans and
integer keys are passed as they are; any other kind of field prepares its value itself. Missing values
take the field's default as ``bulk_create`` would (a callable default is called per row; "" for text,
NULL when nullable); a field with none of these is an error, so a new required model field cannot be
skipped silently. Like ``bulk_create``, it sends no signals. Rows written by COPY are not seen by
Django's query log or execute wrappers.

New rows' ids are read back with ``ids_after``: every id above the largest before the insert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.db import connection
from django.db.models import Max, Model

PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "SlugField",
    "TextField",
}
BATCH = 5_000  # rows per executemany (or COPY) call
MISSING_VALUE = "{model}.{field} needs a value: it has no default and cannot be empty."


def _column_plan(model: type[Model]) -> list[tuple[str, str, Callable | None, Callable[[], object] | None]]:
    """Return (attname, column, converter, default) for each column a new row needs; no default: required."""
    plan = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{field.name} is set on save; insert it with bulk_create instead.")
        kind = field.get_internal_type()
        if kind == "DateField":
            convert = connection.ops.adapt_datefield_value
        elif kind == "DateTimeField":
            convert = connection.ops.adapt_datetimefield_value
        elif kind in PLAIN:
            convert = None
        else:
            convert = lambda value, field=field: field.get_db_prep_save(value, connection)  # noqa: E731
        required = not (field.has_default() or field.null or field.empty_strings_allowed)
        default = None if required else field.get_default  # as bulk_create: "" for text, None when nullable
        plan.append((field.attname, field.column, convert, default))
    return plan


def rows_insert(model: type[Model], rows: Iterable[Mapping[str, object]], *, batch: int = BATCH) -> int:
    """Insert rows given as {attname: value} into ``model``'s table; return how many were inserted."""
    plan = _column_plan(model)
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(column) for _, column, _, _ in plan)
    copying = connection.vendor == "postgresql"
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(plan))})"
    params: list[tuple] = []
    count = 0
    with connection.cursor() as cursor:

        def flush() -> None:
            if copying:  # COPY streams the rows: PostgreSQL parses one statement, not one per row
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in params:
                        copy.write_row(values)
            else:
                cursor.executemany(sql, params)

        for row in rows:
            values = []
            for attname, _, convert, default in plan:
                if attname in row:
                    value = row[attname]
                elif default is None:
                    raise ValueError(MISSING_VALUE.format(model=model.__name__, field=attname))
                else:
                    value = default()
                values.append(value if convert is None or value is None else convert(value))
            params.append(tuple(values))
            if len(params) >= batch:
                flush()
                count, params = count + len(params), []
        if params:
            flush()
            count += len(params)
    return count


def largest_id(model: type[Model]) -> int:
    """Return the largest id in the table (0 when empty), to find the rows inserted after it."""
    return model._default_manager.aggregate(largest=Max("pk"))["largest"] or 0


def ids_after(model: type[Model], after: int, key: str, **filters) -> dict[object, int]:
    """Return ``key`` -> id for the rows with an id above ``after`` (and matching ``filters``)."""
    rows = model._default_manager.filter(pk__gt=after, **filters).order_by().values_list(key, "pk")
    return dict(rows.iterator(chunk_size=5_000))
