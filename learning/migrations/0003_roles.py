"""Create the role groups with their permissions."""

from django.db import migrations

ROLE_GROUPS = {
    "HR": [
        ("learning", "view_staffmember"),
        ("learning", "change_staffmember"),
        ("learning", "view_team"),
        ("learning", "add_team"),
        ("learning", "change_team"),
        ("learning", "view_enrolment"),
        ("learning", "add_enrolment"),
        ("learning", "change_enrolment"),
        ("learning", "view_auditlogentry"),
        ("wagtailadmin", "access_admin"),
    ],
    "Platform admins": [
        ("learning", "view_organisation"),
        ("learning", "add_organisation"),
        ("learning", "change_organisation"),
        ("learning", "view_staffmember"),
        ("learning", "add_staffmember"),
        ("learning", "change_staffmember"),
        ("learning", "view_team"),
        ("learning", "add_team"),
        ("learning", "change_team"),
        ("learning", "view_auditlogentry"),
        ("wagtailadmin", "access_admin"),
    ],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_staff_email_anonymised_audit_log"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
