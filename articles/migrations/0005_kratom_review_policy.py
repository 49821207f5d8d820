"""
The kratom topic needs two medical reviewers' approvals, at least one of
them in pharmacology or toxicology; every role may see the sign-offs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KRATOM_POLICY = {"required_approvals": 2, "required_specialties": "pharmacology\ntoxicology"}
ROLES = ("Writers", "Medical reviewers", "Publishers")


def seed(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    Topic.objects.filter(slug="kratom").update(**KRATOM_POLICY)
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="articles", codename="view_reviewapproval")
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(view)


def unseed(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    Topic.objects.filter(slug="kratom").update(required_approvals=1, required_specialties="")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0004_review_policy"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
