"""
Reviewers act on flagged claims: each one is accepted as written (with a
reason, and a reference where evidence is needed) or the revision goes back
with "request changes". Approval is refused while any claim is unresolved,
whatever the path: the workflow refuses, and so does the database.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from articles import actions
from articles.models import (
    ClaimFlag,
    ClaimResolution,
    ProtectedWrite,
    ReviewDecision,
    WorkflowEvent,
)
from articles.models.guards import workflow_transition

from .concurrency import race
from .factories import (
    ArticleFactory,
    PublisherFactory,
    ReferenceFactory,
    ReviewerFactory,
    SectionFactory,
    UserFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db

RISKY_BODY = "Kratom is non-addictive. Take 2 grams twice daily."


@pytest.fixture
def risky_revision(writer):
    """A revision in review with two flags: absolute safety, then dosage."""
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="What sellers say", body=RISKY_BODY)
    ReferenceFactory(article=article, position=1)
    revision = actions.submit_for_review(article, by=writer)
    assert [f.category for f in revision.claim_flags.order_by("pk")] == ["absolute_safety", "dosage"]
    return revision


@pytest.fixture
def evidence_revision(writer):
    """A revision in review with an efficacy claim and a mechanism claim, and two references."""
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(
        article=article, position=1, heading="Evidence",
        body="It is clinically proven to help. It stimulates prolactin.",
    )
    ReferenceFactory(article=article, position=1)
    ReferenceFactory(article=article, position=2, url="https://example.org/prolactin")
    revision = actions.submit_for_review(article, by=writer)
    return revision


def resolve_all(revision, reviewer, reference_number=None):
    for flag in revision.claim_flags.order_by("pk"):
        actions.resolve_claim(flag, by=reviewer, reason="Accurate in context.", reference_number=reference_number)


# Approval is gated ------------------------------------------------------------


def test_approval_is_refused_while_claims_are_unresolved_and_names_them(risky_revision, reviewer):
    with pytest.raises(actions.UnresolvedClaims) as refused:
        actions.approve(risky_revision, by=reviewer, note="Looks fine")

    message = str(refused.value)
    assert "2 flagged claims are not resolved" in message
    assert "“non-addictive” (absolute safety, Section 1 “What sellers say”)" in message
    assert "“Take 2 grams twice daily” (dosage instructions, Section 1 “What sellers say”)" in message
    assert [f.text for f in refused.value.flags] == ["non-addictive", "Take 2 grams twice daily"]
    assert not ReviewDecision.objects.filter(revision=risky_revision).exists()
    assert not WorkflowEvent.objects.filter(revision=risky_revision, action="approved").exists()


def test_resolving_some_claims_is_not_enough(risky_revision, reviewer):
    first = risky_revision.claim_flags.order_by("pk").first()
    actions.resolve_claim(first, by=reviewer, reason="Quoted as a seller's claim, then refuted.")

    with pytest.raises(actions.UnresolvedClaims, match="1 flagged claim is not resolved") as refused:
        actions.approve(risky_revision, by=reviewer)
    assert "non-addictive" not in str(refused.value)


def test_approval_succeeds_once_every_claim_is_resolved_and_the_log_records_each(
    risky_revision, reviewer, writer
):
    resolve_all(risky_revision, reviewer)
    second = ReviewerFactory(profile__specialty="Toxicology")

    actions.approve(risky_revision, by=reviewer, note="Fine with the caveats.")
    actions.approve(risky_revision, by=second, note="Agreed.")  # it mentions kratom: two reviewers

    assert risky_revision.decision.outcome == ReviewDecision.Outcome.APPROVED
    log = list(
        WorkflowEvent.objects.filter(revision=risky_revision).order_by("pk")
        .values_list("action", "from_state", "to_state", "actor")
    )
    assert log == [
        ("submitted", "draft", "in_review", writer.pk),
        ("claim_resolved", "in_review", "in_review", reviewer.pk),
        ("claim_resolved", "in_review", "in_review", reviewer.pk),
        ("approval_recorded", "in_review", "in_review", reviewer.pk),
        ("approved", "in_review", "approved", second.pk),
    ]
    resolved = WorkflowEvent.objects.filter(action="claim_resolved").order_by("pk").first()
    assert resolved.note == "Accurate in context."
    assert resolved.details["text"] == "non-addictive"
    assert resolved.details["category"] == "absolute_safety"
    assert resolved.details["location"] == "Section 1 “What sellers say”"
    flag = risky_revision.claim_flags.get(pk=resolved.details["flag"])
    assert (flag.resolution.resolved_by, flag.resolution.reason) == (reviewer, "Accurate in context.")


def test_a_superuser_reviewer_is_gated_too(risky_revision):
    superuser = ReviewerFactory(is_superuser=True)

    with pytest.raises(actions.UnresolvedClaims):
        actions.approve(risky_revision, by=superuser)


def test_request_changes_is_the_alternative_to_resolving(risky_revision, reviewer):
    actions.request_changes(risky_revision, by=reviewer, note="Remove the non-addictive claim.")

    assert risky_revision.decision.outcome == ReviewDecision.Outcome.CHANGES_REQUESTED
    assert risky_revision.claim_flags.unresolved().count() == 2


def test_an_article_without_claims_is_approved_as_before(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)

    actions.approve(revision, by=reviewer)

    assert revision.decision.outcome == ReviewDecision.Outcome.APPROVED


# Who may resolve, and how -----------------------------------------------------


def test_the_author_cannot_resolve_claims_in_their_own_revision(db):
    author = ReviewerFactory(groups=("Writers", "Medical reviewers"), is_superuser=True)
    article = ArticleFactory(authors=[author], sections=0)
    SectionFactory(article=article, position=1, body=RISKY_BODY)
    revision = actions.submit_for_review(article, by=author)

    with pytest.raises(actions.SelfReviewRefused, match="cannot review it"):
        actions.resolve_claim(revision.claim_flags.first(), by=author, reason="I stand by it.")
    assert not ClaimResolution.objects.exists()


@pytest.mark.parametrize(
    "make_user",
    [WriterFactory, PublisherFactory, lambda: UserFactory(is_superuser=True)],
    ids=["writer", "publisher", "superuser"],
)
def test_only_medical_reviewers_resolve_claims(risky_revision, make_user):
    with pytest.raises(actions.NotPermitted, match="only members of the Medical reviewers group"):
        actions.resolve_claim(risky_revision.claim_flags.first(), by=make_user(), reason="Fine.")
    assert not ClaimResolution.objects.exists()


def test_an_inactive_reviewer_cannot_resolve_claims(risky_revision):
    retired = ReviewerFactory()
    retired.reviewer_profile.active = False
    retired.reviewer_profile.save()

    with pytest.raises(actions.NotPermitted):
        actions.resolve_claim(risky_revision.claim_flags.first(), by=retired, reason="Fine.")


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required(risky_revision, reviewer, reason):
    with pytest.raises(actions.NoteRequired, match="a reason is required"):
        actions.resolve_claim(risky_revision.claim_flags.first(), by=reviewer, reason=reason)
    assert not ClaimResolution.objects.exists()


def test_efficacy_and_mechanism_claims_need_a_reference(evidence_revision, reviewer):
    efficacy = evidence_revision.claim_flags.get(category="efficacy_overstatement")
    mechanism = evidence_revision.claim_flags.get(category="mechanism")
    assert efficacy.needs_reference and mechanism.needs_reference

    with pytest.raises(actions.ReferenceRequired, match="cite the reference that supports it. "
                       "Revision 1 has references 1, 2."):
        actions.resolve_claim(efficacy, by=reviewer, reason="The trial supports it.")
    with pytest.raises(actions.ReferenceRequired, match="has no reference 7; its references are 1, 2"):
        actions.resolve_claim(mechanism, by=reviewer, reason="Supported.", reference_number=7)
    assert not ClaimResolution.objects.exists()

    actions.resolve_claim(efficacy, by=reviewer, reason="The trial supports it.", reference_number=1)
    actions.resolve_claim(mechanism, by=reviewer, reason="Case report.", reference_number=2)

    assert ClaimFlag.objects.get(pk=efficacy.pk).resolution.reference_number == 1
    event = WorkflowEvent.objects.filter(action="claim_resolved").order_by("pk").last()
    assert event.details["reference_number"] == 2


def test_without_references_the_reviewer_is_told_to_request_changes(writer, reviewer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, body="It stimulates prolactin.")
    revision = actions.submit_for_review(article, by=writer)

    with pytest.raises(actions.ReferenceRequired, match="has no references, so request changes"):
        actions.resolve_claim(revision.claim_flags.get(), by=reviewer, reason="Plausible.")


def test_other_categories_need_no_reference_but_a_given_one_must_exist(risky_revision, reviewer):
    first, second = risky_revision.claim_flags.order_by("pk")

    with pytest.raises(actions.ReferenceRequired, match="no reference 3"):
        actions.resolve_claim(first, by=reviewer, reason="Refuted below.", reference_number=3)
    actions.resolve_claim(first, by=reviewer, reason="Refuted below.", reference_number=1)
    actions.resolve_claim(second, by=reviewer, reason="Reported use, with the dosage notice.")

    assert risky_revision.claim_flags.unresolved().count() == 0


def test_a_claim_is_resolved_once(risky_revision, reviewer):
    flag = risky_revision.claim_flags.first()
    actions.resolve_claim(flag, by=reviewer, reason="Refuted in the next sentence.")

    with pytest.raises(actions.AlreadyResolved, match="already accepted by reviewer"):
        actions.resolve_claim(flag, by=ReviewerFactory(), reason="Fine.")
    assert ClaimResolution.objects.count() == 1


def test_claims_can_only_be_resolved_while_the_revision_is_in_review(risky_revision, reviewer):
    actions.request_changes(risky_revision, by=reviewer, note="Remove both claims.")

    with pytest.raises(actions.InvalidTransition, match="is changes requested: flagged claims can only be "
                       "accepted while a revision is in review. Edit the article and submit a new revision."):
        actions.resolve_claim(risky_revision.claim_flags.first(), by=reviewer, reason="Fine.")
    assert not ClaimResolution.objects.exists()


def test_resolutions_cannot_be_changed_or_removed(risky_revision, reviewer):
    resolution = actions.resolve_claim(risky_revision.claim_flags.first(), by=reviewer, reason="Fine.")

    resolution.reason = "Rewritten"
    with pytest.raises(TypeError, match="append-only"):
        resolution.save()
    with pytest.raises(TypeError, match="append-only"):
        resolution.delete()
    with pytest.raises(TypeError, match="append-only"):
        ClaimResolution.objects.all().update(reason="x")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE articles_claimresolution SET reason = 'x'")
    assert ClaimResolution.objects.get().reason == "Fine."


# The database refuses what the workflow refuses ---------------------------------


def test_database_refuses_approval_with_unresolved_claims(risky_revision, reviewer):
    with pytest.raises(IntegrityError, match="unresolved claim flags"), transaction.atomic():
        with workflow_transition():
            ReviewDecision.objects.create(
                revision=risky_revision, outcome="approved", decided_by=reviewer,
                content_hash=risky_revision.content_hash, reviewer_credentials="PharmD",
            )
    assert not ReviewDecision.objects.exists()


def test_database_allows_changes_requested_with_unresolved_claims(risky_revision, reviewer):
    with workflow_transition():
        ReviewDecision.objects.create(
            revision=risky_revision, outcome="changes_requested", decided_by=reviewer, note="Fix",
            content_hash=risky_revision.content_hash,
        )


@pytest.mark.parametrize(
    "who, message",
    [("writer", "author of a revision cannot resolve"), ("publisher", "only active medical reviewers")],
)
def test_database_refuses_a_forged_resolution(risky_revision, who, message, writer, publisher):
    user = {"writer": writer, "publisher": publisher}[who]

    with pytest.raises(IntegrityError, match=message), transaction.atomic():
        with workflow_transition():
            ClaimResolution.objects.create(flag=risky_revision.claim_flags.first(), reason="ok", resolved_by=user)


def test_database_refuses_a_mechanism_resolution_without_a_reference(evidence_revision, reviewer):
    mechanism = evidence_revision.claim_flags.get(category="mechanism")

    with pytest.raises(IntegrityError, match="with a reference"), transaction.atomic():
        with workflow_transition():
            ClaimResolution.objects.create(flag=mechanism, reason="ok", resolved_by=reviewer)


def test_database_refuses_a_resolution_after_the_decision(risky_revision, reviewer):
    actions.request_changes(risky_revision, by=reviewer, note="Fix both.")

    with pytest.raises(IntegrityError, match="while the revision is in review"), transaction.atomic():
        with workflow_transition():
            ClaimResolution.objects.create(
                flag=risky_revision.claim_flags.first(), reason="ok", resolved_by=reviewer
            )


def test_a_forged_resolution_outside_the_workflow_is_refused(risky_revision, reviewer):
    with pytest.raises(ProtectedWrite):
        ClaimResolution.objects.create(flag=risky_revision.claim_flags.first(), reason="ok", resolved_by=reviewer)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_accepting_the_same_claim_at_once_record_it_once():
    writer = WriterFactory()
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, body="Kratom is non-addictive.")
    revision = actions.submit_for_review(article, by=writer)
    flag = revision.claim_flags.get()
    first, second = ReviewerFactory(), ReviewerFactory()

    outcomes = race(
        lambda: actions.resolve_claim(flag, by=first, reason="Refuted in context."),
        lambda: actions.resolve_claim(flag, by=second, reason="Refuted in context."),
    )

    assert sum(isinstance(o, ClaimResolution) for o in outcomes) == 1, outcomes
    assert all(isinstance(o, (ClaimResolution, actions.ActionError)) for o in outcomes), outcomes
    assert WorkflowEvent.objects.filter(revision=revision, action="claim_resolved").count() == 1


# A revision that skipped submission (and so the scan) cannot be approved ----------------


def test_revisions_are_only_created_by_submission(article, writer):
    from articles.domain.snapshots import freeze
    from articles.models import ArticleRevision

    content = freeze(article)
    with pytest.raises(ProtectedWrite, match="Article revisions"):
        ArticleRevision.objects.create(article=article, number=1, created_by=writer, **content)
    with pytest.raises(ProtectedWrite, match="Article revisions"):
        ArticleRevision.objects.bulk_create(
            [ArticleRevision(article=article, number=1, created_by=writer, **content)]
        )
    assert not ArticleRevision.objects.exists()


def test_an_unscanned_revision_is_refused_by_the_database_even_through_the_workflow(writer, reviewer):
    from articles.domain.snapshots import freeze
    from articles.models import ArticleRevision

    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, body=RISKY_BODY)
    with workflow_transition():  # as a bug or a shell session past the ORM guard would
        forged = ArticleRevision.objects.create(article=article, number=1, created_by=writer, **freeze(article))
    assert not forged.claim_flags.exists()

    with pytest.raises(IntegrityError, match="submitted through the workflow"):
        actions.approve(forged, by=reviewer)
    assert not ReviewDecision.objects.exists()
