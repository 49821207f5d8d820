"""
When each live page falls due for another medical review.

A page's last review is its live revision's approval (a re-certification is
one). It falls due after its review interval: the shortest
``Topic.review_interval_days`` among the live revision's topics that set
one, otherwise ``settings.VETTED_REVIEW_INTERVAL_DAYS``. A page whose
disclaimers changed since its approval is due at once (the change reaches
readers after one re-certification). Publishers see the list soonest first
in the admin and through ``manage.py review_due``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from articles.domain.disclaimers import needing_rereview, rereview_reasons
from articles.models import Article, RevisionTopic


@dataclass(frozen=True)
class ReviewDue:
    article: Article
    last_reviewed_at: datetime
    interval_days: int
    due_at: datetime
    reasons: tuple

    @property
    def overdue_days(self):
        """Whole days past due (negative while still ahead)."""
        return (timezone.now() - self.due_at).days


def interval_days(topics):
    """The review interval of a page in ``topics`` (Topic objects)."""
    custom = [topic.review_interval_days for topic in topics if topic.review_interval_days]
    return min(custom) if custom else settings.VETTED_REVIEW_INTERVAL_DAYS


def review_due(*, now=None, within_days=None):
    """
    Live pages due for review now or within ``within_days`` (default
    ``settings.VETTED_REVIEW_DUE_SOON_DAYS``), soonest first.
    """
    now = now or timezone.now()
    if within_days is None:
        within_days = settings.VETTED_REVIEW_DUE_SOON_DAYS
    horizon = now + timedelta(days=within_days)
    live = list(
        Article.objects.published().select_related("live_revision__decision").order_by("pk")
    )
    topics = {}
    for link in RevisionTopic.objects.filter(
        revision_id__in=[article.live_revision_id for article in live]
    ).select_related("topic"):
        topics.setdefault(link.revision_id, []).append(link.topic)
    stale_disclaimers = set(needing_rereview(Article.objects.all()).values_list("pk", flat=True))
    found = []
    for article in live:
        reviewed = article.live_revision.decision.decided_at
        days = interval_days(topics.get(article.live_revision_id, []))
        due = reviewed + timedelta(days=days)
        reasons = []
        if article.pk in stale_disclaimers:
            reasons.extend(rereview_reasons(article))
            due = min(due, now)
        if due > horizon:
            continue
        if due <= now and not reasons:
            reasons.append(f"Last reviewed {days} or more days ago.")
        elif not reasons:
            reasons.append(f"Review falls due on {timezone.localtime(due):%Y-%m-%d}.")
        found.append(ReviewDue(article, reviewed, days, due, tuple(reasons)))
    found.sort(key=lambda item: (item.due_at, item.article.pk))
    return found
