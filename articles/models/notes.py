"""Reviewers' notes on one section of a revision under review."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.guards import AppendOnlyModel
from articles.models.querysets import AppendOnlyQuerySet


class ReviewNote(AppendOnlyModel):
    """
    A medical reviewer's comment on one part of a revision, written while it
    is in review and shown to its writers. ``section_index`` is the 0-based
    index into ``revision.sections``; empty means the note is about the
    article as a whole. Notes are append-only: a review is a record, so a
    reviewer adds a further note rather than rewriting an earlier one.
    """

    #: Notes are comments, not transitions: ``review_notes.add_review_note`` writes them.
    written_by_workflow = False

    revision = models.ForeignKey(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="review_notes"
    )
    section_index = models.PositiveIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_notes"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "section_index", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="reviewnote_body_required"),
        ]

    def __str__(self):
        return f"Note on {self.revision}: {self.body[:40]}"

