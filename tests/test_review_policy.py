"""
Per-topic review policies: the kratom topic needs two different medical
reviewers, one of them in pharmacology or toxicology. Every sign-off is on
the same fingerprint, from a different verified reviewer and never from an
author; nothing is published until the policy is met, on every path (publish,
schedule, bulk publish, the worker, re-certification), and the database
refuses a decision or sign-off that breaks it. The byline and ``reviewedBy``
name every approving reviewer.
"""

import json
import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from articles import actions
from articles.actions import scheduling
from articles.actions.lifecycle import recertify
from articles.db.triggers import guards_lifted
from articles.domain import review_policy
from articles.models import Article, ReviewApproval, ReviewDecision, ReviewerProfile, Topic, WorkflowEvent
from articles.models.guards import workflow_transition

from .admin_helpers import logged_in, messages_of, review_url
from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def kratom():
    return Topic.objects.get(slug="kratom")


@pytest.fixture
def pharmacologist():
    return ReviewerFactory(first_name="Priya", last_name="Raman", profile__credentials="PharmD",
                           profile__specialty="Clinical pharmacology")


@pytest.fixture
def generalist():
    return ReviewerFactory(first_name="Daniel", last_name="Cho", profile__credentials="MD",
                           profile__specialty="Sports medicine")


@pytest.fixture
def family_doctor():
    return ReviewerFactory(first_name="Ana", last_name="Silva", profile__credentials="MD",
                           profile__specialty="Family medicine")


@pytest.fixture
def kratom_revision(writer, kratom):
    article = ArticleFactory(authors=[writer])
    article.topics.set([kratom])
    return actions.submit_for_review(article, by=writer)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def refused(statement, params=(), match="vetted: "):
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        sql(statement, params)


def raw_sign_off(revision, user, *, content_hash=None):
    profile = ReviewerProfile.objects.filter(user=user).first()
    sql(
        "INSERT INTO articles_reviewapproval (revision_id, reviewer_id, approved_at, content_hash,"
        " reviewer_name, reviewer_credentials, reviewer_specialty, note)"
        " VALUES (%s, %s, CURRENT_TIMESTAMP, %s, 'Someone', %s, %s, '')",
        [revision.pk, user.pk, content_hash or revision.content_hash,
         profile.credentials if profile else "MD", profile.specialty if profile else ""],
    )


def raw_decision(revision, user):
    sql(
        "INSERT INTO articles_reviewdecision (revision_id, outcome, decided_by_id, note, decided_at,"
        " content_hash, reviewer_name, reviewer_credentials)"
        " VALUES (%s, 'approved', %s, '', CURRENT_TIMESTAMP, %s, 'Someone', 'MD')",
        [revision.pk, user.pk, revision.content_hash],
    )


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


# The policy and where it comes from -------------------------------------------------


def test_the_seeded_kratom_topic_needs_two_approvals_one_in_pharmacology_or_toxicology(kratom):
    assert kratom.required_approvals == 2
    assert kratom.specialty_terms == ["pharmacology", "toxicology"]
    assert Topic._meta.get_field("required_approvals").default == 1


def test_a_revision_freezes_the_strictest_policy_of_its_topics(kratom_revision, kratom, writer):
    assert kratom_revision.required_approvals == 2
    assert kratom_revision.required_specialties == [["pharmacology", "toxicology"]]
    assert review_policy.describe(kratom_revision) == (
        "2 approvals from different medical reviewers, at least one in pharmacology or toxicology"
    )
    kratom.required_approvals = 1
    kratom.save()
    kratom_revision.refresh_from_db()
    assert kratom_revision.required_approvals == 2  # the rule the reviewers must meet was fixed at submission

    plain = actions.submit_for_review(ArticleFactory(authors=[writer]), by=writer)
    assert (plain.required_approvals, plain.required_specialties) == (1, [])


def test_an_untagged_article_that_mentions_kratom_gets_the_kratom_policy(writer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="Background", body="Some people drink kratom tea.")
    revision = actions.submit_for_review(article, by=writer)

    assert revision.required_approvals == 2


# Sign-offs through the action -------------------------------------------------------


