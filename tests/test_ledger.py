"""
The ledger and the guards around it (issue 10, items 2-4 and the raw-SQL
findings of item 7). Each attack runs as raw SQL on whichever database the
suite runs on; CI runs this file on SQLite and on PostgreSQL.

An attacker with the application's database login either is refused by a
guard trigger, or, if they can drop triggers, is caught: by the system check
(the guard is missing or altered), by ``verify_integrity`` (the row no longer
matches the ledger, or is not in it), and by the public page, which withholds
the revision.
"""

import logging

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.actions import workflow
from articles.actions.notes import add_review_note
from articles.db import triggers
from articles.db.checks import GuardsMissing, assert_guards_installed
from articles.domain.integrity import head_line, verify_ledger
from articles.models import (
    ArticleRevision,
    ClaimFlag,
    IntegrityAlert,
    LedgerEntry,
    LedgerHead,
    ReviewDecision,
    RevisionTopic,
    WorkflowEvent,
)
from articles.models.ledger import entry_hash, key_id, ledger_keys, row_hash, seal
from articles.models.revisions import fingerprint

from .concurrency import race
from .factories import ArticleFactory, ReviewerFactory, TopicFactory


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def refused(statement, params=()):
    """Run ``statement`` and expect a guard to refuse it; the transaction goes on."""
    with pytest.raises(IntegrityError, match="vetted: "), transaction.atomic():
        sql(statement, params)


