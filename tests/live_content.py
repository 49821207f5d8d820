"""Helpers for the public-site tests: articles taken through the real workflow."""


from articles import actions
from articles.models import Disclaimer, Section

from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, WriterFactory


class Newsroom:
    """A writer, a medical reviewer and a publisher who publish articles the real way."""

    def __init__(self, *, writer=None, reviewer=None, publisher=None):
        self.writer = writer or WriterFactory()
        self.reviewer = reviewer or ReviewerFactory()
        self.publisher = publisher or PublisherFactory()
        self._second_reviewer = None

    @property
    def second_reviewer(self):
        """A second medical reviewer, for topics whose review policy needs two (kratom)."""
        if self._second_reviewer is None:
            self._second_reviewer = ReviewerFactory(profile__specialty="Medical toxicology")
        return self._second_reviewer

    def draft(self, **kwargs):
        kwargs.setdefault("authors", [self.writer])
        return ArticleFactory(**kwargs)

    def approve(self, article, *, note=""):
        """Submit, accept every flagged claim (citing reference 1 where one is needed), approve."""
        return self.approve_as(article, submitter=self.writer, note=note)

    def approve_as(self, article, *, submitter, note=""):
        """``approve`` with ``submitter`` submitting the revision."""
        revision = actions.submit_for_review(article, by=submitter, note=note)
        for flag in revision.claim_flags.unresolved():
            actions.resolve_claim(
                flag,
                by=self.reviewer,
                reason="Accurate as written in this context.",
                reference_number=1 if flag.needs_reference else None,
            )
        actions.approve(revision, by=self.reviewer, note="Checked against the sources.")
        if revision.required_approvals > 1:
            actions.approve(revision, by=self.second_reviewer, note="Checked the pharmacology.")
        return revision

    def set_disclaimer(self, key, *, topics=(), **fields):
        """Create or change a disclaimer the way a publisher does (so its version is recorded)."""
        disclaimer = Disclaimer.objects.filter(key=key).first() or Disclaimer(key=key)
        return actions.save_disclaimer(
            disclaimer, by=self.publisher, topics=list(topics), **fields
        )

    def publish(self, article=None, **kwargs):
        """Create (or take) an article, get it approved and make it live."""
        article = article or self.draft(**kwargs)
        self.approve(article)
        actions.publish(article, by=self.publisher)
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
