"""Helpers for the public-site tests: articles taken through the real workflow."""

from articles import workflow
from articles.models import Section

from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, WriterFactory


class Newsroom:
    """A writer, a medical reviewer and a publisher who publish articles the real way."""

    def __init__(self, *, writer=None, reviewer=None, publisher=None):
        self.writer = writer or WriterFactory()
        self.reviewer = reviewer or ReviewerFactory()
        self.publisher = publisher or PublisherFactory()

    def draft(self, **kwargs):
        kwargs.setdefault("authors", [self.writer])
        return ArticleFactory(**kwargs)

    def approve(self, article, *, note=""):
        revision = workflow.submit_for_review(article, by=self.writer, note=note)
        workflow.approve(revision, by=self.reviewer, note="Checked against the sources.")
        return revision

    def publish(self, article=None, **kwargs):
        """Create (or take) an article, get it approved and make it live."""
        article = article or self.draft(**kwargs)
        self.approve(article)
        workflow.publish(article, by=self.publisher)
        article.refresh_from_db()
        return article

    def revise(self, article, *, change_summary="", **fields):
        """Edit the working copy of ``article`` (fields, and section 1's body via ``body``)."""
        body = fields.pop("body", None)
        for name, value in fields.items():
            setattr(article, name, value)
        article.change_summary = change_summary
        article.save()
        if body is not None:
            Section.objects.filter(article=article, position=1).update(body=body)
        return article


def set_sections(article, bodies):
    """Replace the article's sections with one per ``(heading, body)``."""
    article.sections.all().delete()
    Section.objects.bulk_create(
        Section(article=article, position=position, heading=heading, body=body)
        for position, (heading, body) in enumerate(bodies, start=1)
    )
