"""Querysets compiled to SQL once per process (``articles.db.precompiled``)."""

import pytest
from django.db.models.sql.compiler import SQLCompiler

from articles.db.precompiled import PrecompiledQuery
from articles.models import Article, WorkflowEvent

pytestmark = pytest.mark.django_db


def _fields(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_gives_what_the_queryset_gives_with_its_related_objects_and_converted_values(newsroom):
    article = newsroom.publish(newsroom.draft(title="Iron and tiredness", sections=2))
    slug = article.live_revision.slug
    precompiled = PrecompiledQuery(
        lambda slug: Article.objects.published().filter(live_revision__slug=slug), markers=["\x00slug"]
    )

    [found] = precompiled.objects(slug)
    expected = Article.objects.published().get(live_revision__slug=slug)

    assert _fields(found) == _fields(expected)
    assert _fields(found.live_revision) == _fields(expected.live_revision)
    assert isinstance(found.live_revision.sections, list) and len(found.live_revision.sections) == 2
    assert found.live_revision.decision.reviewer_name == expected.live_revision.decision.reviewer_name
    assert found.last_published_at.tzinfo is not None
    assert precompiled.objects("no-such-slug") == []


def test_rows_of_a_values_list_match_the_queryset(newsroom):
    article = newsroom.publish(newsroom.draft())

    def events(article_id):
        return WorkflowEvent.objects.filter(article_id=article_id).order_by("pk").values_list("action", "created_at")

    assert PrecompiledQuery(events, markers=[-1]).rows(article.pk) == list(events(article.pk))


def test_compiles_once(newsroom, monkeypatch):
    article = newsroom.publish(newsroom.draft())
    compiled = []
    real_as_sql = SQLCompiler.as_sql

    def counting_as_sql(self, *args, **kwargs):
        compiled.append(self.query.model)
        return real_as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting_as_sql)
    precompiled = PrecompiledQuery(lambda pk: Article.objects.filter(pk=pk), markers=[-1])

    for _ in range(3):
        assert [a.pk for a in precompiled.objects(article.pk)] == [article.pk]

    assert compiled == [Article]


def test_an_argument_that_does_not_reach_the_sql_once_is_refused():
    with pytest.raises(ValueError):
        PrecompiledQuery(lambda pk: Article.objects.filter(pk=pk) | Article.objects.filter(pk=pk), markers=[-1]).rows(1)
