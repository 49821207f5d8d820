"""
Is what we hold still what was approved?

``verify_ledger`` walks the whole hash chain (``articles.models.ledger``) and
every revision's fingerprint and lists each break; ``manage.py
verify_integrity`` prints them. ``revision_is_trustworthy`` answers the same
question for one revision, is called by every public surface before it
serves a revision, and caches its verdict. ``head_line`` and ``check_line``
export the chain head as a signed line and compare a later chain with it.
"""

import hmac
import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.mail import mail_admins
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from articles.domain import review_policy
from articles.models import (
    ArticleRevision,
    IntegrityAlert,
    LedgerEntry,
    LedgerHead,
    ReviewApproval,
    ReviewDecision,
)
from articles.models.ledger import (
    GENESIS,
    ChainedModel,
    entry_hash,
    key_id,
    ledger_keys,
    row_hash,
    seal,
)
from articles.models.revisions import fingerprint

logger = logging.getLogger("vetted.integrity")

VERDICT_VERSION = 2
LINE_PREFIX = "vetted-ledger-head"


@dataclass(frozen=True)
class Break:
    """One thing wrong: the table, the row (or ledger entry) and what is wrong with it."""

    table: str
    row_id: str
    problem: str

    def __str__(self):
        return f"{self.table} row {self.row_id}: {self.problem}"


def chained_models():
    return [model for model in apps.get_models() if issubclass(model, ChainedModel)]


def _table_of(label):
    try:
        return apps.get_model(label)._meta.db_table
    except (LookupError, ValueError):
        return label


def _walk_entries(breaks):
    """Check every entry's link, hash and seal; return {(label, row_id): (seq, fields, row_hash)}."""
    keys = {key_id(key): key for key in ledger_keys()}
    recorded = {}
    previous, expected_seq = GENESIS, 1
    columns = ("seq", "table", "row_id", "fields", "row_hash", "prev_hash", "entry_hash", "key_id", "seal")
    for seq, label, row_id, fields, digest, prev_hash, stored_hash, sealed_by, stored_seal in (
        LedgerEntry.objects.order_by("seq").values_list(*columns).iterator(chunk_size=5000)
    ):
        where = ("articles_ledgerentry", str(seq))
        if seq != expected_seq:
            breaks.append(Break(*where, f"entries {expected_seq} to {seq - 1} are missing"))
        if prev_hash != previous:
            breaks.append(Break(*where, f"does not follow entry {seq - 1} (its previous hash differs)"))
        recomputed = entry_hash(
            seq=seq, prev_hash=prev_hash, table=label, row_id=row_id, fields=fields, row_digest=digest
        )
        if recomputed != stored_hash:
            breaks.append(Break(*where, "its hash does not match its content (the entry was edited)"))
        key = keys.get(sealed_by)
        if key is None:
            breaks.append(Break(*where, f"sealed with key {sealed_by!r}, which this server does not hold"))
        elif not hmac.compare_digest(seal(key, recomputed), stored_seal):
            breaks.append(Break(*where, "its seal is not valid (the entry was not written by the application)"))
        recorded[(label, row_id)] = (seq, fields, digest)
        previous, expected_seq = stored_hash, seq + 1
    head = LedgerHead.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if head is None:
        if last_seq:
            breaks.append(Break("articles_ledgerhead", "1", "the chain head is missing"))
    elif (head.seq, head.entry_hash) != (last_seq, previous):
        breaks.append(
            Break("articles_ledgerhead", "1", f"the head names entry {head.seq} but the chain ends at entry {last_seq}")
        )
    return recorded, last_seq, previous


def _check_rows(model, recorded, breaks):
    label = model._meta.label_lower
    table = model._meta.db_table
    attnames = [field.attname for field in model._meta.concrete_fields]
    all_columns = ",".join(attnames)
    pk_index = attnames.index(model._meta.pk.attname)
    is_revision = model is ArticleRevision
    for row in model._base_manager.order_by().values_list(*attnames).iterator(chunk_size=2000):
        values = dict(zip(attnames, row))
        row_id = str(row[pk_index])
        entry = recorded.pop((label, row_id), None)
        if entry is None:
            breaks.append(Break(table, row_id, "not in the ledger (written outside the application)"))
        else:
            seq, joined, digest = entry
            fields = attnames if joined == all_columns else joined.split(",")
            missing = [name for name in fields if name not in values]
            if missing:
                breaks.append(Break(table, row_id, f"columns {', '.join(missing)} recorded in entry {seq} are gone"))
            elif row_hash(model, values, fields) != digest:
                breaks.append(Break(table, row_id, f"changed since it was written (ledger entry {seq})"))
        if is_revision and fingerprint(values) != values["content_hash"]:
            breaks.append(Break(table, row_id, "its content no longer matches its fingerprint"))


