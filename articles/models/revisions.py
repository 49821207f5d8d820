"""Immutable snapshots of everything a reader sees."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse

from articles.models.guards import require_workflow_transition
from articles.models.ledger import ChainedModel, canonical_json
from articles.models.querysets import ArticleRevisionQuerySet

#: The reader-visible fields of a revision, in the order they are hashed.
SNAPSHOT_FIELDS = (
    "title",
    "slug",
    "summary",
    "standfirst",
    "sections",
    "conclusion",
    "topics",
    "authors",
    "references",
    "hero",
    "disclaimers",
    "change_summary",
    "update_kind",
)


def fingerprint(content):
    """SHA-256 of the canonical JSON of a snapshot; approval binds to it."""
    canonical = canonical_json({name: content[name] for name in SNAPSHOT_FIELDS})
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ImmutableRevision(Exception):
    """Raised on any attempt to change a saved revision."""


class ArticleRevision(ChainedModel):
    """
    A frozen copy of an article as submitted for review. Once saved it never
    changes (``save()`` refuses, and a database trigger refuses UPDATEs), so an
    approval of revision N is an approval of exactly this text.

    ``sections``, ``topics``, ``authors``, ``references``, ``hero`` and
    ``disclaimers`` are JSON copies of the working copy's related rows.
    ``topic_index`` duplicates ``topics`` as a relation only so topic pages can
    query it; pages display the JSON copy.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField()

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    summary = models.TextField(blank=True)
    standfirst = models.TextField(blank=True)
    sections = models.JSONField(default=list)
    conclusion = models.TextField(blank=True)
    topics = models.JSONField(default=list)
    authors = models.JSONField(default=list)
    references = models.JSONField(default=list)
    hero = models.JSONField(null=True, blank=True)
    disclaimers = models.JSONField(default=list)
    change_summary = models.TextField(
        blank=True, help_text="What changed for readers, shown in the public update history."
    )
    update_kind = models.CharField(
        max_length=20,
        default="update",
        help_text="“update” or “correction” (shown prominently); see Article.UpdateKind.",
    )
    recertifies = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recertifications",
        help_text=(
            "Set when a reviewer confirmed that revision's text as still accurate: this "
            "revision repeats it word for word with the disclaimers current on that day."
        ),
    )

    hero_image = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic_index = models.ManyToManyField(
        "articles.Topic", through="RevisionTopic", related_name="revisions", blank=True
    )

    editor_ids = models.JSONField(
        default=list,
        help_text="Users who edited the working copy for this revision; never its reviewers.",
    )
    content_hash = models.CharField(max_length=64, editable=False)
    required_approvals = models.PositiveSmallIntegerField(
        default=1,
        help_text="The review policy frozen at submission: how many different reviewers must approve.",
    )
    required_specialties = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "The review policy frozen at submission: a list of groups of specialty terms; each group "
            "needs an approving reviewer whose specialty contains one of its terms."
        ),
    )
    submit_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_revisions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        get_latest_by = "number"
        permissions = [
            ("review_articlerevision", "Can approve or request changes on a revision"),
            ("assign_articlerevision", "Can assign revisions to medical reviewers"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique"),
        ]
        indexes = [models.Index(fields=["slug"], name="revision_slug_idx")]

    def __str__(self):
        return f"{self.title} (revision {self.number})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRevision(
                f"Revision {self.number} of “{self.title}” is frozen; edit the article "
                "and submit a new revision instead."
            )
        # Only submit_for_review creates revisions: it also scans them for risky claims.
        require_workflow_transition("Article revisions")
        self.content_hash = fingerprint(self.content())
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def content(self):
        return {name: getattr(self, name) for name in SNAPSHOT_FIELDS}

    def text_content(self):
        """The content without the disclaimers: what a re-certification confirms unchanged."""
        return {name: value for name, value in self.content().items() if name != "disclaimers"}

    @property
    def is_recertification(self):
        return self.recertifies_id is not None

    def content_is_intact(self):
        """True if the stored fingerprint still matches the stored content."""
        return fingerprint(self.content()) == self.content_hash

    @property
    def author_ids(self):
        return {
            self.created_by_id,
            *(author["id"] for author in self.authors),
            *self.editor_ids,
        }

    @property
    def state(self):
        """The revision's place in the lifecycle, derived from decision and pointers."""
        from articles.models.review import ReviewDecision, RevisionState

        article = self.article
        if article.live_revision_id == self.pk:
            return RevisionState.LIVE
        if article.scheduled_revision_id == self.pk:
            return RevisionState.SCHEDULED
        try:
            decision = self.decision
        except ReviewDecision.DoesNotExist:
            return RevisionState.IN_REVIEW
        return {
            ReviewDecision.Outcome.APPROVED: RevisionState.APPROVED,
            ReviewDecision.Outcome.CHANGES_REQUESTED: RevisionState.CHANGES_REQUESTED,
            ReviewDecision.Outcome.WITHDRAWN: RevisionState.WITHDRAWN,
        }[decision.outcome]


class RevisionTopic(ChainedModel):
    revision = models.ForeignKey(ArticleRevision, on_delete=models.PROTECT)
    topic = models.ForeignKey("articles.Topic", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "topic"], name="revision_topic_unique"),
        ]
