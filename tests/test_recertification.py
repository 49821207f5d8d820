"""
Re-certification: a reviewer confirms a live page as still accurate without
an edit. The reader's "last reviewed" date and JSON-LD ``lastReviewed``
move, the text does not; a changed disclaimer reaches readers after one
confirmation; the author never re-certifies; every step is logged.
"""

import json
import re
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.test import Client, override_settings
from django.utils import timezone

from articles import errors
from articles.actions import workflow
from articles.actions.lifecycle import recertify
from articles.domain.disclaimers import needing_rereview
from articles.models import Article, Disclaimer, ReviewDecision, WorkflowEvent

from .factories import ReviewerFactory

DOSE = "Some people take 2 grams twice daily, which is not advice."


def page(article):
    return Client().get(f"/articles/{article.slug}/").content.decode()


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def visible_text(html):
    """The article body as a reader reads it, without dates, bylines and the history."""
    body = html[html.index('<article class="article">') : html.index('<section class="about-review"')]
    return re.sub(r'<p class="byline">.*?</p>|<p class="dates">.*?</p>', "", body, flags=re.S)


@pytest.fixture
def second_reviewer(db):
    return ReviewerFactory(first_name="Ada", last_name="Okoye")


def test_recertification_moves_the_readers_review_date_and_json_ld_but_not_the_text(
    newsroom, second_reviewer
):
    article = newsroom.publish()
    before = page(article)
    reviewed_before = json_ld(before)["lastReviewed"]
    later = timezone.now() + timedelta(days=200)

    revision = recertify(article, by=second_reviewer, note="Checked against 2026 guidance.", now=later)

    after = page(article)
    assert json_ld(after)["lastReviewed"] == later.isoformat() != reviewed_before
    assert json_ld(after)["reviewedBy"]["name"] == second_reviewer.get_full_name()
    shown = later.replace(microsecond=0).isoformat()
    assert f'Last reviewed <time datetime="{shown}">' in after
    assert visible_text(after) == visible_text(before)
    assert revision.text_content() == revision.recertifies.text_content()
    assert revision.content_hash == revision.recertifies.content_hash
    assert f"Reviewed again on <time datetime=\"{shown}\">" in after
    assert f"by {second_reviewer.get_full_name()}" in after


def test_recertification_is_logged_once_and_then_published(newsroom, second_reviewer):
    article = newsroom.publish()
    revision = recertify(article, by=second_reviewer)

    log = list(WorkflowEvent.objects.filter(revision=revision).order_by("pk").values_list("action", "actor"))
    assert log == [("recertified", second_reviewer.pk), ("published", second_reviewer.pk)]
    assert revision.decision.decided_by == second_reviewer
    assert Article.objects.get(pk=article.pk).live_revision == revision


@override_settings(VETTED_RECERTIFY_PUBLISHES=False)
def test_with_the_setting_off_a_recertified_page_waits_for_the_publisher(newsroom, second_reviewer):
    article = newsroom.publish()
    live = article.live_revision
    revision = recertify(article, by=second_reviewer)

    assert Article.objects.get(pk=article.pk).live_revision == live
    workflow.publish(article, by=newsroom.publisher)
    assert Article.objects.get(pk=article.pk).live_revision == revision


def test_a_changed_disclaimer_reaches_readers_after_one_confirmation(newsroom, second_reviewer):
    article = newsroom.draft()
    newsroom.revise(article, body=DOSE)
    newsroom.publish(article)
    old_body = Disclaimer.objects.get(key="dosage").body
    new_body = "No dose of this product has been shown to be safe. Amounts here are not advice."
    newsroom.set_disclaimer("dosage", body=new_body)
    assert old_body in page(article) and new_body not in page(article)
    assert list(needing_rereview(Article.objects.all())) == [article]

    revision = recertify(article, by=second_reviewer)

    html = page(article)
    assert new_body in html and old_body not in html
    assert not needing_rereview(Article.objects.all()).exists()
    assert not revision.claim_flags.unresolved().exists()
    assert WorkflowEvent.objects.filter(action="claim_resolved", revision=revision).count() == 0
    assert WorkflowEvent.objects.get(action="recertified").details["disclaimers_changed"] == ["dosage"]


def test_the_author_cannot_recertify_their_own_text(newsroom):
    writer_reviewer = ReviewerFactory()
    article = newsroom.draft(authors=[writer_reviewer])
    newsroom.publish(article)

    with pytest.raises(errors.SelfReviewRefused):
        recertify(article, by=writer_reviewer)
    with pytest.raises(errors.NotPermitted):
        recertify(article, by=newsroom.publisher)
    assert not WorkflowEvent.objects.filter(action="recertified").exists()


def test_the_database_refuses_a_recertification_by_the_texts_submitter(newsroom, monkeypatch):
    writer_reviewer = ReviewerFactory(groups=["Writers", "Medical reviewers"])
    article = newsroom.draft(authors=[])
    newsroom.approve_as(article, submitter=writer_reviewer)
    workflow.publish(article, by=newsroom.publisher)
    monkeypatch.setattr(workflow, "_require_reviewer", lambda revision, user: user.reviewer_profile)

    with pytest.raises(IntegrityError, match="the author of a revision cannot review it"):
        recertify(article, by=writer_reviewer)


def test_recertification_is_refused_when_the_page_is_not_live_or_a_newer_revision_waits(
    newsroom, second_reviewer
):
    draft = newsroom.draft()
    with pytest.raises(errors.NotLive):
        recertify(draft, by=second_reviewer)

    article = newsroom.publish()
    newsroom.revise(article, title="A new title")
    workflow.submit_for_review(article, by=newsroom.writer)
    with pytest.raises(errors.AlreadyInReview, match="review it instead"):
        recertify(article, by=second_reviewer)


def test_bulk_recertify_in_the_admin_records_each_page(newsroom, second_reviewer):
    first, second = newsroom.publish(), newsroom.publish()
    client = Client()
    client.force_login(second_reviewer)

    response = client.post(
        "/admin/articles/article/",
        {"action": "recertify_selected", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert f"“{first.title}”: re-certified as still accurate" in html
    assert f"“{second.title}”: re-certified as still accurate" in html
    assert WorkflowEvent.objects.filter(action="recertified").count() == 2
    assert ReviewDecision.objects.filter(decided_by=second_reviewer).count() == 2