def verify_ledger(*, against=None):
    """
    Every break in the chain, the chained rows and the revisions'
    fingerprints, in chain order then table order. ``against`` is a line
    from ``head_line``: the chain must still contain that head unchanged.
    """
    breaks = []
    recorded, last_seq, last_hash = _walk_entries(breaks)
    for model in sorted(chained_models(), key=lambda model: model._meta.label_lower):
        _check_rows(model, recorded, breaks)
    for (label, row_id), (seq, _fields, _digest) in sorted(recorded.items(), key=lambda item: item[1][0]):
        breaks.append(Break(_table_of(label), row_id, f"deleted (ledger entry {seq} records it)"))
    if against is not None:
        breaks.extend(check_line(against))
    return breaks


def head_line(*, now=None):
    """The chain head as one signed line, for an external log or an email."""
    head = LedgerHead.objects.filter(pk=1).first()
    seq, head_hash = (head.seq, head.entry_hash) if head else (0, GENESIS)
    key = ledger_keys()[0]
    at = (now or timezone.now()).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = f"{LINE_PREFIX} seq={seq} hash={head_hash} at={at} key={key_id(key)}"
    return f"{body} sig={seal(key, body)}"


def check_line(line):
    """The breaks found comparing today's chain with an exported head line."""
    where = ("articles_ledgerentry", "?")
    body, _, signature = line.strip().rpartition(" sig=")
    fields = dict(part.split("=", 1) for part in body.split()[1:] if "=" in part)
    if not body.startswith(LINE_PREFIX + " ") or not {"seq", "hash", "key"} <= fields.keys():
        return [Break(*where, "the exported head line is malformed")]
    keys = {key_id(key): key for key in ledger_keys()}
    key = keys.get(fields["key"])
    if key is None or not hmac.compare_digest(seal(key, body), signature):
        return [Break(*where, "the exported head line's signature is not valid for this server's keys")]
    seq = int(fields["seq"])
    if seq == 0:
        return []
    stored = LedgerEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()
    if stored is None:
        return [Break("articles_ledgerentry", str(seq), f"the exported head (entry {seq}) is no longer in the chain")]
    if stored != fields["hash"]:
        return [
            Break("articles_ledgerentry", str(seq), f"differs from the head exported at {fields.get('at', '?')}: "
                  "the chain was rewritten")
        ]
    return []


# Serving: the verdict on each revision, cached.


def _verdict_key(revision, require_approval):
    scope = "approved" if require_approval else "preview"
    return f"vetted:trust:v{VERDICT_VERSION}:{scope}:{revision.pk}:{revision.content_hash}"


def revisions_doubts(revisions, *, require_approval=True):
    """
    Why each of ``revisions`` should not be served: {revision id: list of
    sentences}, empty when it can be. Its content must match its fingerprint
    and its ledger entry, and with ``require_approval`` its approval must be
    in the ledger too, with every reviewer's sign-off, and meet the review
    policy frozen into the revision. At most three queries whatever the
    number of revisions: the revisions with their decisions, their
    sign-offs, and their ledger entries. A revision passed in with every
    column and its decision loaded (a search result) is checked as it is,
    which is what will be shown; any other is read again.
    """
    pks = [revision.pk for revision in revisions]
    stored = {revision.pk: revision for revision in revisions if _loaded_whole(revision)}
    missing = [pk for pk in pks if pk not in stored]
    if missing:
        stored.update(
            (revision.pk, revision)
            for revision in ArticleRevision.objects.select_related("decision").filter(pk__in=missing)
        )
    decisions = {pk: _decision_of(revision) for pk, revision in stored.items()}
    approvals = {}
    for approval in ReviewApproval.objects.filter(revision_id__in=stored).order_by("approved_at", "pk"):
        approvals.setdefault(approval.revision_id, []).append(approval)
    entries = {
        (label, row_id): (fields, digest)
        for label, row_id, fields, digest in LedgerEntry.objects.filter(
            Q(table=ArticleRevision._meta.label_lower, row_id__in=[str(pk) for pk in stored])
            | Q(
                table=ReviewDecision._meta.label_lower,
                row_id__in=[str(decision.pk) for decision in decisions.values() if decision is not None],
            )
            | Q(
                table=ReviewApproval._meta.label_lower,
                row_id__in=[str(approval.pk) for signed in approvals.values() for approval in signed],
            )
        ).values_list("table", "row_id", "fields", "row_hash")
    }
    return {
        pk: _doubts(
            stored.get(pk), decisions.get(pk), entries, approvals.get(pk, []), require_approval=require_approval
        )
        for pk in pks
    }


