"""The ledger (hash chain over append-only rows and revisions) and integrity alerts for publishers."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def let_publishers_see_alerts(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="articles", codename="view_integrityalert")
    for group in Group.objects.filter(name="Publishers"):
        group.permissions.add(permission)


def chain_existing_rows(apps, schema_editor):
    """
    Start the chain: the head row, then one entry per row already stored in
    a chained table, table by table in primary-key order. Rows written from
    here on are chained as they are inserted.
    """
    from django.apps import apps as current_apps

    from articles.models.ledger import ChainedModel, append

    using = schema_editor.connection.alias
    head = apps.get_model("articles", "LedgerHead")
    entry = apps.get_model("articles", "LedgerEntry")
    head.objects.using(using).get_or_create(pk=1)
    labels = sorted(
        model._meta.label for model in current_apps.get_models() if issubclass(model, ChainedModel)
    )
    for label in labels:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        batch = []
        for row in model._base_manager.using(using).order_by("pk").iterator(chunk_size=BATCH):
            batch.append(row)
            if len(batch) == BATCH:
                append(batch, using=using, entry_model=entry, head_model=head)
                batch = []
        append(batch, using=using, entry_model=entry, head_model=head)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_lifecycle'),
    ]

    operations = [
        migrations.CreateModel(
            name='LedgerHead',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('seq', models.BigIntegerField(default=0)),
                ('entry_hash', models.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64)),
            ],
            options={
                'verbose_name': 'ledger head',
            },
        ),
        migrations.CreateModel(
            name='LedgerEntry',
            fields=[
                ('seq', models.BigIntegerField(primary_key=True, serialize=False)),
                ('table', models.CharField(max_length=100)),
                ('row_id', models.CharField(max_length=64)),
                ('fields', models.TextField()),
                ('row_hash', models.CharField(max_length=64)),
                ('prev_hash', models.CharField(max_length=64)),
                ('entry_hash', models.CharField(max_length=64)),
                ('key_id', models.CharField(max_length=12)),
                ('seal', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name_plural': 'ledger entries',
                'ordering': ['seq'],
                'constraints': [models.UniqueConstraint(fields=('table', 'row_id'), name='ledger_entry_row_unique')],
            },
        ),
        migrations.CreateModel(
            name='IntegrityAlert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_hash', models.CharField(max_length=64)),
                ('problems', models.TextField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('revision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='integrity_alerts', to='articles.articlerevision')),
            ],
            options={
                'ordering': ['-created_at'],
                'constraints': [models.UniqueConstraint(fields=('revision', 'content_hash'), name='integrity_alert_unique')],
            },
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(let_publishers_see_alerts, migrations.RunPython.noop),
    ]
