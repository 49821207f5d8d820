"""
The rules that never bend, one test per path that could break them.

What the database itself refuses (triggers installed after migrate, see
``articles.db.triggers``): changing a revision row; approving or requesting
changes as the revision's author, as a non-reviewer, or with the wrong
fingerprint; pointing ``live_revision`` at a revision that is not approved,
belongs to another article, or was not just logged as published; clearing it
without an "unpublished" entry; updating the log (and deleting from it on
PostgreSQL). What it cannot refuse: raw SQL that drops the triggers, or that
forges a log row and a pointer together; a database superuser is outside the
application's trust boundary.
"""


import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client

from articles import actions
from articles.db import triggers as db_guards
from articles.models import (
    Article,
    ArticleRevision,
    ClaimResolution,
    ProtectedWrite,
    ReviewDecision,
    Section,
    WorkflowEvent,
)
from articles.models.guards import workflow_transition

from .admin_helpers import article_form_data, change_url, logged_in
from .concurrency import race
from .factories import (
    ArticleFactory,
    PublisherFactory,
    ReviewerFactory,
    SectionFactory,
    UserFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db


def public_page(article_or_slug):
    slug = getattr(article_or_slug, "slug", article_or_slug)
    return Client().get(f"/articles/{slug}/")


# Invariant 1: readers see exactly the approved snapshot ---------------------


def test_editing_a_live_article_changes_nothing_readers_see(live_article, writer):
    approved_title = live_article.title
    approved_heading = live_article.sections.get(position=1).heading
    live_article.title = "Kratom cures everything"
    live_article.save()
    Section.objects.filter(article=live_article, position=1).update(
        heading="Non-addictive miracle", body="Take 10 grams."
    )
    Section.objects.create(article=live_article, position=3, heading="New unreviewed section", body="x")

    page = public_page(live_article).content.decode()

    assert approved_title in page and approved_heading in page
    for unreviewed in ("Kratom cures everything", "Non-addictive miracle", "10 grams", "New unreviewed section"):
        assert unreviewed not in page


def test_editing_after_approval_before_publishing_publishes_the_approved_text(
    article, approved_revision, publisher
):
    approved_title = article.title
    article.title = "Edited after approval"
    article.save()

    actions.publish(article, by=publisher)

    page = public_page(article).content.decode()
    assert approved_title in page
    assert "Edited after approval" not in page


def test_new_text_reaches_readers_only_after_approval_and_publication(
    live_article, writer, reviewer, publisher
):
    live_article.title = "Updated title"
    live_article.save()
    revision = actions.submit_for_review(live_article, by=writer)
    assert "Updated title" not in public_page(live_article).content.decode()

    actions.approve(revision, by=reviewer)
    assert "Updated title" not in public_page(live_article).content.decode()

    actions.publish(live_article, by=publisher)
    assert "Updated title" in public_page(live_article).content.decode()


def test_changing_the_slug_of_a_live_article_keeps_the_approved_address(live_article):
    old_slug = live_article.slug
    live_article.slug = "renamed-without-review"
    live_article.save()

    assert public_page(old_slug).status_code == 200
    assert public_page("renamed-without-review").status_code == 404


def test_unapproved_article_is_not_public(article, writer):
    actions.submit_for_review(article, by=writer)
    assert public_page(article).status_code == 404


# Invariant 2: nothing publishes without approval ----------------------------


def test_model_save_with_live_revision_is_refused(article, writer):
    revision = actions.submit_for_review(article, by=writer)
    article.live_revision = revision

    with pytest.raises(ProtectedWrite, match="review workflow"):
        article.save()
    article.refresh_from_db()
    assert article.live_revision is None


def test_queryset_update_of_live_revision_is_refused(article, writer):
    revision = actions.submit_for_review(article, by=writer)

    with pytest.raises(ProtectedWrite):
        Article.objects.filter(pk=article.pk).update(live_revision=revision)
    assert Article.objects.get(pk=article.pk).live_revision is None


def test_database_refuses_an_unapproved_live_revision_even_past_the_orm_guard(article, writer):
    revision = actions.submit_for_review(article, by=writer)

    with pytest.raises(IntegrityError, match="approved revision"), transaction.atomic():
        with workflow_transition():
            Article.objects.filter(pk=article.pk).update(live_revision=revision)
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article SET live_revision_id = %s WHERE id = %s",
                [revision.pk, article.pk],
            )
    assert Article.objects.get(pk=article.pk).live_revision is None