def test_one_approval_is_recorded_and_logged_and_the_second_approves(
    kratom_revision, pharmacologist, generalist
):
    actions.approve(kratom_revision, by=generalist, note="Fine by me.")

    assert not ReviewDecision.objects.filter(revision=kratom_revision).exists()
    assert kratom_revision.state == "in_review"
    partial = WorkflowEvent.objects.get(revision=kratom_revision, action="approval_recorded")
    assert (partial.actor, partial.from_state, partial.to_state, partial.note) == (
        generalist, "in_review", "in_review", "Fine by me."
    )
    assert partial.details["still_needed"] == (
        "1 more approval from a different medical reviewer and an approval from a reviewer in "
        "pharmacology or toxicology"
    )

    actions.approve(kratom_revision, by=pharmacologist)

    decision = ReviewDecision.objects.get(revision=kratom_revision)
    assert (decision.outcome, decision.decided_by) == ("approved", pharmacologist)
    final = WorkflowEvent.objects.get(revision=kratom_revision, action="approved")
    assert final.details["reviewers"] == [generalist.pk, pharmacologist.pk]
    approvals = ReviewApproval.objects.filter(revision=kratom_revision).order_by("pk")
    assert [a.reviewer for a in approvals] == [generalist, pharmacologist]
    assert {a.content_hash for a in approvals} == {kratom_revision.content_hash}
    assert approvals[1].reviewer_specialty == "Clinical pharmacology"


def test_the_same_reviewer_cannot_approve_twice(kratom_revision, pharmacologist):
    actions.approve(kratom_revision, by=pharmacologist)

    with pytest.raises(actions.AlreadyApproved, match="still needs 1 more approval from a different"):
        actions.approve(kratom_revision, by=pharmacologist)
    assert ReviewApproval.objects.filter(revision=kratom_revision).count() == 1
    assert not ReviewDecision.objects.filter(revision=kratom_revision).exists()


def test_an_author_cannot_give_either_approval(kratom, pharmacologist):
    writer_reviewer = ReviewerFactory(groups=["Writers", "Medical reviewers"])
    article = ArticleFactory(authors=[writer_reviewer])
    article.topics.set([kratom])
    revision = actions.submit_for_review(article, by=writer_reviewer)
    actions.approve(revision, by=pharmacologist)

    with pytest.raises(actions.SelfReviewRefused):
        actions.approve(revision, by=writer_reviewer)
    assert not ReviewDecision.objects.filter(revision=revision).exists()


def test_an_unverified_reviewer_cannot_give_the_second_approval(kratom_revision, pharmacologist):
    ghost = ReviewerFactory(profile__specialty="Toxicology", profile__verified_at=None)
    actions.approve(kratom_revision, by=pharmacologist)

    with pytest.raises(actions.NotPermitted, match="have not been verified"):
        actions.approve(kratom_revision, by=ghost)
    assert not ReviewDecision.objects.filter(revision=kratom_revision).exists()


def test_two_approvals_without_the_specialty_do_not_approve_until_a_specialist_does(
    kratom_revision, generalist, family_doctor
):
    actions.approve(kratom_revision, by=generalist)
    actions.approve(kratom_revision, by=family_doctor)

    assert not ReviewDecision.objects.filter(revision=kratom_revision).exists()
    assert str(review_policy.shortfall(kratom_revision)) == (
        "an approval from a reviewer in pharmacology or toxicology"
    )

    toxicologist = ReviewerFactory(profile__specialty="Medical Toxicology")
    actions.approve(kratom_revision, by=toxicologist)

    assert ReviewDecision.objects.get(revision=kratom_revision).decided_by == toxicologist


def test_request_changes_after_one_approval_ends_the_review(kratom_revision, pharmacologist, generalist):
    actions.approve(kratom_revision, by=pharmacologist)
    actions.request_changes(kratom_revision, by=generalist, note="Cite the FDA warning.")

    assert kratom_revision.decision.outcome == "changes_requested"
    with pytest.raises(actions.InvalidTransition):
        actions.approve(kratom_revision, by=ReviewerFactory())


# Publishing is refused until the policy is met --------------------------------------


def test_publishing_after_one_of_two_approvals_is_refused_and_says_what_is_missing(
    kratom_revision, pharmacologist, publisher
):
    actions.approve(kratom_revision, by=pharmacologist)
    article = kratom_revision.article

    with pytest.raises(actions.NothingToPublish, match="still needs 1 more approval"):
        actions.publish(article, by=publisher)
    with pytest.raises(actions.NothingToPublish):
        actions.publish(article, by=publisher, at=timezone.now() + timedelta(days=1))
    article.refresh_from_db()
    assert (article.live_revision_id, article.scheduled_revision_id) == (None, None)


