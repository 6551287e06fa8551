"""Editors and moderators define achievements; HR see their organisations' awards and may revoke them
(the change permission); platform admins do both."""

from django.db import migrations

GRANTS = {
    "HR": ["view_award", "change_award"],
    "Platform admins": ["view_award", "change_award", "view_achievement", "add_achievement",
                        "change_achievement", "delete_achievement"],
    "Editors": ["view_achievement", "add_achievement", "change_achievement"],
    "Moderators": ["view_achievement", "add_achievement", "change_achievement", "delete_achievement"],
}  # fmt: skip


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("credentials")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="credentials", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="credentials"))


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
