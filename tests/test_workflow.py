"""The review workflow: each verb, its refusals, and its log entry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import actions
from articles.models import Article, ReviewDecision, RevisionState, Section, WorkflowEvent

from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, UserFactory, WriterFactory

pytestmark = pytest.mark.django_db


def events(article):
    return list(
        WorkflowEvent.objects.filter(article=article)
        .order_by("pk")
        .values_list("action", "from_state", "to_state")
    )


def test_submit_freezes_working_copy_into_revision_in_review(article, writer):
    revision = actions.submit_for_review(article, by=writer, note="First draft")

    assert revision.number == 1
    assert revision.state == RevisionState.IN_REVIEW
    assert revision.title == article.title
    assert [s["heading"] for s in revision.sections] == list(
        article.sections.values_list("heading", flat=True)
    )
    assert revision.created_by == writer
    assert len(revision.content_hash) == 64
    assert events(article) == [("submitted", "draft", "in_review")]


def test_submitted_revision_carries_global_disclaimers(article, writer):
    revision = actions.submit_for_review(article, by=writer)

    assert {d["key"] for d in revision.disclaimers} >= {"not_medical_advice", "emergency"}


def test_full_lifecycle_is_logged_with_actor_revision_and_note(article, writer, reviewer, publisher):
    revision = actions.submit_for_review(article, by=writer)
    actions.request_changes(revision, by=reviewer, note="Cite a source for the dose.")
    Section.objects.filter(article=article, position=1).update(body="Revised, with a source.")
    second = actions.submit_for_review(article, by=writer)
    actions.approve(second, by=reviewer, note="Good now.")
    actions.publish(article, by=publisher)
    actions.unpublish(article, by=publisher, reason="Guidance changed")

    assert events(article) == [
        ("submitted", "draft", "in_review"),
        ("changes_requested", "in_review", "changes_requested"),
        ("submitted", "draft", "in_review"),
        ("approved", "in_review", "approved"),
        ("published", "approved", "live"),
        ("unpublished", "live", "unpublished"),
    ]
    approval = WorkflowEvent.objects.get(action="approved")
    assert (approval.actor, approval.revision, approval.note) == (reviewer, second, "Good now.")
    assert WorkflowEvent.objects.get(action="unpublished").note == "Guidance changed"
    article.refresh_from_db()
    assert article.live_revision is None
    assert article.revisions.count() == 2


def test_approval_records_reviewer_credentials_and_fingerprint(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)
    actions.approve(revision, by=reviewer)

    decision = ReviewDecision.objects.get(revision=revision)
    assert decision.reviewer_credentials == "PharmD"
    assert decision.reviewer_name == reviewer.get_full_name()
    assert decision.content_hash == revision.content_hash


def test_submit_refused_while_a_revision_is_in_review(article, writer):
    actions.submit_for_review(article, by=writer)
    article.title = "Changed title"
    article.save()

    with pytest.raises(actions.AlreadyInReview, match="already in review"):
        actions.submit_for_review(article, by=writer)


def test_withdrawn_revision_can_be_resubmitted(article, writer):
    revision = actions.submit_for_review(article, by=writer)
    actions.withdraw(revision, by=writer, note="Forgot a section")

    again = actions.submit_for_review(article, by=writer)
    assert again.number == 2
    assert revision.state == RevisionState.WITHDRAWN


def test_resubmitting_unchanged_text_after_changes_requested_is_refused(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)
    actions.request_changes(revision, by=reviewer, note="Fix the dose")

    with pytest.raises(actions.NothingChanged, match="Nothing has changed since revision 1"):
        actions.submit_for_review(article, by=writer)


def test_incomplete_article_cannot_be_submitted(writer):
    empty = ArticleFactory(sections=0, title="Empty")

    with pytest.raises(actions.IncompleteArticle, match="at least one section"):
        actions.submit_for_review(empty, by=writer)
    assert empty.revisions.count() == 0


def test_only_writers_submit(article, reviewer, publisher):
    for user in (reviewer, publisher, UserFactory(is_superuser=True)):
        with pytest.raises(actions.NotPermitted, match="needs the Writers role"):
            actions.submit_for_review(article, by=user)
    assert article.revisions.count() == 0


def test_request_changes_requires_a_note(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)

    with pytest.raises(actions.NoteRequired, match="note is required"):
        actions.request_changes(revision, by=reviewer, note="   ")
    assert revision.state == RevisionState.IN_REVIEW


def test_only_active_medical_reviewers_review(article, writer, publisher):
    revision = actions.submit_for_review(article, by=writer)
    inactive = ReviewerFactory(profile__active=False)
    group_only = UserFactory(groups=("Medical reviewers",))
    superuser = UserFactory(is_superuser=True)

    for user in (publisher, inactive, group_only, superuser):
        with pytest.raises(actions.NotPermitted, match="Medical reviewers group"):
            actions.approve(revision, by=user)
        with pytest.raises(actions.NotPermitted):
            actions.request_changes(revision, by=user, note="No")
    assert revision.state == RevisionState.IN_REVIEW


def test_cannot_decide_twice_on_the_same_revision(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)
    actions.approve(revision, by=reviewer)
    other = ReviewerFactory()

    with pytest.raises(actions.InvalidTransition, match="is approved"):
        actions.request_changes(revision, by=other, note="Too late")
    with pytest.raises(actions.InvalidTransition):
        actions.approve(revision, by=other)


def test_only_the_revision_under_review_can_be_approved(article, writer, reviewer):
    first = actions.submit_for_review(article, by=writer)
    actions.request_changes(first, by=reviewer, note="Add references")
    article.title = "Better title"
    article.save()
    actions.submit_for_review(article, by=writer)

    with pytest.raises(actions.InvalidTransition, match="changes requested"):
        actions.approve(first, by=reviewer)


def test_publish_refused_without_an_approved_revision(article, writer, publisher):
    with pytest.raises(actions.NothingToPublish, match="no approved revision"):
        actions.publish(article, by=publisher)
    actions.submit_for_review(article, by=writer)
    with pytest.raises(actions.NothingToPublish):
        actions.publish(article, by=publisher)
    article.refresh_from_db()
    assert article.live_revision is None


def test_only_publishers_publish_and_unpublish(article, approved_revision, writer, reviewer):
    superuser = UserFactory(is_superuser=True)
    for user in (writer, reviewer, superuser):
        with pytest.raises(actions.NotPermitted, match="needs the Publishers role"):
            actions.publish(article, by=user)
    article.refresh_from_db()
    assert article.live_revision is None


def test_publish_makes_latest_approved_revision_live(article, approved_revision, publisher):
    actions.publish(article, by=publisher)

    article.refresh_from_db()
    assert article.live_revision == approved_revision
    assert article.live_revision.state == RevisionState.LIVE
    assert article.first_published_at is not None


def test_publishing_twice_is_refused(live_article, publisher):
    with pytest.raises(actions.InvalidTransition, match="already live"):
        actions.publish(live_article, by=publisher)


def test_publish_in_future_schedules_and_publish_due_makes_it_live(
    article, approved_revision, publisher
):
    go_live = timezone.now() + timedelta(days=1)
    actions.publish(article, by=publisher, at=go_live)

    article.refresh_from_db()
    assert article.live_revision is None
    assert article.scheduled_revision == approved_revision
    assert actions.publish_due(now=go_live - timedelta(minutes=1)) == []

    published = actions.publish_due(now=go_live)
    article.refresh_from_db()
    assert [(o.article.pk, o.ok) for o in published] == [(article.pk, True)]
    assert article.live_revision == approved_revision
    assert article.scheduled_revision is None
    assert events(article)[-2:] == [
        ("scheduled", "approved", "scheduled"),
        ("published", "scheduled", "live"),
    ]
    assert WorkflowEvent.objects.filter(action="published").get().actor == publisher


def test_unpublish_requires_reason_and_live_article(article, approved_revision, publisher):
    with pytest.raises(actions.NotLive):
        actions.unpublish(article, by=publisher, reason="x")
    actions.publish(article, by=publisher)
    with pytest.raises(actions.NoteRequired):
        actions.unpublish(article, by=publisher, reason="")
    article.refresh_from_db()
    assert article.is_live


def test_unpublish_cancels_a_schedule(article, approved_revision, publisher):
    actions.publish(article, by=publisher, at=timezone.now() + timedelta(hours=2))
    actions.unpublish(article, by=publisher, reason="Hold for legal review")

    article.refresh_from_db()
    assert article.scheduled_revision is None
    assert events(article)[-1] == ("schedule_cancelled", "scheduled", "approved")


def test_republish_after_unpublish_needs_no_new_review(live_article, publisher, approved_revision):
    actions.unpublish(live_article, by=publisher, reason="Temporary")
    actions.publish(live_article, by=publisher)

    live_article.refresh_from_db()
    assert live_article.live_revision == approved_revision


def test_errors_are_workflow_errors():
    for name in (
        "NotPermitted",
        "SelfReviewRefused",
        "InvalidTransition",
        "AlreadyInReview",
        "NothingToPublish",
        "NotLive",
        "NothingChanged",
        "IncompleteArticle",
        "NoteRequired",
        "FingerprintMismatch",
    ):
        assert issubclass(getattr(actions, name), actions.ActionError)


def test_writer_who_is_also_publisher_and_reviewer_roles_are_independent(db):
    both = WriterFactory(groups=("Writers", "Publishers"))
    article = ArticleFactory(authors=[both])
    actions.submit_for_review(article, by=both)

    with pytest.raises(actions.NothingToPublish):
        actions.publish(article, by=both)


def test_second_publisher_sees_new_state(live_article):
    other = PublisherFactory()
    with pytest.raises(actions.InvalidTransition):
        actions.publish(live_article, by=other)


def test_a_slug_still_used_by_a_live_article_is_refused_at_submission(writer, reviewer, publisher):
    """The working copies' slugs are unique, but a live page keeps the address it was published at."""
    live = ArticleFactory(authors=[writer], slug="magnesium-and-sleep")
    actions.approve(actions.submit_for_review(live, by=writer), by=reviewer)
    actions.publish(live, by=publisher)
    Article.objects.filter(pk=live.pk).update(slug="magnesium-sleep-update")
    newcomer = ArticleFactory(authors=[writer], slug="magnesium-and-sleep")

    with pytest.raises(actions.IncompleteArticle, match=r"/articles/magnesium-and-sleep/ is used by the live article"):
        actions.submit_for_review(newcomer, by=writer)
    assert not newcomer.revisions.exists()


