"""The stored, GIN-indexed search vector on PostgreSQL: written on publish, gone on unpublish."""

import pytest
from django.db import connection

from articles.actions import workflow
from articles.models import SearchEntry
from articles.public import search
from articles.public.search import search_articles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search (CI runs the suite on PostgreSQL)"),
]


def test_publishing_stores_the_live_revisions_vector_and_unpublishing_removes_it(newsroom):
    article = newsroom.draft(title="Magnesium and cramps")
    newsroom.publish(article)

    entry = SearchEntry.objects.get(article=article)
    assert entry.revision_id == article.live_revision_id
    assert "magnesium" in entry.vector
    assert [a.pk for a in search_articles("magnesium")] == [article.pk]

    workflow.unpublish(article, by=newsroom.publisher, reason="Checking the dose advice.")

    assert not SearchEntry.objects.filter(article=article).exists()
    assert list(search_articles("magnesium")) == []


def test_a_new_revision_replaces_the_vector(newsroom):
    article = newsroom.publish(newsroom.draft(title="Magnesium and cramps"))
    newsroom.revise(article, title="Potassium and cramps")
    newsroom.publish(article)

    assert [a.pk for a in search_articles("potassium")] == [article.pk]
    assert list(search_articles("magnesium")) == []


def test_the_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'articles_searchentry'")
        definitions = [row[0] for row in cursor.fetchall()]

    assert any("USING gin (vector)" in definition for definition in definitions)


def test_past_the_rank_limit_the_newest_matches_are_ranked_and_every_match_is_counted(newsroom, monkeypatch):
    monkeypatch.setattr(search, "RANK_LIMIT", 2)
    oldest = newsroom.publish(newsroom.draft(title="Magnesium and cramps"))
    middle = newsroom.publish(newsroom.draft(title="Cramps at night", summary="Some take magnesium."))
    newest = newsroom.publish(newsroom.draft(title="Leg cramps", summary="Magnesium is often tried."))

    results = search_articles("magnesium")

    assert results.count() == 3
    assert {a.pk for a in results} == {middle.pk, newest.pk}
    assert oldest.pk not in [a.pk for a in results[0:10]]


def test_an_article_updated_last_counts_as_the_newest_match(newsroom, monkeypatch):
    monkeypatch.setattr(search, "RANK_LIMIT", 2)
    updated = newsroom.publish(newsroom.draft(title="Magnesium and cramps"))
    middle = newsroom.publish(newsroom.draft(title="Cramps at night", summary="Some take magnesium."))
    newest = newsroom.publish(newsroom.draft(title="Leg cramps", summary="Magnesium is often tried."))
    newsroom.revise(updated, title="Magnesium and cramps, revised")
    newsroom.publish(updated)

    assert {a.pk for a in search_articles("magnesium")} == {updated.pk, newest.pk}
    assert middle.pk not in [a.pk for a in search_articles("magnesium")[0:10]]


def test_an_entry_left_behind_never_shows_what_is_no_longer_live(newsroom):
    """An entry the trigger did not rewrite (written around it) matches old text; the page never shows it."""
    article = newsroom.publish(newsroom.draft(title="Magnesium and cramps"))
    old_revision = article.live_revision_id
    newsroom.revise(article, title="Potassium and cramps")
    newsroom.publish(article)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_searchentry SET revision_id = %s, vector = to_tsvector('english', 'magnesium') "
            "WHERE article_id = %s",
            [old_revision, article.pk],
        )

    assert list(search_articles("magnesium")[0:10]) == []
