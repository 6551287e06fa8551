"""The migrations that store every result's expiry: missing ones are filled by the validity rule, then required."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from assessments import validity
from cms.calendar import start_of_local_day

FILL = importlib.import_module("assessments.migrations.0003_result_expiry_stored")
BEFORE = [("assessments", "0002_skillarea_default_target")]
FILLED = [("assessments", "0003_result_expiry_stored")]
# every app at its newest migration (0004 requires the expiry; later migrations must be back in place afterwards)
LATEST = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
SUMMER_NIGHT = datetime(2026, 3, 30, 23, 30, tzinfo=UTC)  # 00:30 BST on 31 March


def _migrate(targets):
    """Migrate to ``targets`` and return the models as they stand then, every applied app included."""
    return MigrationExecutor(connection).migrate(targets).apps


def _people(apps):
    organisation = apps.get_model("learning", "Organisation").objects.create(name="Old", slug="old")
    staff = apps.get_model("learning", "StaffMember").objects.create(
        organisation=organisation, employee_number="OLD-1", first_name="Ola", last_name="Old"
    )
    framework = apps.get_model("assessments", "SkillFramework").objects.create(
        name="Old", slug="old-framework", default_expiry_months=36
    )
    return staff, framework


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_fills_missing_expiries_from_the_local_day_and_keeps_stored_ones():
    apps = _migrate(BEFORE)
    try:
        staff, framework = _people(apps)
        area = apps.get_model("assessments", "SkillArea").objects.create(
            framework=framework, slug="own", name="Own", expiry_months=12
        )
        SkillResult = apps.get_model("assessments", "SkillResult")
        kept = datetime(2030, 1, 1, 9, tzinfo=UTC)
        missing = SkillResult.objects.create(
            staff=staff, area=area, level=2, source="assessed", assessed_at=SUMMER_NIGHT
        )
        stored = SkillResult.objects.create(
            staff=staff, area=area, level=1, source="assessed", assessed_at=SUMMER_NIGHT, expires_at=kept
        )
        apps = _migrate(LATEST)
        SkillResult = apps.get_model("assessments", "SkillResult")
        # 12 months from the local day (31 March), not from the UTC one (30 March).
        assert SkillResult.objects.get(id=missing.id).expires_at == start_of_local_day(date(2027, 3, 31))
        assert SkillResult.objects.get(id=stored.id).expires_at == kept
    finally:
        _migrate(LATEST)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_fill_uses_the_framework_default_for_an_area_without_its_own_and_matches_the_app_rule():
    apps = _migrate(FILLED)  # the area's months are optional and the expiry not yet required
    try:
        staff, framework = _people(apps)
        SkillArea = apps.get_model("assessments", "SkillArea")
        own = SkillArea.objects.create(framework=framework, slug="own", name="Own", expiry_months=12)
        fallback = SkillArea.objects.create(framework=framework, slug="fallback", name="Fallback")
        SkillResult = apps.get_model("assessments", "SkillResult")
        moments = [SUMMER_NIGHT, datetime(2024, 2, 29, 23, 30, tzinfo=UTC), datetime(2026, 10, 24, 23, 30, tzinfo=UTC)]
        rows = [
            SkillResult.objects.create(staff=staff, area=area, level=1, source="assessed", assessed_at=moment)
            for area in (own, fallback)
            for moment in moments
        ]
        FILL.fill_missing_expiry(apps, None)
        for row in rows:
            months = validity.expiry_months(12 if row.area_id == own.id else None, 36)
            expected = validity.expires_at_for(row.assessed_at, months)
            assert SkillResult.objects.get(id=row.id).expires_at == expected
    finally:
        _migrate(LATEST)
