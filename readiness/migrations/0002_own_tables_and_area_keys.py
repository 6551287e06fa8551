"""Finish the move from ``learning``: own table names, content types, and targets that point at skill areas.

- The four cohort tables (and the two many-to-many tables) take readiness's names.
- Content types, and with them permissions, revisions and log entries, follow the models to this app.
- ``CohortTarget.skill_area`` was a slug; it becomes a foreign key, so renaming an area no longer loses targets.
  Each slug is matched to the area with that slug (the earlier framework's where two share it). A target whose
  slug matches no area stops the migration with the list of them, and nothing changes: fix or remove those
  targets (or restore the area's slug) and migrate again.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("cohort", "cohortcourse", "cohortmembership", "cohorttarget")


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        moved = ContentType.objects.filter(app_label="learning", model=model)
        if not ContentType.objects.filter(app_label="readiness", model=model).exists():
            moved.update(app_label="readiness")


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="learning", model=model).exists():
            ContentType.objects.filter(app_label="readiness", model=model).update(app_label="learning")


def targets_point_at_areas(apps, schema_editor):
    CohortTarget = apps.get_model("readiness", "CohortTarget")
    SkillArea = apps.get_model("assessments", "SkillArea")
    area_ids: dict[str, int] = {}
    for slug, area_id in SkillArea.objects.order_by("framework_id", "sort_order", "name").values_list("slug", "id"):
        area_ids.setdefault(slug, area_id)
    orphans = []
    for target in CohortTarget.objects.select_related("cohort").order_by("cohort_id", "id"):
        if target.skill_area_slug not in area_ids:
            orphans.append(f"cohort {target.cohort.name!r} (id {target.cohort_id}): {target.skill_area_slug!r}")
            continue
        target.skill_area_id = area_ids[target.skill_area_slug]
        target.save(update_fields=["skill_area"])
    if orphans:
        raise RuntimeError(
            "These cohort targets name a skill area that does not exist, so they cannot be kept: "
            + "; ".join(orphans)
            + ". Restore the area's slug or delete the target, then run migrate again. Nothing was changed."
        )


def targets_back_to_slugs(apps, schema_editor):
    CohortTarget = apps.get_model("readiness", "CohortTarget")
    for target in CohortTarget.objects.select_related("skill_area"):
        target.skill_area_slug = target.skill_area.slug
        target.save(update_fields=["skill_area_slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_skillarea_default_target"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("learning", "0009_cohorts_move_to_readiness"),
        ("readiness", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="cohort", table=None),
        migrations.AlterModelTable(name="cohortcourse", table=None),
        migrations.AlterModelTable(name="cohortmembership", table=None),
        migrations.AlterModelTable(name="cohorttarget", table=None),
        migrations.RunPython(content_types_follow, content_types_back),
        migrations.RemoveConstraint(model_name="cohorttarget", name="cohort_one_target_per_area"),
        migrations.RenameField(model_name="cohorttarget", old_name="skill_area", new_name="skill_area_slug"),
        migrations.AddField(
            model_name="cohorttarget",
            name="skill_area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cohort_targets",
                to="assessments.skillarea",
            ),
        ),
        migrations.RunPython(targets_point_at_areas, targets_back_to_slugs),
        migrations.RemoveField(model_name="cohorttarget", name="skill_area_slug"),
        migrations.AlterField(
            model_name="cohorttarget",
            name="skill_area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cohort_targets",
                to="assessments.skillarea",
            ),
        ),
        migrations.AddConstraint(
            model_name="cohorttarget",
            constraint=models.UniqueConstraint(fields=("cohort", "skill_area"), name="cohort_one_target_per_area"),
        ),
    ]
