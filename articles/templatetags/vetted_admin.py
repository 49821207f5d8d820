"""The admin front page's "Your work" panel: what each role has waiting."""

from django import template
from django.urls import reverse

from articles import policy
from articles.domain.disclaimers import needing_rereview
from articles.models import Article, ArticleRevision, PendingPurge

register = template.Library()


@register.inclusion_tag("admin/vetted/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    user = context["request"].user
    articles = reverse("admin:articles_article_changelist")
    items = []
    if policy.can(user, policy.SUBMIT):
        mine = Article.objects.filter(authors=user).with_editorial_state()
        items.append(("My articles", f"{articles}?mine=1", None))
        items.append(
            (
                "My articles with changes requested",
                f"{articles}?mine=1&state=changes_requested",
                mine.filter(editorial_state="changes_requested").count(),
            )
        )
    if policy.can_review(user):
        items.append(
            (
                "Review queue",
                reverse("admin:articles_articlerevision_queue"),
                ArticleRevision.objects.in_review().count(),
            )
        )
    if policy.can(user, policy.PUBLISH):
        states = Article.objects.with_editorial_state()
        items.append(
            ("Approved, ready to publish", f"{articles}?state=approved",
             states.filter(editorial_state="approved").count())
        )
        items.append(
            ("Scheduled", f"{articles}?state=scheduled", states.filter(editorial_state="scheduled").count())
        )
        items.append(
            (
                "Live articles due for review (the list shows them soonest first, and those due soon)",
                reverse("admin:articles_article_review_due"),
                Article.objects.review_due().count(),
            )
        )
        items.append(
            (
                "Live articles whose disclaimers changed",
                f"{articles}?review_due=disclaimers",
                needing_rereview(Article.objects.all()).count(),
            )
        )
        pending_purges = PendingPurge.objects.count()
        if pending_purges:
            items.append(
                (
                    "Cache purges that failed (retried by the worker; proxies may still show old pages)",
                    reverse("admin:articles_pendingpurge_changelist"),
                    pending_purges,
                )
            )
    return {"items": items}


@register.inclusion_tag("admin/vetted/worker_alerts.html", takes_context=True)
def worker_alerts(context):
    """Red warnings when scheduled work is not being done, and the failures publishers must see."""
    from articles.domain import worker_status

    user = context["request"].user
    return {
        "alerts": worker_status.worker_alerts(),
        "failures": list(worker_status.failures()) if policy.can(user, policy.PUBLISH) else [],
    }
