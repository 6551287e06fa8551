"""HR and platform admins see the messages of their organisations and set cohorts' reminder schedules; editors
(and moderators) change the words of messages."""

from django.db import migrations

GRANTS = {
    "HR": ["view_message", "view_reminderschedule", "add_reminderschedule", "change_reminderschedule",
           "delete_reminderschedule"],
    "Platform admins": ["view_message", "view_reminderschedule", "add_reminderschedule",
                        "change_reminderschedule", "delete_reminderschedule", "view_messagetemplate",
                        "add_messagetemplate", "change_messagetemplate", "delete_messagetemplate"],
    "Editors": ["view_messagetemplate", "add_messagetemplate", "change_messagetemplate"],
    "Moderators": ["view_messagetemplate", "add_messagetemplate", "change_messagetemplate",
                   "delete_messagetemplate"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("notifications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="notifications", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="notifications"))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
