"""Cohort targets and courses become inline rows of the cohort form; HR and platform admins may manage cohorts."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations

COHORT_PERMISSIONS = ["view_cohort", "add_cohort", "change_cohort", "delete_cohort"]
GROUPS = ["HR", "Platform admins"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("learning")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="learning", codename__in=COHORT_PERMISSIONS)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="learning", codename__in=COHORT_PERMISSIONS)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_cohort_colour_bands"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterField(
            model_name="cohortcourse",
            name="cohort",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="courses", to="learning.cohort"
            ),
        ),
        migrations.AlterField(
            model_name="cohorttarget",
            name="cohort",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="targets", to="learning.cohort"
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
