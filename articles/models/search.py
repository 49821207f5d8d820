"""The search index: one row per live article, holding its live revision's search vector."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """
    The stored full-text vector of an article's live revision (PostgreSQL;
    GIN-indexed by migration 0001, which creates the index on PostgreSQL
    only). A trigger on the article's live pointer rewrites it when the
    article is published and removes it when it is unpublished. Search joins
    it to the live pointer, so a row left behind can never surface a withdrawn page.
    On SQLite the vector stays empty and search uses the Python fallback.
    """

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="search_entry")
    revision = models.ForeignKey("articles.ArticleRevision", on_delete=models.CASCADE, related_name="+")
    vector = SearchVectorField(null=True)

    def __str__(self):
        return f"search entry of article {self.article_id}"
