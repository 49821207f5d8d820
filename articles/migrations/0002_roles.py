"""Create the editorial groups with the model permissions each role needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copy of articles.roles.GROUP_PERMISSIONS as of this migration.
_READ_ALL = [
    "view_article", "view_section", "view_reference", "view_image", "view_topic",
    "view_articlerevision", "view_reviewdecision", "view_workflowevent",
    "view_disclaimer", "view_reviewerprofile",
]
GROUP_PERMISSIONS = {
    "Writers": _READ_ALL + [
        "add_article", "change_article", "submit_article",
        "add_section", "change_section", "delete_section",
        "add_reference", "change_reference", "delete_reference",
        "add_image", "change_image",
    ],
    "Medical reviewers": _READ_ALL + ["review_articlerevision"],
    "Publishers": _READ_ALL + [
        "publish_article", "add_disclaimer", "change_disclaimer", "add_topic", "change_topic",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {group_name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