def test_database_refuses_an_approved_but_unlogged_publication(article, approved_revision):
    with pytest.raises(IntegrityError, match="logged publication"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article SET live_revision_id = %s WHERE id = %s",
                [approved_revision.pk, article.pk],
            )


def test_database_refuses_another_articles_approved_revision(approved_revision, db):
    other = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article SET live_revision_id = %s WHERE id = %s",
                [approved_revision.pk, other.pk],
            )


def test_database_refuses_an_unapproved_or_unlogged_schedule(article, writer, reviewer):
    pending = actions.submit_for_review(article, by=writer)
    scheduled_sql = (
        "UPDATE articles_article SET scheduled_revision_id = %s, go_live_at = %s WHERE id = %s"
    )
    with pytest.raises(IntegrityError, match="approved revision"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(scheduled_sql, [pending.pk, "2030-01-01 00:00:00+00:00", article.pk])

    actions.approve(pending, by=reviewer)
    with pytest.raises(IntegrityError, match="scheduling must be logged"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(scheduled_sql, [pending.pk, "2030-01-01 00:00:00+00:00", article.pk])
    assert Article.objects.get(pk=article.pk).scheduled_revision is None


def test_database_refuses_unlogged_unpublish(live_article):
    with pytest.raises(IntegrityError, match="unpublishing must be logged"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article SET live_revision_id = NULL WHERE id = %s", [live_article.pk]
            )


def test_forged_review_decision_is_refused(article, writer):
    revision = actions.submit_for_review(article, by=writer)

    with pytest.raises(ProtectedWrite):
        ReviewDecision.objects.create(
            revision=revision, outcome="approved", decided_by=writer,
            content_hash=revision.content_hash, reviewer_credentials="MD",
        )
    with pytest.raises(ProtectedWrite):
        ReviewDecision.objects.bulk_create([
            ReviewDecision(revision=revision, outcome="approved", decided_by=writer,
                           content_hash=revision.content_hash, reviewer_credentials="MD")
        ])
    assert not ReviewDecision.objects.exists()


def test_database_refuses_approval_by_a_non_reviewer(article, writer, publisher):
    revision = actions.submit_for_review(article, by=writer)

    with pytest.raises(IntegrityError, match="active medical reviewers"), transaction.atomic():
        with workflow_transition():
            ReviewDecision.objects.create(
                revision=revision, outcome="approved", decided_by=publisher,
                content_hash=revision.content_hash, reviewer_credentials="MD",
            )


def test_database_refuses_approval_of_a_different_fingerprint(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)

    with pytest.raises(IntegrityError, match="fingerprint"), transaction.atomic():
        with workflow_transition():
            ReviewDecision.objects.create(
                revision=revision, outcome="approved", decided_by=reviewer,
                content_hash="0" * 64, reviewer_credentials="PharmD",
            )


def test_an_admin_save_that_forges_live_revision_saves_the_text_but_never_the_pointer(article, writer, reviewer):
    """The save itself succeeds (the form is valid), so the protection, not a form error, keeps the pointer."""
    revision = actions.submit_for_review(article, by=writer)
    actions.approve(revision, by=reviewer)
    article.refresh_from_db()

    response = logged_in(writer).post(
        change_url(article),
        article_form_data(
            article,
            title="Edited after approval",
            live_revision=revision.pk,
            scheduled_revision=revision.pk,
            go_live_at="2020-01-01T00:00",
        ),
    )

    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Edited after approval"
    assert stored.live_revision is None and stored.scheduled_revision is None
    assert public_page(article).status_code == 404


def test_superuser_without_a_role_cannot_even_open_an_article_in_the_admin(article, writer):
    admin = UserFactory(is_superuser=True)

    assert logged_in(admin).get(change_url(article)).status_code == 403
    response = logged_in(admin).post(change_url(article), article_form_data(article, title="Root was here"))
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).title != "Root was here"


def test_publish_scheduled_command_never_publishes_unapproved_text(article, writer, publisher):
    from django.core.management import call_command

    actions.submit_for_review(article, by=writer)
    call_command("publish_scheduled", verbosity=0)

    assert Article.objects.get(pk=article.pk).live_revision is None


# Invariant 3: the author never approves -------------------------------------


def test_author_with_reviewer_rights_cannot_approve_own_revision(db):
    author = ReviewerFactory(groups=("Writers", "Medical reviewers"), is_superuser=True)
    article = ArticleFactory(authors=[author])
    revision = actions.submit_for_review(article, by=author)

    with pytest.raises(actions.SelfReviewRefused, match="cannot review it"):
        actions.approve(revision, by=author)
    with pytest.raises(actions.SelfReviewRefused):
        actions.request_changes(revision, by=author, note="Looks fine to me")
    assert not ReviewDecision.objects.filter(revision=revision).exists()


def test_listed_author_who_did_not_submit_cannot_approve(db):
    co_author = ReviewerFactory()
    submitter = WriterFactory()
    article = ArticleFactory(authors=[co_author, submitter])
    revision = actions.submit_for_review(article, by=submitter)

    with pytest.raises(actions.SelfReviewRefused):
        actions.approve(revision, by=co_author)


def test_database_refuses_self_approval(db):
    author = ReviewerFactory(groups=("Writers", "Medical reviewers"))
    article = ArticleFactory()
    revision = actions.submit_for_review(article, by=author)

    with pytest.raises(IntegrityError, match="author"), transaction.atomic():
        with workflow_transition():
            ReviewDecision.objects.create(
                revision=revision, outcome="approved", decided_by=author,
                content_hash=revision.content_hash, reviewer_credentials="PharmD",
            )



@pytest.mark.parametrize("how", ["listed author", "editor of the text"])
def test_database_refuses_approval_and_claim_acceptance_by_any_author_not_only_the_submitter(db, how):
    writer = WriterFactory()
    dual = ReviewerFactory(groups=("Writers", "Medical reviewers"))
    article = ArticleFactory(authors=[writer, dual] if how == "listed author" else [writer], sections=0)
    SectionFactory(article=article, position=1, heading="Dose", body="Take 2 grams twice daily.")
    if how == "editor of the text":
        actions.save_working_copy(article, by=dual, expected_version=article.edit_version)
    revision = actions.submit_for_review(article, by=writer)

    with pytest.raises(IntegrityError, match="author"), transaction.atomic():
        with workflow_transition():
            ClaimResolution.objects.create(flag=revision.claim_flags.first(), reason="Fine", resolved_by=dual)
    with pytest.raises(IntegrityError, match="author"), transaction.atomic():
        with workflow_transition():
            ReviewDecision.objects.create(
                revision=revision, outcome="changes_requested", decided_by=dual,
                content_hash=revision.content_hash, reviewer_credentials="PharmD",
            )

# Invariant 4: revisions and the log never change ----------------------------


def test_saving_an_existing_revision_raises(approved_revision):
    approved_revision.title = "Rewritten after approval"

    with pytest.raises(Exception, match="frozen"):
        approved_revision.save()
    assert ArticleRevision.objects.get(pk=approved_revision.pk).title != "Rewritten after approval"


def test_queryset_and_sql_updates_of_revisions_are_refused(approved_revision):
    with pytest.raises(TypeError, match="immutable"):
        ArticleRevision.objects.filter(pk=approved_revision.pk).update(title="x")
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_articlerevision SET title = 'x' WHERE id = %s", [approved_revision.pk]
            )
    assert ArticleRevision.objects.get(pk=approved_revision.pk).content_is_intact()


