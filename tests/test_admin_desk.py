"""The editors' desk as each person sees it: read-only pages, dead ends and refusals."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles import actions

from .admin_helpers import change_url, logged_in, review_url
from .factories import ArticleFactory, ReferenceFactory, WriterFactory

pytestmark = pytest.mark.django_db


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_publishers_read_only_page_shows_no_empty_order_and_names_the_authors(publisher):
    writer = WriterFactory(first_name="Sam", last_name="Okafor")
    article = ArticleFactory(authors=[writer])
    ReferenceFactory(article=article, position=1)

    page = logged_in(publisher).get(change_url(article))

    text = _text(page)
    assert page.status_code == 200
    assert "Order" not in text
    assert "Sam Okafor" in text
    assert writer.username not in text


def test_writer_advice_is_for_writers_only(publisher, writer):
    article = ArticleFactory(authors=[writer])
    article.sections.filter(position=1).update(body="This supplement cures arthritis.")
    advice = "Rewording them now saves a round of review."

    assert advice in _text(logged_in(writer).get(change_url(article)))
    publisher_view = _text(logged_in(publisher).get(change_url(article)))
    assert advice not in publisher_view
    assert "must accept each of these sentences as written" in publisher_view


def test_changelist_shows_the_approval_date_of_an_approved_article_not_yet_live(article, approved_revision, publisher):
    page = _text(logged_in(publisher).get(reverse("admin:articles_article_changelist")))
    decided = approved_revision.decision.decided_at
    row = page.split(article.title, 1)[1]
    assert f"{decided:%b}. {decided.day}, {decided.year}" in row or f"{decided:%B} {decided.day}, {decided.year}" in row


def test_view_on_site_leads_to_the_preview_for_a_draft_and_the_public_page_when_live(article, writer, newsroom):
    client = logged_in(writer)
    draft_page = client.get(change_url(article)).content.decode()
    preview = reverse("admin:articles_article_preview", args=[article.pk])
    assert f'href="{preview}" class="viewsitelink"' in draft_page
    assert client.get(preview).status_code == 200

    newsroom.publish(article)
    live_page = client.get(change_url(article)).content.decode()
    assert f'href="{article.live_revision.get_absolute_url()}" class="viewsitelink"' in live_page


def test_a_refused_action_gets_an_admin_page_that_says_why_and_what_to_do(live_article, writer):
    response = logged_in(writer).post(reverse("admin:articles_article_publish", args=[live_article.pk]))

    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="refusal-reason"' in page and 'id="refusal-advice"' in page
    assert "Writers" in _text(response)
    assert "Vetted editorial" in page  # the admin's header, not Django's bare page
    assert "<h1>403 Forbidden</h1>" not in page


def test_a_forged_post_without_a_csrf_token_gets_the_admin_refusal_page(article, writer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)

    response = client.post(reverse("admin:articles_article_withdraw", args=[article.pk]))

    assert response.status_code == 403
    assert "without a valid security token" in _text(response)
    assert "reload the page" in _text(response)
    assert "Vetted editorial" in response.content.decode()


def test_the_writer_of_a_revision_in_review_gets_wording_for_writers(article, writer):
    revision = actions.submit_for_review(article, by=writer)

    page = _text(logged_in(writer).get(review_url(revision)))

    assert "waiting for a medical reviewer" in page
    assert "Another medical reviewer must" not in page