def test_bulk_publish_refuses_an_article_with_one_of_two_approvals(kratom_revision, pharmacologist, publisher):
    actions.approve(kratom_revision, by=pharmacologist)
    article = kratom_revision.article
    client = logged_in(publisher)
    selection = {"action": "publish_selected", "_selected_action": [article.pk], "apply": "1"}

    response = client.post(CHANGELIST, selection)

    assert response.status_code == 302
    reported = " ".join(messages_of(response))
    assert "not done" in reported and "still needs 1 more approval" in reported
    assert Article.objects.get(pk=article.pk).live_revision_id is None


@pytest.fixture
def forged_approval(kratom_revision, pharmacologist):
    """
    An approval decision on a revision with one of its two sign-offs, written
    through the application (so it is in the ledger) with the guards down: a
    bug, or a database user who dropped them. The actions and the pages must
    still refuse it.
    """
    actions.approve(kratom_revision, by=pharmacologist)
    with guards_lifted(connection), workflow_transition():
        ReviewDecision.objects.create(
            revision=kratom_revision, outcome="approved", decided_by=pharmacologist,
            content_hash=kratom_revision.content_hash, reviewer_name="Priya Raman", reviewer_credentials="PharmD",
        )
    return kratom_revision


def test_publishing_a_forged_approval_is_refused_now_and_when_scheduled(forged_approval, publisher):
    article = forged_approval.article

    with pytest.raises(actions.ReviewPolicyNotMet, match="needs 2 approvals"):
        actions.publish(article, by=publisher)
    with pytest.raises(actions.ReviewPolicyNotMet):
        actions.publish(article, by=publisher, at=timezone.now() + timedelta(hours=1))
    with pytest.raises(actions.ReviewPolicyNotMet):
        actions.publish(article, by=publisher)
    assert Article.objects.get(pk=article.pk).live_revision_id is None


def test_bulk_publish_refuses_a_forged_approval(forged_approval, publisher):
    article = forged_approval.article

    response = logged_in(publisher).post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [article.pk], "apply": "1"}
    )

    assert "its recorded approvals do not meet that" in " ".join(messages_of(response))
    assert Article.objects.get(pk=article.pk).live_revision_id is None


def test_the_worker_refuses_a_scheduled_revision_whose_policy_is_not_met(forged_approval, publisher):
    article = forged_approval.article
    go_live = timezone.now() + timedelta(hours=1)
    with guards_lifted(connection):
        sql(
            "INSERT INTO articles_workflowevent (article_id, revision_id, actor_id, action, from_state,"
            " to_state, note, details, created_at)"
            " VALUES (%s, %s, %s, 'scheduled', 'approved', 'scheduled', '', '{}', CURRENT_TIMESTAMP)",
            [article.pk, forged_approval.pk, publisher.pk],
        )
        sql(
            "UPDATE articles_article SET scheduled_revision_id = %s, go_live_at = %s, scheduled_by_id = %s"
            " WHERE id = %s",
            [forged_approval.pk, go_live, publisher.pk, article.pk],
        )

    outcomes = scheduling.publish_due(now=go_live + timedelta(minutes=1))

    assert [outcome.ok for outcome in outcomes] == [False]
    assert "needs 2 approvals" in outcomes[0].message
    assert Article.objects.get(pk=article.pk).live_revision_id is None


def test_a_forged_approval_is_withheld_from_readers_even_if_made_live(forged_approval, publisher, client):
    article = forged_approval.article
    with guards_lifted(connection):
        sql(
            "INSERT INTO articles_workflowevent (article_id, revision_id, actor_id, action, from_state,"
            " to_state, note, details, created_at)"
            " VALUES (%s, %s, %s, 'published', 'approved', 'live', '', '{}', CURRENT_TIMESTAMP)",
            [article.pk, forged_approval.pk, publisher.pk],
        )
        sql("UPDATE articles_article SET live_revision_id = %s WHERE id = %s", [forged_approval.pk, article.pk])

    response = client.get(f"/articles/{forged_approval.slug}/")

    assert response.status_code == 503
    assert forged_approval.title not in response.content.decode()
    assert "its approvals do not meet its review policy" in forged_approval.integrity_alerts.get().problems


# Re-certification -------------------------------------------------------------------


