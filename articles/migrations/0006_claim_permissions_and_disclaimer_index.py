"""
Let every editorial role see claim flags, their resolutions and which
disclaimer versions a revision froze; and index the disclaimers of
revisions submitted before that index existed.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_PERMISSIONS = ["view_claimflag", "view_claimresolution", "view_revisiondisclaimer"]
GROUPS = ["Writers", "Medical reviewers", "Publishers"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=VIEW_PERMISSIONS
    )
    if permissions.count() != len(VIEW_PERMISSIONS):
        raise RuntimeError(f"Permissions missing: {VIEW_PERMISSIONS}")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=VIEW_PERMISSIONS
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


def index_disclaimers(apps, schema_editor):
    """One row per disclaimer each existing revision froze, at the version it froze."""
    ArticleRevision = apps.get_model("articles", "ArticleRevision")
    Disclaimer = apps.get_model("articles", "Disclaimer")
    RevisionDisclaimer = apps.get_model("articles", "RevisionDisclaimer")
    by_key = {d.key: d.pk for d in Disclaimer.objects.all()}
    rows = [
        RevisionDisclaimer(revision_id=revision.pk, disclaimer_id=by_key[frozen["key"]], version=frozen["version"])
        for revision in ArticleRevision.objects.only("pk", "disclaimers").iterator()
        for frozen in revision.disclaimers
        if frozen["key"] in by_key
    ]
    RevisionDisclaimer.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_claimflag_sections_and_revision_disclaimers")]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(index_disclaimers, migrations.RunPython.noop),
    ]
