"""Fill every skill result's missing expiry; an area without its own period uses the framework's default.

0004 then makes the expiry required.

The fill below is a frozen copy of the rule in ``assessments.validity`` (a result expires at the start of the
Europe/London day ``months`` calendar months after its own local day, clamped to the month's end), kept here so
that this migration means the same thing whatever later happens to the app's code.
"""

import calendar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import django.core.validators
from django.db import migrations, models

LONDON = ZoneInfo("Europe/London")


def _expires_at(assessed_at: datetime, months: int) -> datetime:
    day = assessed_at.astimezone(LONDON).date()
    year, month_zero = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_zero + 1
    shifted = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return datetime.combine(shifted, time.min, tzinfo=LONDON).astimezone(UTC)


def fill_missing_expiry(apps, schema_editor):
    SkillResult = apps.get_model("assessments", "SkillResult")
    SkillArea = apps.get_model("assessments", "SkillArea")
    months = {
        area_id: own if own is not None else default
        for area_id, own, default in SkillArea.objects.values_list(
            "id", "expiry_months", "framework__default_expiry_months"
        )
    }
    missing = SkillResult.objects.filter(expires_at__isnull=True).only("id", "area_id", "assessed_at")
    batch = []
    for result in missing.iterator(chunk_size=2000):
        result.expires_at = _expires_at(result.assessed_at, months[result.area_id])
        batch.append(result)
        if len(batch) == 2000:
            SkillResult.objects.bulk_update(batch, ["expires_at"])
            batch = []
    if batch:
        SkillResult.objects.bulk_update(batch, ["expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_skillarea_default_target"),
    ]

    operations = [
        migrations.AlterField(
            model_name="skillarea",
            name="expiry_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="How many months an assessed level stays valid. Leave empty to use the framework's default.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(120),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="skillframework",
            name="default_expiry_months",
            field=models.PositiveSmallIntegerField(
                default=24,
                help_text="How many months an assessed level stays valid in areas that do not set their own.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(120),
                ],
            ),
        ),
        migrations.RunPython(fill_missing_expiry, migrations.RunPython.noop),
    ]