@pytest.mark.parametrize("round_trip", ["withdrawn", "changes requested"])
def test_whoever_wrote_text_since_the_last_approval_never_reviews_it(round_trip, reviewer):
    """A dual-role writer's text stays theirs through a withdrawal or a change round by someone else."""
    dual = ReviewerFactory(username="dual", groups=("Writers", "Medical reviewers"))
    colleague = WriterFactory(username="colleague")
    article = ArticleFactory(authors=[colleague])
    actions.save_working_copy(article, by=dual, expected_version=article.edit_version)
    first = actions.submit_for_review(article, by=dual)
    if round_trip == "withdrawn":
        actions.withdraw(first, by=colleague)
    else:
        actions.request_changes(first, by=reviewer, note="Cite the trial.")
    article.refresh_from_db()
    article.conclusion = "Ask your doctor before changing anything."
    actions.save_working_copy(article, by=colleague, expected_version=article.edit_version)
    second = actions.submit_for_review(article, by=colleague)

    assert dual.pk in second.author_ids
    with pytest.raises(actions.SelfReviewRefused):
        actions.approve(second, by=dual)
    actions.approve(second, by=reviewer)


def test_authorship_starts_afresh_after_an_approval(reviewer):
    dual = ReviewerFactory(username="dual", groups=("Writers", "Medical reviewers"))
    colleague = WriterFactory(username="colleague")
    article = ArticleFactory(authors=[colleague])
    actions.save_working_copy(article, by=dual, expected_version=article.edit_version)
    actions.approve(actions.submit_for_review(article, by=colleague), by=reviewer)
    article.refresh_from_db()
    article.conclusion = "Reviewed again with newer sources."
    actions.save_working_copy(article, by=colleague, expected_version=article.edit_version)

    later = actions.submit_for_review(article, by=colleague)

    assert dual.pk not in later.author_ids
    actions.approve(later, by=dual)
