"""The plumbing every browser test relies on: live server, Chromium, login."""

import pytest

from articles import actions

from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, WriterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reader_opens_a_published_article(live_server, page):
    writer = WriterFactory()
    article = ArticleFactory(authors=[writer], title="Resting after a hard workout")
    revision = actions.submit_for_review(article, by=writer)
    actions.approve(revision, by=ReviewerFactory())
    actions.publish(article, by=PublisherFactory())

    page.goto(f"{live_server.url}/articles/{article.slug}/")

    assert page.locator("h1").inner_text() == "Resting after a hard workout"
    assert page.locator("[data-disclaimer=emergency]").first.is_visible()
