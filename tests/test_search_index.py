"""The stored, GIN-indexed search vector on PostgreSQL: written on publish, gone on unpublish."""

import pytest
from django.db import connection

from articles.actions import workflow
from articles.models import SearchEntry
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
