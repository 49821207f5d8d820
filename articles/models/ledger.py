"""
The ledger: one hash chain over every append-only row and every revision.

Each chained row (``ChainedModel``: every ``AppendOnlyModel``, revisions and
their topic index) gets one ``LedgerEntry`` in the same transaction as the row.
The entry records a SHA-256 of the row's canonical content and the hash of
the entry before it, and is sealed with an HMAC whose key lives in the
application's settings (``VETTED_LEDGER_KEY``), not in the database. So:

- a row changed or replaced after it was written no longer matches its entry;
- a row deleted leaves an entry pointing at nothing;
- a row inserted with raw SQL has no entry, and one forged by raw SQL has no
  valid seal, since the database never sees the key;
- rewriting the chain from some entry onwards changes every later entry
  hash, which an exported head (``export_chain_head``) gives away.

``articles.domain.integrity.verify_ledger`` walks it; ``manage.py
verify_integrity`` reports what it finds.

There is one chain for the whole database rather than one per table: an
action writes rows in several tables at once (a submission writes the
revision, its topics, flags, disclaimers and a log entry), and one chain
keeps their order, gives one head to export and sign, and one row to lock.
The cost is that appends are serialised across articles; workflow
transactions are short and editorial traffic is low, so the head lock is
held for milliseconds.

The head row (``LedgerHead``) is locked for each append (``SELECT ... FOR
UPDATE`` on PostgreSQL; on SQLite the write transaction, begun IMMEDIATE in
settings, already serialises writers), then the entries are written and the
head moves forward, all inside the caller's transaction.
"""

import datetime
import decimal
import functools
import hashlib
import hmac
import json
import uuid

from django.conf import settings
from django.db import models, router, transaction
from django.utils.crypto import salted_hmac

GENESIS = "0" * 64
HEAD_ID = 1


