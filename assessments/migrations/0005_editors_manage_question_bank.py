"""Let Wagtail's Editors and Moderators groups manage the question bank and choose skill areas.

Without it an editor writing a knowledge check could not open the question bank. A data migration, so real
installations get it as well as the demo; a group an administrator has deleted is left alone.
"""

from django.db import migrations

EDITING_GROUPS = ["Editors", "Moderators"]
PERMISSIONS = [
    ("assessments", "add_question"),
    ("assessments", "change_question"),
    ("assessments", "delete_question"),
    ("assessments", "view_question"),
    ("assessments", "view_skillarea"),
    ("assessments", "view_skillframework"),
    ("assessments", "view_proficiencylevel"),
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("assessments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in PERMISSIONS
    ]
    for group in Group.objects.filter(name__in=EDITING_GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [codename for _, codename in PERMISSIONS]
    permissions = Permission.objects.filter(content_type__app_label="assessments", codename__in=codenames)
    for group in Group.objects.filter(name__in=EDITING_GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_result_expiry_required"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