def verify_integrity(*args):
    """Run the command as an operator would: (exit code, what it printed)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_integrity", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, err.getvalue() + str(error)
    return 0, out.getvalue()


def replace_revision(revision, *, title, recompute_fingerprint):
    """DELETE + INSERT of a revision under the same id, with another title."""
    content = {**revision.content(), "title": title}
    new_hash = fingerprint(content) if recompute_fingerprint else revision.content_hash
    sql("CREATE TEMP TABLE evil AS SELECT * FROM articles_articlerevision WHERE id = %s", [revision.pk])
    sql("UPDATE evil SET title = %s, content_hash = %s", [title, new_hash])
    sql("DELETE FROM articles_articlerevision WHERE id = %s", [revision.pk])
    sql("INSERT INTO articles_articlerevision SELECT * FROM evil")
    sql("DROP TABLE evil")


@pytest.fixture
def published(live_article):
    return live_article, live_article.live_revision


# The chain as the application writes it.


def test_every_action_leaves_an_intact_chain_that_verify_integrity_accepts(newsroom):
    article = newsroom.draft()
    article.topics.set([TopicFactory()])
    newsroom.publish(article)
    article.refresh_from_db()
    revision = article.live_revision
    newsroom.revise(article, title="A second look")
    second = workflow.submit_for_review(article, by=newsroom.writer)
    add_review_note(second, by=newsroom.reviewer, body="Check the dose.")
    workflow.request_changes(second, by=newsroom.reviewer, note="Fix the dose.")

    chained = set(LedgerEntry.objects.values_list("table", "row_id"))
    assert ("articles.articlerevision", str(revision.pk)) in chained
    assert ("articles.reviewdecision", str(revision.decision.pk)) in chained
    assert ("articles.reviewnote", str(second.review_notes.get().pk)) in chained
    assert all(("articles.revisiontopic", str(pk)) in chained for pk in RevisionTopic.objects.values_list("pk", flat=True))
    assert all(("articles.workflowevent", str(pk)) in chained for pk in WorkflowEvent.objects.values_list("pk", flat=True))
    assert verify_ledger() == []
    code, output = verify_integrity()
    assert code == 0, output
    assert "Intact" in output


def _reference_row_hash(model, values, fields):
    """The row hash as first defined (``json.dumps`` of every column through ``field.to_python``)."""
    import hashlib
    import json

    from articles.models.ledger import _canonical

    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    canonical = json.dumps(
        {name: _canonical(by_attname[name], values[name]) for name in fields},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_row_hashes_are_those_of_the_first_definition(newsroom):
    """
    ``verify_integrity`` skips ``to_python`` for values already of their
    column's type; chains written before must still verify, so every stored
    row, read back and as saved, hashes as it did.
    """
    from django.apps import apps

    from articles.models.ledger import ChainedModel, chained_fields

    article = newsroom.draft(title="Réveil et récupération: ½ dose", summary="Ｆｕｌｌ width, \u2028 emoji 😴")
    article.topics.set([TopicFactory()])
    newsroom.publish(article)
    checked = 0
    for model in apps.get_models():
        if not issubclass(model, ChainedModel):
            continue
        fields = chained_fields(model)
        for instance in model._base_manager.all():
            values = {name: getattr(instance, name) for name in fields}
            assert row_hash(model, values, fields) == _reference_row_hash(model, values, fields)
            stored = LedgerEntry.objects.get(table=model._meta.label_lower, row_id=str(instance.pk))
            assert stored.row_hash == _reference_row_hash(model, values, fields)
            checked += 1
    assert checked > 5
    # Values not yet of their column's type (as a caller may hold them) still go through to_python.
    unconverted = {"id": "7", "revision_id": "3", "action": 5}
    assert row_hash(WorkflowEvent, unconverted, list(unconverted)) == _reference_row_hash(
        WorkflowEvent, unconverted, list(unconverted)
    )


def test_flags_created_in_bulk_join_the_chain(newsroom):
    article = newsroom.draft()
    article.summary = "Kratom cures anxiety."
    article.save()
    revision = workflow.submit_for_review(article, by=newsroom.writer)

    flags = list(revision.claim_flags.values_list("pk", flat=True))
    assert flags
    chained = set(LedgerEntry.objects.filter(table="articles.claimflag").values_list("row_id", flat=True))
    assert {str(pk) for pk in flags} <= chained
    assert verify_ledger() == []


def test_the_head_follows_the_last_entry(published):
    head = LedgerHead.objects.get()
    last = LedgerEntry.objects.order_by("-seq").first()
    assert (head.seq, head.entry_hash) == (last.seq, last.entry_hash)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_workflow_calls_append_one_unbroken_chain():
    reviewer = ReviewerFactory()
    from .factories import WriterFactory

    writers = [WriterFactory() for _ in range(4)]
    articles = [ArticleFactory(authors=[writer]) for writer in writers]
    outcomes = race(
        *(lambda a=a, w=w: workflow.submit_for_review(a, by=w) for a, w in zip(articles, writers))
    )
    assert all(isinstance(outcome, ArticleRevision) for outcome in outcomes), outcomes
    outcomes = race(*(lambda r=r: workflow.approve(r, by=reviewer) for r in outcomes))
    assert all(isinstance(outcome, ArticleRevision) for outcome in outcomes), outcomes
    assert verify_ledger() == []


# Item 7: raw SQL, with the guards in place.


def test_replacing_a_live_revision_by_delete_and_insert_is_refused(published):
    _article, revision = published
    with pytest.raises(IntegrityError, match="never deleted"), transaction.atomic():
        replace_revision(revision, title="Kratom cures anxiety", recompute_fingerprint=True)
    assert ArticleRevision.objects.get(pk=revision.pk).title == revision.title


@pytest.mark.parametrize(
    "table",
    [
        "articles_reviewdecision",
        "articles_revisiontopic",
        "articles_workflowevent",
        "articles_claimflag",
        "articles_claimresolution",
        "articles_revisiondisclaimer",
        "articles_reviewnote",
        "articles_articlerevision",
        "articles_ledgerentry",
        "articles_ledgerhead",
    ],
)
def test_deleting_append_only_rows_is_refused(newsroom, table):
    article = newsroom.draft()
    article.topics.set([TopicFactory()])
    article.summary = "Kratom cures anxiety."
    article.save()
    revision = newsroom.approve(article)
    workflow.publish(article, by=newsroom.publisher)
    newsroom.revise(article, summary="Kratom cures pain.")
    pending = workflow.submit_for_review(article, by=newsroom.writer)
    add_review_note(pending, by=newsroom.reviewer, body="Source?")
    assert revision.claim_flags.exists() and pending.claim_flags.unresolved().exists()

    count = f"SELECT COUNT(*) FROM {table}"
    with connection.cursor() as cursor:
        cursor.execute(count)
        before = cursor.fetchone()[0]
    assert before
    refused(f"DELETE FROM {table}")
    with connection.cursor() as cursor:
        cursor.execute(count)
        assert cursor.fetchone()[0] == before


def test_deleting_an_open_claim_flag_cannot_unblock_approval(newsroom):
    article = newsroom.draft()
    article.summary = "Kratom cures anxiety."
    article.save()
    revision = workflow.submit_for_review(article, by=newsroom.writer)
    flag = revision.claim_flags.get()

    refused("DELETE FROM articles_claimflag WHERE id = %s", [flag.pk])
    with pytest.raises(workflow.UnresolvedClaims):
        workflow.approve(revision, by=newsroom.reviewer)


def test_updating_the_ledger_is_refused(published):
    refused("UPDATE articles_ledgerentry SET row_hash = %s", ["0" * 64])
    refused("UPDATE articles_ledgerhead SET seq = 0, entry_hash = %s", ["0" * 64])


def test_a_ledger_entry_that_does_not_follow_the_head_is_refused(published):
    head = LedgerHead.objects.get()
    refused(
        "INSERT INTO articles_ledgerentry (seq, \"table\", row_id, fields, row_hash, prev_hash, entry_hash, key_id, seal)"
        " VALUES (%s, 'articles.reviewdecision', '999', 'id', %s, %s, %s, 'x', 'x')",
        [head.seq + 1, "1" * 64, "2" * 64, "3" * 64],
    )


def forge_sign_off(revision, reviewer):
    """A sign-off in ``reviewer``'s name written with raw SQL, as the triggers allow."""
    profile = reviewer.reviewer_profile
    sql(
        "INSERT INTO articles_reviewapproval (revision_id, reviewer_id, approved_at, content_hash,"
        " reviewer_name, reviewer_credentials, reviewer_specialty, note)"
        " VALUES (%s, %s, CURRENT_TIMESTAMP, %s, 'Dr Real', %s, %s, '')",
        [revision.pk, reviewer.pk, revision.content_hash, profile.credentials, profile.specialty],
    )


