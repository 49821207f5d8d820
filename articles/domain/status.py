"""Where an article stands, at a glance: what the change form's status panel shows."""

from dataclasses import dataclass, field

from articles.domain.disclaimers import rereview_reasons
from articles.domain.snapshots import freeze
from articles.models import ArticleRevision, ReviewDecision, RevisionState
from articles.models.revisions import SNAPSHOT_FIELDS

# Disclaimers are chosen by rules (topics, detected claims), not typed by the
# writers, so they do not count as the writers' unsubmitted changes.
_EDITED_FIELDS = tuple(name for name in SNAPSHOT_FIELDS if name != "disclaimers")


@dataclass
class ArticleStatus:
    article: object
    live_revision: ArticleRevision | None
    scheduled_revision: ArticleRevision | None
    latest_revision: ArticleRevision | None
    latest_state: RevisionState
    has_unsubmitted_changes: bool
    latest_review: ReviewDecision | None
    publishable_revision: ArticleRevision | None
    review_notes: list = field(default_factory=list)
    review_due: bool = False
    #: Why the live page's disclaimers are out of date, if they are.
    rereview_reasons: list = field(default_factory=list)

    @property
    def is_live(self):
        return self.live_revision is not None


def article_status(article):
    """
    The article's state for its editors: whether it is live and with which
    revision, any schedule, the latest revision and its state, whether the
    working copy has changes not yet submitted, and the latest reviewer
    decision with its note and section notes.
    """
    revisions = list(
        article.revisions.select_related("decision", "created_by").order_by("-number")
    )
    for revision in revisions:
        revision.article = article
    by_pk = {revision.pk: revision for revision in revisions}
    latest = revisions[0] if revisions else None
    latest_review = next(
        (
            revision.decision
            for revision in revisions
            if _decision(revision) is not None
            and revision.decision.outcome != ReviewDecision.Outcome.WITHDRAWN
        ),
        None,
    )
    notes = []
    if latest_review is not None:
        reviewed = by_pk[latest_review.revision_id]
        notes = _notes_with_headings(reviewed)
    live = by_pk.get(article.live_revision_id)
    latest_approved = next(
        (
            revision
            for revision in revisions
            if _decision(revision) is not None
            and revision.decision.outcome == ReviewDecision.Outcome.APPROVED
        ),
        None,
    )
    return ArticleStatus(
        article=article,
        live_revision=live,
        scheduled_revision=by_pk.get(article.scheduled_revision_id),
        latest_revision=latest,
        latest_state=latest.state if latest else RevisionState.DRAFT,
        has_unsubmitted_changes=_has_unsubmitted_changes(article, latest),
        latest_review=latest_review,
        publishable_revision=latest_approved if latest_approved is not live else None,
        review_notes=notes,
        review_due=live is not None
        and type(article).objects.review_due().filter(pk=article.pk).exists(),
        rereview_reasons=rereview_reasons(article) if live is not None else [],
    )


def _decision(revision):
    try:
        return revision.decision
    except ReviewDecision.DoesNotExist:
        return None


def _has_unsubmitted_changes(article, latest):
    if latest is None:
        return True
    current = freeze(article)
    stored = latest.content()
    return any(current[name] != stored[name] for name in _EDITED_FIELDS)


def _notes_with_headings(revision):
    headings = [section["heading"] for section in revision.sections]
    return [
        (headings[note.section_index] if note.section_index is not None else None, note)
        for note in revision.review_notes.select_related("author")
    ]
