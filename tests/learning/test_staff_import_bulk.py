"""The import's bulk insert writes exactly what bulk_create would, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from learning.models import AuditLogEntry, StaffMember
from learning.staff_import import bulk
from tests.factories import OrganisationFactory, TeamFactory

User = get_user_model()


def _without(rows, *keys):
    return [{k: v for k, v in row.items() if k not in keys} for row in rows]


def test_rows_are_stored_as_bulk_create_stores_them(db):
    org = OrganisationFactory()
    team = TeamFactory(organisation=org)
    values = {"organisation_id": org.pk, "first_name": "Zoë", "last_name": "O'Brien", "email": "z@x.example",
              "team_id": team.pk, "job_role": "Nurse", "band": "Band 5", "line_manager_id": None,
              "start_date": date(2020, 4, 1), "leave_date": None, "user_id": None}  # fmt: skip
    StaffMember.objects.bulk_create([StaffMember(employee_number="ORM", **values)])
    assert bulk.rows_insert(StaffMember, [{"employee_number": "FAST", **values}]) == 1
    orm, fast = StaffMember.objects.order_by("employee_number").values().reverse()
    unique = ("id", "employee_number", "opaque_id")  # opaque_id: a new random UUID per row, by either way
    assert _without([orm], *unique) == _without([fast], *unique)
    assert fast["opaque_id"].version == 4 and fast["opaque_id"] != orm["opaque_id"]
    assert StaffMember.objects.get(employee_number="FAST").start_date == date(2020, 4, 1)


def test_datetimes_and_defaults_match_bulk_create(db):
    joined = timezone.now().replace(microsecond=0)
    User.objects.bulk_create([User(username="orm@x.example", email="orm@x.example", date_joined=joined)])
    bulk.rows_insert(User, [{"username": "fast@x.example", "email": "fast@x.example", "date_joined": joined}])
    orm, fast = (User.objects.get(username=name) for name in ("orm@x.example", "fast@x.example"))
    assert fast.date_joined == orm.date_joined == joined
    assert (fast.is_active, fast.is_staff, fast.first_name, fast.password, fast.last_login) == (
        orm.is_active, orm.is_staff, orm.first_name, orm.password, orm.last_login
    )  # fmt: skip


def test_callable_defaults_are_called_for_each_row(db):
    before = timezone.now()
    bulk.rows_insert(AuditLogEntry, [{"action": "import", "subject": "a.csv"}, {"action": "import", "subject": "b"}])
    entries = list(AuditLogEntry.objects.all())
    assert len(entries) == 2 and all(entry.created_at >= before and entry.detail == "" for entry in entries)


def test_a_required_value_left_out_is_an_error_not_a_silent_gap(db):
    with pytest.raises(ValueError) as caught:
        bulk.rows_insert(StaffMember, [{"employee_number": "E1"}])
    assert str(caught.value) == bulk.MISSING_VALUE.format(model="StaffMember", field="organisation_id")
    assert not StaffMember.objects.exists()


def test_new_ids_are_read_back_by_key(db):
    org = OrganisationFactory()
    after = bulk.largest_id(StaffMember)
    rows = [{"organisation_id": org.pk, "employee_number": f"E{n}"} for n in range(1, 4)]
    assert bulk.rows_insert(StaffMember, rows, batch=2) == 3
    ids = bulk.ids_after(StaffMember, after, "employee_number", organisation_id=org.pk)
    assert ids == dict(StaffMember.objects.values_list("employee_number", "pk"))