def test_an_approval_inserted_in_a_real_reviewers_name_is_detected_and_not_served(
    article, writer, reviewer, publisher, client, settings, mailoutbox, caplog
):
    """The triggers accept it (an active reviewer, not the author); the ledger does not."""
    settings.ADMINS = [("Publisher", "publisher@example.org")]
    revision = workflow.submit_for_review(article, by=writer)
    forge_sign_off(revision, reviewer)
    sql(
        "INSERT INTO articles_reviewdecision (revision_id, outcome, decided_by_id, note, decided_at,"
        " content_hash, reviewer_name, reviewer_credentials)"
        " VALUES (%s, 'approved', %s, '', CURRENT_TIMESTAMP, %s, 'Dr Real', 'MD')",
        [revision.pk, reviewer.pk, revision.content_hash],
    )
    forged = ReviewDecision.objects.get(revision=revision)
    # It would take a forged log entry and pointer too; the triggers allow that pair.
    sql(
        "INSERT INTO articles_workflowevent (article_id, revision_id, actor_id, action, from_state, to_state,"
        " note, details, created_at) VALUES (%s, %s, %s, 'published', 'approved', 'live', '', '{}', CURRENT_TIMESTAMP)",
        [article.pk, revision.pk, publisher.pk],
    )
    sql("UPDATE articles_article SET live_revision_id = %s WHERE id = %s", [revision.pk, article.pk])

    code, output = verify_integrity()
    assert code == 1
    assert f"articles_reviewdecision row {forged.pk}: not in the ledger" in output
    assert "articles_workflowevent row" in output

    with caplog.at_level(logging.ERROR, logger="vetted.integrity"):
        response = client.get(f"/articles/{revision.slug}/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert revision.title not in response.content.decode()
    assert "temporarily unavailable" in response.content.decode()
    alert = IntegrityAlert.objects.get(revision=revision)
    assert "review decision is not in the ledger" in alert.problems
    assert len(mailoutbox) == 1 and "publisher@example.org" in mailoutbox[0].to
    assert any("Withheld revision" in record.getMessage() for record in caplog.records)

    feed = client.get("/feed/")
    assert feed.status_code == 200
    assert revision.title not in feed.content.decode()


def test_a_forged_ledger_entry_for_a_forged_approval_has_no_valid_seal(article, writer, reviewer):
    """Someone who knows the scheme can extend the chain, but cannot seal it without the key."""
    revision = workflow.submit_for_review(article, by=writer)
    forge_sign_off(revision, reviewer)
    sql(
        "INSERT INTO articles_reviewdecision (revision_id, outcome, decided_by_id, note, decided_at,"
        " content_hash, reviewer_name, reviewer_credentials)"
        " VALUES (%s, 'approved', %s, '', CURRENT_TIMESTAMP, %s, 'Dr Real', 'MD')",
        [revision.pk, reviewer.pk, revision.content_hash],
    )
    forged = ReviewDecision.objects.get(revision=revision)
    head = LedgerHead.objects.get()
    fields = [field.attname for field in ReviewDecision._meta.concrete_fields]
    digest = row_hash(ReviewDecision, {name: getattr(forged, name) for name in fields}, fields)
    joined = ",".join(fields)
    seq = head.seq + 1
    this_hash = entry_hash(
        seq=seq, prev_hash=head.entry_hash, table="articles.reviewdecision", row_id=str(forged.pk),
        fields=joined, row_digest=digest,
    )
    sql(
        "INSERT INTO articles_ledgerentry (seq, \"table\", row_id, fields, row_hash, prev_hash, entry_hash, key_id, seal)"
        " VALUES (%s, 'articles.reviewdecision', %s, %s, %s, %s, %s, %s, %s)",
        [seq, str(forged.pk), joined, digest, head.entry_hash, this_hash, key_id(ledger_keys()[0]),
         seal("a guessed key", this_hash)],
    )
    sql("UPDATE articles_ledgerhead SET seq = %s, entry_hash = %s", [seq, this_hash])

    breaks = verify_ledger()
    assert f"articles_ledgerentry row {seq}: its seal is not valid (the entry was not written by the application)" in [
        str(found) for found in breaks
    ]


# Item 7 with the guards dropped: a database user who may drop triggers.


def test_a_revision_replaced_with_the_guards_dropped_is_detected_and_withheld(published, client):
    article, revision = published
    assert client.get(f"/articles/{revision.slug}/").status_code == 200
    cache.clear()
    with triggers.guards_lifted(connection):
        replace_revision(revision, title="Kratom cures anxiety", recompute_fingerprint=True)

    code, output = verify_integrity()
    assert code == 1
    assert f"articles_articlerevision row {revision.pk}: changed since it was written" in output

    response = client.get(f"/articles/{revision.slug}/")
    assert response.status_code == 503
    assert "Kratom cures anxiety" not in response.content.decode()
    assert IntegrityAlert.objects.filter(revision_id=revision.pk).exists()


def test_content_changed_under_its_old_fingerprint_is_detected_and_withheld(published, client):
    _article, revision = published
    with triggers.guards_lifted(connection):
        sql("UPDATE articles_articlerevision SET title = 'Kratom cures anxiety' WHERE id = %s", [revision.pk])

    breaks = {str(found) for found in verify_ledger()}
    assert f"articles_articlerevision row {revision.pk}: its content no longer matches its fingerprint" in breaks
    response = client.get(f"/articles/{revision.slug}/")
    assert response.status_code == 503
    assert "Kratom cures anxiety" not in response.content.decode()


@pytest.mark.parametrize("recompute_fingerprint", [False, True], ids=["old-fingerprint", "replaced-row"])
def test_a_tampered_revisions_teaser_is_kept_off_every_list(newsroom, client, recompute_fingerprint):
    topic = TopicFactory(name="Recovery", slug="recovery")
    tampered = newsroom.draft(title="Sleep and recovery, the tampered one", slug="sleep-tampered")
    tampered.topics.set([topic])
    honest = newsroom.draft(title="Sleep and recovery, the honest one", slug="sleep-honest")
    honest.topics.set([topic])
    for article in (tampered, honest):
        newsroom.publish(article)
        article.refresh_from_db()
    reviewer_slug = newsroom.reviewer.reviewer_profile.slug
    pages = ["/", "/topics/recovery/", f"/reviewers/{reviewer_slug}/", "/feed/", "/sitemap-articles.xml", "/search/?q=sleep"]
    for page in pages:
        assert "sleep-tampered" in client.get(page).content.decode(), page
    revision = tampered.live_revision
    cache.clear()
    with triggers.guards_lifted(connection):
        if recompute_fingerprint:
            replace_revision(revision, title="Sleep: kratom cures anxiety", recompute_fingerprint=True)
        else:
            sql(
                "UPDATE articles_articlerevision SET title = 'Sleep: kratom cures anxiety',"
                " summary = 'Take 10 tablets.' WHERE id = %s",
                [revision.pk],
            )

    for page in pages:
        response = client.get(page)
        body = response.content.decode()
        assert response.status_code == 200, page
        assert "kratom" not in body.lower() and "10 tablets" not in body, page
        assert "sleep-tampered" not in body, page
        assert "sleep-honest" in body, page
    assert IntegrityAlert.objects.filter(revision_id=revision.pk).count() == 1


def test_a_share_link_to_a_tampered_revision_is_withheld(article, writer, client):
    from articles.admin.previews import share_path

    revision = workflow.submit_for_review(article, by=writer)
    assert client.get(share_path(revision)).status_code == 200
    cache.clear()
    with triggers.guards_lifted(connection):
        sql("UPDATE articles_articlerevision SET standfirst = 'Take 10 tablets.' WHERE id = %s", [revision.pk])
    response = client.get(share_path(revision))
    assert response.status_code == 503
    assert "Take 10 tablets" not in response.content.decode()


def test_deleted_rows_are_named_by_verify_integrity(published):
    _article, revision = published
    decision = revision.decision
    with triggers.guards_lifted(connection):
        sql("DELETE FROM articles_reviewdecision WHERE id = %s", [decision.pk])

    code, output = verify_integrity()
    assert code == 1
    assert f"articles_reviewdecision row {decision.pk}: deleted (ledger entry" in output


def test_a_truncated_chain_is_detected(published):
    head = LedgerHead.objects.get()
    with triggers.guards_lifted(connection):
        sql("DELETE FROM articles_ledgerentry WHERE seq = %s", [head.seq])

    breaks = [str(found) for found in verify_ledger()]
    assert any(f"the head names entry {head.seq} but the chain ends at entry {head.seq - 1}" in b for b in breaks)
    assert any("not in the ledger" in b for b in breaks)


def test_a_rewritten_chain_is_caught_against_an_exported_head(published):
    """An insider with the key re-seals every entry after a change: only the exported head tells."""
    line = head_line()
    code, _output = verify_integrity("--against", line)
    assert code == 0

    event = WorkflowEvent.objects.filter(action="approved").get()
    with triggers.guards_lifted(connection):
        sql("UPDATE articles_workflowevent SET note = 'Rubber-stamped' WHERE id = %s", [event.pk])
        event = WorkflowEvent.objects.get(pk=event.pk)
        entries = list(LedgerEntry.objects.order_by("seq"))
        key = ledger_keys()[0]
        previous = entries[0].prev_hash
        for entry in entries:
            if (entry.table, entry.row_id) == ("articles.workflowevent", str(event.pk)):
                fields = entry.fields.split(",")
                entry.row_hash = row_hash(WorkflowEvent, {n: getattr(event, n) for n in fields}, fields)
            entry.prev_hash = previous
            entry.entry_hash = entry_hash(
                seq=entry.seq, prev_hash=previous, table=entry.table, row_id=entry.row_id,
                fields=entry.fields, row_digest=entry.row_hash,
            )
            entry.seal = seal(key, entry.entry_hash)
            sql(
                "UPDATE articles_ledgerentry SET row_hash = %s, prev_hash = %s, entry_hash = %s, seal = %s WHERE seq = %s",
                [entry.row_hash, entry.prev_hash, entry.entry_hash, entry.seal, entry.seq],
            )
            previous = entry.entry_hash
        sql("UPDATE articles_ledgerhead SET entry_hash = %s", [previous])

    assert verify_ledger() == []
    code, output = verify_integrity("--against", line)
    assert code == 1
    assert "the chain was rewritten" in output


def test_an_exported_head_line_with_a_bad_signature_is_refused(published):
    line = head_line().replace("sig=", "sig=0")
    code, output = verify_integrity("--against", line)
    assert code == 1
    assert "signature is not valid" in output


def test_export_chain_head_prints_one_signed_line(published):
    from io import StringIO

    out = StringIO()
    call_command("export_chain_head", stdout=out)
    line = out.getvalue().strip()
    head = LedgerHead.objects.get()
    assert line.startswith(f"vetted-ledger-head seq={head.seq} hash={head.entry_hash} ")
    assert " sig=" in line


# Serving: the verdict is cached.


def test_the_warm_path_does_not_recheck_the_ledger(published, client):
    _article, revision = published
    assert client.get(f"/articles/{revision.slug}/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/articles/{revision.slug}/").status_code == 200
    assert not [q for q in queries.captured_queries if "articles_ledgerentry" in q["sql"]]


# Item 4: the guards are checked.


def test_check_names_a_dropped_guard_trigger(published):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER vetted_article_live_revision_rules ON articles_article")
        else:
            cursor.execute("DROP TRIGGER vetted_article_live_revision_rules")

    with pytest.raises(SystemCheckError, match="vetted_article_live_revision_rules is missing"):
        call_command("check", databases=["default"])
    with pytest.raises(GuardsMissing, match="vetted_article_live_revision_rules is missing"):
        assert_guards_installed()


def test_check_names_an_altered_guard_trigger(published):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred checks
            cursor.execute("ALTER TABLE articles_reviewdecision DISABLE TRIGGER vetted_decision_no_delete")
        else:
            cursor.execute("DROP TRIGGER vetted_decision_no_delete")
            cursor.execute(
                "CREATE TRIGGER vetted_decision_no_delete BEFORE DELETE ON articles_reviewdecision "
                "FOR EACH ROW WHEN 1=0 BEGIN SELECT 1; END"
            )

    with pytest.raises(SystemCheckError, match="vetted_decision_no_delete is altered"):
        call_command("check", databases=["default"])


def test_check_passes_with_every_guard_in_place(db):
    call_command("check", databases=["default"])
    assert_guards_installed()
    assert triggers.guard_problems(connection) == []


def test_a_new_append_only_table_is_guarded_without_being_listed():
    """Review notes are in no explicit list: their guards come from being AppendOnlyModel."""
    names = {name for name, *_rest in triggers.guard_triggers()}
    assert {"reviewnote_no_update", "reviewnote_no_delete"} <= names
    assert not any(name.startswith("reviewnote") for name, *_rest in triggers.TRIGGERS)


def test_claim_flags_are_chained_through_their_default_manager():
    from articles.db.checks import check_chained_managers
    from articles.models.ledger import ChainedQuerySet

    assert isinstance(ClaimFlag._default_manager.all(), ChainedQuerySet)
    assert check_chained_managers() == []


def test_the_worker_refuses_to_start_without_its_guards(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER vetted_log_no_delete ON articles_workflowevent")
        else:
            cursor.execute("DROP TRIGGER vetted_log_no_delete")
    with pytest.raises(CommandError, match="vetted_log_no_delete is missing"):
        call_command("worker", "--once")
