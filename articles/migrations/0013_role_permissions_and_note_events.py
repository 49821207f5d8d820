"""Role permissions from one table (the policy's ROLE_PERMISSIONS, frozen here); review notes are logged."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

_READ_ALL = [
    "view_article", "view_section", "view_reference", "view_image", "view_topic",
    "view_articlerevision", "view_reviewdecision", "view_workflowevent",
    "view_disclaimer", "view_reviewerprofile", "view_claimflag", "view_claimresolution",
    "view_revisiondisclaimer", "view_reviewnote",
]
ROLE_PERMISSIONS = {
    "Writers": _READ_ALL + [
        "add_article", "change_article", "submit_article",
        "add_section", "change_section", "delete_section",
        "add_reference", "change_reference", "delete_reference",
        "add_image", "change_image",
    ],
    "Medical reviewers": _READ_ALL + ["review_articlerevision"],
    "Publishers": _READ_ALL + [
        "publish_article", "add_disclaimer", "change_disclaimer", "add_topic", "change_topic",
        "add_reviewerprofile", "change_reviewerprofile",
    ],
}


def set_role_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_claimflag_category_choices")]

    operations = [
        migrations.AlterField(
            model_name="workflowevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted for review"), ("approved", "Approved"),
                    ("changes_requested", "Changes requested"), ("withdrawn", "Withdrawn from review"),
                    ("scheduled", "Scheduled"), ("schedule_cancelled", "Schedule cancelled"),
                    ("published", "Published"), ("unpublished", "Unpublished"),
                    ("claim_resolved", "Flagged claim accepted"), ("note_added", "Review note added"),
                ],
                max_length=30,
            ),
        ),
        migrations.RunPython(set_role_permissions, migrations.RunPython.noop),
    ]