def test_recertifying_a_two_reviewer_page_needs_two_reviewers_again(
    kratom_revision, pharmacologist, generalist, publisher
):
    actions.approve(kratom_revision, by=generalist)
    actions.approve(kratom_revision, by=pharmacologist)
    article = kratom_revision.article
    actions.publish(article, by=publisher)
    family = ReviewerFactory(profile__specialty="Family medicine")

    confirmation = recertify(article, by=family, note="Still accurate.")

    article.refresh_from_db()
    assert article.live_revision_id == kratom_revision.pk
    assert confirmation.state == "in_review"
    assert list(confirmation.events.order_by("pk").values_list("action", flat=True)) == [
        "recertification_started", "approval_recorded"
    ]
    with pytest.raises(actions.AlreadyInReview, match="review it instead"):
        recertify(article, by=generalist)
    with pytest.raises(actions.InvalidTransition, match="already live"):
        actions.publish(article, by=publisher)

    actions.approve(confirmation, by=pharmacologist)

    article.refresh_from_db()
    assert article.live_revision_id == confirmation.pk  # VETTED_RECERTIFY_PUBLISHES, as with one reviewer
    assert ReviewDecision.objects.get(revision=confirmation).decided_by == pharmacologist


def test_a_specialist_alone_cannot_recertify_a_two_reviewer_page(kratom_revision, pharmacologist, generalist, publisher):
    actions.approve(kratom_revision, by=generalist)
    actions.approve(kratom_revision, by=pharmacologist)
    actions.publish(kratom_revision.article, by=publisher)

    confirmation = recertify(kratom_revision.article, by=ReviewerFactory(profile__specialty="Toxicology"))

    assert confirmation.state == "in_review"
    assert str(review_policy.shortfall(confirmation)) == "1 more approval from a different medical reviewer"


# The database guards ---------------------------------------------------------------


def test_the_database_refuses_a_forged_final_decision(kratom_revision, pharmacologist, generalist, family_doctor):
    refused_decision = (
        "INSERT INTO articles_reviewdecision (revision_id, outcome, decided_by_id, note, decided_at,"
        " content_hash, reviewer_name, reviewer_credentials)"
        " VALUES (%s, 'approved', %s, '', CURRENT_TIMESTAMP, %s, 'Someone', 'MD')"
    )
    args = lambda user: [kratom_revision.pk, user.pk, kratom_revision.content_hash]  # noqa: E731

    refused(refused_decision, args(pharmacologist), match="needs the decider's own sign-off")
    raw_sign_off(kratom_revision, pharmacologist)
    refused(refused_decision, args(pharmacologist), match="needs approvals from more different reviewers")
    raw_sign_off(kratom_revision, generalist)
    refused(refused_decision, args(family_doctor), match="needs the decider's own sign-off")

    other = actions.submit_for_review(_kratom_article(), by=_writer_of(kratom_revision))
    raw_sign_off(other, generalist)
    raw_sign_off(other, family_doctor)
    refused(refused_decision, [other.pk, family_doctor.pk, other.content_hash], match="named specialty")

    raw_decision(kratom_revision, generalist)  # two sign-offs, one a pharmacologist: what the guard allows
    assert ReviewDecision.objects.get(revision=kratom_revision).outcome == "approved"


def _kratom_article():
    article = ArticleFactory()
    article.topics.set([Topic.objects.get(slug="kratom")])
    return article


def _writer_of(revision):
    return revision.created_by


def test_the_database_refuses_sign_offs_that_break_the_rules(kratom_revision, writer, pharmacologist, generalist):
    ghost = ReviewerFactory(profile__verified_at=None)
    columns = (
        "INSERT INTO articles_reviewapproval (revision_id, reviewer_id, approved_at, content_hash,"
        " reviewer_name, reviewer_credentials, reviewer_specialty, note)"
        " VALUES (%s, %s, CURRENT_TIMESTAMP, %s, 'Someone', %s, %s, '')"
    )
    hash_ = kratom_revision.content_hash
    writer_reviewer = ReviewerFactory(groups=["Writers", "Medical reviewers"])
    authored = actions.submit_for_review(_kratom_article_by(writer_reviewer), by=writer_reviewer)

    refused(columns, [authored.pk, writer_reviewer.pk, authored.content_hash, "MD", "Clinical pharmacology"],
            match="author of a revision cannot review it")
    refused(columns, [kratom_revision.pk, ghost.pk, hash_, "MD", "Clinical pharmacology"],
            match="verified, unexpired credentials")
    refused(columns, [kratom_revision.pk, writer.pk, hash_, "MD", ""], match="vetted: ")
    refused(columns, [kratom_revision.pk, pharmacologist.pk, "0" * 64, "PharmD", "Clinical pharmacology"],
            match="content fingerprint")
    refused(columns, [kratom_revision.pk, generalist.pk, hash_, "MD", "Toxicology"],
            match="credentials and specialty as their profile states them")

    actions.request_changes(kratom_revision, by=generalist, note="Cite it.")
    refused(columns, [kratom_revision.pk, pharmacologist.pk, hash_, "PharmD", "Clinical pharmacology"],
            match="only be approved while it is in review")