def test_deleting_a_referenced_revision_is_refused(live_article):
    revision = live_article.live_revision
    with pytest.raises(ProtectedError):
        revision.delete()
    with pytest.raises(ProtectedError):
        ArticleRevision.objects.filter(pk=revision.pk).delete()
    with pytest.raises(ProtectedError):
        live_article.delete()
    assert ArticleRevision.objects.filter(pk=revision.pk).exists()


def test_workflow_log_is_append_only(live_article):
    event = WorkflowEvent.objects.filter(article=live_article).first()
    event.note = "rewritten history"

    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError):
        WorkflowEvent.objects.all().update(note="x")
    with pytest.raises(TypeError):
        WorkflowEvent.objects.all().delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE articles_workflowevent SET note = 'x'")


def test_every_guard_trigger_is_installed():
    assert db_guards.installed_trigger_names(connection) == db_guards.expected_trigger_names(connection)


# Invariant 5: roles come from a data migration -----------------------------


def test_roles_exist_with_the_permissions_each_needs():
    from django.contrib.auth.models import Group

    def perms(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert {"add_article", "change_article", "submit_article"} <= perms("Writers")
    assert "publish_article" not in perms("Writers")
    assert "review_articlerevision" not in perms("Writers")
    assert "review_articlerevision" in perms("Medical reviewers")
    assert "change_article" not in perms("Medical reviewers")
    assert {"publish_article", "change_disclaimer"} <= perms("Publishers")
    assert "review_articlerevision" not in perms("Publishers")


# Concurrency: two calls, one success ---------------------------------------




@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_approvals_cannot_both_succeed():
    writer = WriterFactory()
    article = ArticleFactory(authors=[writer])
    revision = actions.submit_for_review(article, by=writer)
    first, second = ReviewerFactory(), ReviewerFactory()

    outcomes = race(
        lambda: actions.approve(revision, by=first),
        lambda: actions.request_changes(revision, by=second, note="Needs sources"),
    )

    successes = [o for o in outcomes if isinstance(o, ArticleRevision)]
    assert len(successes) == 1, outcomes
    assert all(isinstance(o, (ArticleRevision, actions.ActionError)) for o in outcomes), outcomes
    assert ReviewDecision.objects.filter(revision=revision).count() == 1
    assert WorkflowEvent.objects.filter(revision=revision).exclude(action="submitted").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_publications_cannot_both_succeed():
    writer = WriterFactory()
    article = ArticleFactory(authors=[writer])
    revision = actions.submit_for_review(article, by=writer)
    actions.approve(revision, by=ReviewerFactory())
    first, second = PublisherFactory(), PublisherFactory()

    outcomes = race(
        lambda: actions.publish(article, by=first),
        lambda: actions.publish(article, by=second),
    )

    assert sum(isinstance(o, ArticleRevision) for o in outcomes) == 1, outcomes
    assert all(isinstance(o, (ArticleRevision, actions.ActionError)) for o in outcomes), outcomes
    assert WorkflowEvent.objects.filter(article=article, action="published").count() == 1


def test_a_reviewer_who_edited_the_working_copy_cannot_approve_it(db):
    """Editing the text makes you one of its authors, even if someone else submits it."""
    from articles.actions.editing import save_working_copy

    editing_reviewer = ReviewerFactory(groups=("Writers", "Medical reviewers"))
    submitter = WriterFactory()
    article = ArticleFactory(authors=[submitter])
    article.title = "Retitled by the reviewer"
    save_working_copy(article, by=editing_reviewer, expected_version=article.edit_version)
    revision = actions.submit_for_review(article, by=submitter)

    with pytest.raises(actions.SelfReviewRefused):
        actions.approve(revision, by=editing_reviewer)
    actions.approve(revision, by=ReviewerFactory())

    article.title = "Second edit by the submitter only"
    save_working_copy(article, by=submitter, expected_version=article.edit_version)
    second = actions.submit_for_review(article, by=submitter)
    assert editing_reviewer.pk not in second.author_ids