def _loaded_whole(revision):
    return (
        isinstance(revision, ArticleRevision)
        and not revision.get_deferred_fields()
        and ArticleRevision.decision.is_cached(revision)
    )


def _decision_of(revision):
    try:
        return revision.decision
    except ReviewDecision.DoesNotExist:
        return None


def _doubts(revision, decision, entries, approvals, *, require_approval):
    if revision is None:
        return ["the revision no longer exists"]
    doubts = []
    if not revision.content_is_intact():
        doubts.append("its content no longer matches its fingerprint")
    if not _matches_entry(revision, entries):
        doubts.append("it does not match its ledger entry")
    if decision is not None:
        if decision.content_hash != revision.content_hash:
            doubts.append("its review decision was taken on different content")
        if not _matches_entry(decision, entries):
            doubts.append("its review decision is not in the ledger")
    if any(not _matches_entry(approval, entries) for approval in approvals):
        doubts.append("a reviewer's sign-off is not in the ledger")
    if require_approval and (decision is None or decision.outcome != ReviewDecision.Outcome.APPROVED):
        doubts.append("it has no approval")
    elif require_approval and not review_policy.met_by(revision, decision, approvals):
        doubts.append("its approvals do not meet its review policy")
    return doubts


def _matches_entry(instance, entries):
    model = type(instance)
    entry = entries.get((model._meta.label_lower, str(instance.pk)))
    if entry is None:
        return False
    fields = entry[0].split(",")
    values = {field.attname: getattr(instance, field.attname) for field in model._meta.concrete_fields}
    if any(name not in values for name in fields):
        return False
    return row_hash(model, values, fields) == entry[1]


def trustworthy_revisions(revisions, *, require_approval=True):
    """
    The ids of those of ``revisions`` a public surface may serve. Each
    revision is checked once per fingerprint, then answered from the cache
    for ``VETTED_TRUST_CHECK_TTL`` seconds. A revision in doubt is reported
    to publishers (an ``IntegrityAlert``, the log and ``mail_admins``).
    """
    revisions = list(revisions)
    keys = {revision.pk: _verdict_key(revision, require_approval) for revision in revisions}
    cached = cache.get_many(list(keys.values()))
    verdicts = {pk: cached[key] for pk, key in keys.items() if key in cached}
    unknown = [revision for revision in revisions if revision.pk not in verdicts]
    if unknown:
        found = revisions_doubts(unknown, require_approval=require_approval)
        for revision in unknown:
            doubts = found[revision.pk]
            if doubts:
                _raise_alarm(revision, doubts)
            verdicts[revision.pk] = not doubts
        cache.set_many(
            {keys[revision.pk]: verdicts[revision.pk] for revision in unknown}, settings.VETTED_TRUST_CHECK_TTL
        )
    return {pk for pk, verdict in verdicts.items() if verdict}


def revision_is_trustworthy(revision, *, require_approval=True):
    """May a public surface serve ``revision``? See ``trustworthy_revisions``."""
    return revision.pk in trustworthy_revisions([revision], require_approval=require_approval)


def _raise_alarm(revision, doubts):
    problems = "; ".join(doubts)
    logger.error("Withheld revision %s of article %s: %s", revision.pk, revision.article_id, problems)
    try:
        with transaction.atomic():
            _alert, created = IntegrityAlert.objects.get_or_create(
                revision_id=revision.pk, content_hash=revision.content_hash, defaults={"problems": problems}
            )
    except IntegrityError:
        created = False
    if created:
        mail_admins(
            f"Withheld from readers: revision {revision.pk}",
            f"Readers are being shown an 'unavailable' page instead of revision {revision.pk} "
            f"of article {revision.article_id} because {problems}.\n\n"
            "Run `python manage.py verify_integrity` to see every break.",
            fail_silently=True,
        )