def _kratom_article_by(author):
    article = ArticleFactory(authors=[author])
    article.topics.set([Topic.objects.get(slug="kratom")])
    return article


def test_sign_offs_are_append_only_and_chained(kratom_revision, pharmacologist):
    from io import StringIO

    from django.core.management import CommandError, call_command

    actions.approve(kratom_revision, by=pharmacologist)

    refused("UPDATE articles_reviewapproval SET reviewer_name = 'Someone else'")
    refused("DELETE FROM articles_reviewapproval")
    with pytest.raises(TypeError, match="append-only"):
        ReviewApproval.objects.get().delete()
    out = StringIO()
    call_command("verify_integrity", stdout=out, stderr=out)
    assert "not in the ledger" not in out.getvalue()

    raw_sign_off(kratom_revision, ReviewerFactory())
    out = StringIO()
    with pytest.raises(CommandError, match="1 break"):
        call_command("verify_integrity", stdout=out, stderr=out)
    assert "articles_reviewapproval row" in out.getvalue() and "not in the ledger" in out.getvalue()


# What readers see ---------------------------------------------------------------------


def test_the_byline_and_reviewed_by_name_both_reviewers(kratom_revision, pharmacologist, generalist, publisher):
    actions.approve(kratom_revision, by=pharmacologist)
    actions.approve(kratom_revision, by=generalist)
    actions.publish(kratom_revision.article, by=publisher)

    html = Client().get(f"/articles/{kratom_revision.slug}/").content.decode()

    byline = html.split('<p class="byline">')[1].split("</p>")[0]
    first, second = pharmacologist.reviewer_profile, generalist.reviewer_profile
    assert (
        f'Medically reviewed by <a href="/reviewers/{first.slug}/">{first.name}, PharmD</a> and '
        f'<a href="/reviewers/{second.slug}/">{second.name}, MD</a> on'
    ) in byline
    reviewed_by = json_ld(html)["reviewedBy"]
    assert [person["name"] for person in reviewed_by] == [first.name, second.name]
    assert [person["hasCredential"]["name"] for person in reviewed_by] == ["PharmD", "MD"]
    assert reviewed_by[1]["url"] == f"http://testserver/reviewers/{second.slug}/"

    listing = Client().get("/").content.decode()
    assert f"Reviewed by {first.name}, PharmD and {second.name}, MD" in listing
    assert kratom_revision.title in Client().get(f"/reviewers/{first.slug}/").content.decode()


def test_the_review_page_shows_the_policy_and_who_approved(kratom_revision, pharmacologist, generalist):
    actions.approve(kratom_revision, by=pharmacologist)

    page = logged_in(generalist).get(review_url(kratom_revision)).content.decode()

    assert "This revision needs 2 approvals from different medical reviewers, at least one in pharmacology" in page
    assert f"Approved so far by <strong>{pharmacologist.reviewer_profile.name}, PharmD</strong>" in page
    assert "Still needed: 1 more approval from a different medical reviewer." in page
    assert 'value="approve"' in page


def test_a_publisher_alone_cannot_publish_after_one_approval_over_http(kratom_revision, pharmacologist, publisher):
    actions.approve(kratom_revision, by=pharmacologist)
    article = kratom_revision.article

    logged_in(publisher).post(f"/admin/articles/article/{article.pk}/publish/", {})

    assert Article.objects.get(pk=article.pk).live_revision_id is None


def test_a_superuser_publisher_gets_no_exemption(kratom_revision, pharmacologist):
    root = PublisherFactory(is_superuser=True)
    actions.approve(kratom_revision, by=pharmacologist)

    with pytest.raises(actions.NothingToPublish):
        actions.publish(kratom_revision.article, by=root)


def test_nobody_outside_the_reviewers_can_sign_off(kratom_revision):
    with pytest.raises(actions.NotPermitted):
        actions.approve(kratom_revision, by=UserFactory())
    assert not ReviewApproval.objects.exists()