def ledger_keys():
    """The signing keys this server accepts, current key first."""
    current = settings.VETTED_LEDGER_KEY or salted_hmac(
        "vetted.ledger", "ledger-key", secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()
    return [current, *settings.VETTED_LEDGER_PREVIOUS_KEYS]


def key_id(key):
    """A short public name for a key, so an entry says which key sealed it."""
    return hashlib.sha256(f"vetted-ledger-key-id:{key}".encode()).hexdigest()[:12]


def seal(key, message):
    return hmac.digest(key.encode(), message.encode(), "sha256").hex()


#: The one canonical JSON form: keys sorted, no spaces, non-ASCII kept. One
#: encoder built once (``json.dumps`` with options builds one per call).
canonical_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode
_compact_json = json.JSONEncoder(separators=(",", ":")).encode


def _canonical(field, value):
    if value is None or isinstance(field, models.JSONField):
        return value
    value = field.to_python(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


def _already_canonical_type(field):
    """
    The Python type whose values ``_canonical`` returns unchanged for
    ``field`` (its ``to_python`` is the identity on them), or None.
    """
    target = field.target_field if field.is_relation else field
    if isinstance(target, models.BooleanField):
        return bool
    if isinstance(target, (models.IntegerField, models.AutoField)):
        return int
    if isinstance(target, (models.CharField, models.TextField)) and not isinstance(
        target, (models.UUIDField, models.GenericIPAddressField)
    ):
        return str
    return None


@functools.cache
def _converters(model):
    """
    attname -> ``_canonical`` for that column, skipping ``to_python`` for
    values already of the column's type (most of them, when read back from
    the database): ``verify_integrity`` converts every column of every row.
    """

    def converter(field):
        if isinstance(field, models.JSONField):
            return None
        same = _already_canonical_type(field)

        def convert(value):
            if value is None or type(value) is same:
                return value
            return _canonical(field, value)

        return convert

    return {field.attname: converter(field) for field in model._meta.concrete_fields}


def canonical_values(model, values, fields):
    """name -> the value as it is hashed, for ``fields`` of ``values`` (attname -> value)."""
    converters = _converters(model)
    return {
        name: values[name] if converters[name] is None else converters[name](values[name]) for name in fields
    }


def row_hash(model, values, fields):
    """SHA-256 of the canonical JSON of ``values`` (attname -> value) for ``fields``."""
    canonical = canonical_json(canonical_values(model, values, fields))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chained_fields(model):
    """The columns a new entry covers: every concrete column of the row."""
    return [field.attname for field in model._meta.concrete_fields]


def entry_hash(*, seq, prev_hash, table, row_id, fields, row_digest):
    message = _compact_json([seq, prev_hash, table, row_id, fields, row_digest])
    return hashlib.sha256(message.encode("utf-8")).hexdigest()


class LedgerHead(models.Model):
    """The newest entry of the chain: one row, locked by every append."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID)
    seq = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = "ledger head"

    def __str__(self):
        return f"Ledger head at entry {self.seq}"


class LedgerEntry(models.Model):
    """
    One chained row. ``table`` is the model's label (``articles.workflowevent``)
    and ``fields`` the columns hashed, comma-separated, so a column added to
    the table later does not invalidate older entries.
    """

    seq = models.BigIntegerField(primary_key=True)
    table = models.CharField(max_length=100)
    row_id = models.CharField(max_length=64)
    fields = models.TextField()
    row_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=12)
    seal = models.CharField(max_length=64)

    class Meta:
        verbose_name_plural = "ledger entries"
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["table", "row_id"], name="ledger_entry_row_unique"),
        ]

    def __str__(self):
        return f"Ledger entry {self.seq}: {self.table} {self.row_id}"


def append(instances, *, using, entry_model=None, head_model=None):
    """
    Chain saved rows, in order, inside the current transaction. The models
    may be given (a data migration passes its historical ones).
    """
    instances = list(instances)
    if not instances:
        return
    entry_model = entry_model or LedgerEntry
    head_model = head_model or LedgerHead
    key = ledger_keys()[0]
    sealed_by = key_id(key)
    with transaction.atomic(using=using):
        head = head_model.objects.using(using).select_for_update().filter(pk=HEAD_ID).first()
        if head is None:
            # A fresh database, or one just flushed; a trigger refuses this
            # while entries exist.
            head = head_model.objects.using(using).create(pk=HEAD_ID, seq=0, entry_hash=GENESIS)
        seq, previous = head.seq, head.entry_hash
        entries = []
        for instance in instances:
            if instance.pk is None:
                raise ValueError(f"Cannot chain an unsaved {type(instance).__name__}.")
            model = type(instance)
            fields = chained_fields(model)
            digest = row_hash(model, {name: getattr(instance, name) for name in fields}, fields)
            seq += 1
            table = model._meta.label_lower
            row_id = str(instance.pk)
            joined = ",".join(fields)
            this_hash = entry_hash(
                seq=seq, prev_hash=previous, table=table, row_id=row_id, fields=joined, row_digest=digest
            )
            entries.append(
                entry_model(
                    seq=seq, table=table, row_id=row_id, fields=joined, row_hash=digest,
                    prev_hash=previous, entry_hash=this_hash, key_id=sealed_by, seal=seal(key, this_hash),
                )
            )
            previous = this_hash
        entry_model.objects.using(using).bulk_create(entries)
        head_model.objects.using(using).filter(pk=HEAD_ID).update(seq=seq, entry_hash=previous)


class ChainedQuerySet(models.QuerySet):
    """Rows created in bulk join the chain too."""

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise TypeError(f"{self.model._meta.verbose_name_plural} are chained: every row must be inserted.")
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            append(created, using=self.db)
        return created


class ChainedModel(models.Model):
    """
    A row that joins the ledger when it is inserted. Its default manager must
    build on ``ChainedQuerySet`` (a system check says so) so ``bulk_create``
    chains as well.
    """

    objects = ChainedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        adding = self._state.adding
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            if adding:
                append([self], using=using)


class IntegrityAlert(models.Model):
    """
    A public surface refused to serve a revision because its content no longer
    matches its fingerprint or its ledger entries. Shown to publishers in the
    admin; one row per revision and stored fingerprint.
    """

    revision = models.ForeignKey(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="integrity_alerts"
    )
    content_hash = models.CharField(max_length=64)
    problems = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "content_hash"], name="integrity_alert_unique"),
        ]

    def __str__(self):
        return f"Withheld: {self.revision}"
