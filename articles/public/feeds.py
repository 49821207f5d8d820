"""
The Atom feed of live articles. Each entry carries the summary, the
introduction, the reviewer's byline and every disclaimer the article carries,
in full: a feed reader shows the entry without the page around it.
"""

from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from articles.domain.integrity import trustworthy_revisions
from articles.models import Article
from articles.public.pages import HistoryEntry, approval_of, article_body, reviewers_by_revision, reviewers_of
from articles.public.seo import site_name

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("articles:home")
    feed_url = reverse_lazy("articles:feed")

    def title(self):
        return f"{site_name()}: medically reviewed articles"

    def subtitle(self):
        return "Health articles, each approved by a credentialed medical reviewer."

    def items(self):
        articles = list(Article.objects.published().newest_first()[:FEED_LENGTH])
        servable = trustworthy_revisions(article.live_revision for article in articles)
        shown = [article for article in articles if article.live_revision_id in servable]
        signed = reviewers_by_revision([article.live_revision for article in shown])
        for article in shown:
            article.feed_reviewers = signed.get(article.live_revision_id)
        return shown

    def item_link(self, item):
        return item.live_revision.get_absolute_url()

    def item_description(self, item):
        revision = item.live_revision
        return render_to_string(
            "articles/feed_item.html",
            {
                "revision": revision,
                "body": article_body(revision),
                "decision": approval_of(revision),
                "reviewers": getattr(item, "feed_reviewers", None) or reviewers_of(revision),
                "correction": _correction(item),
            },
        )

    def item_title(self, item):
        title = item.live_revision.title
        return f"Correction: {title}" if item.live_revision.update_kind == "correction" else title

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return ", ".join(author["name"] for author in item.live_revision.authors) or None

    def item_categories(self, item):
        return [topic["name"] for topic in item.live_revision.topics]


def _correction(article):
    """
    The correction notice of an entry whose live revision is a correction
    (the reason the entry changed), from the joined revision: no query per entry.
    """
    revision = article.live_revision
    if revision.update_kind != "correction":
        return None
    decision = approval_of(revision)
    return HistoryEntry(
        article.last_published_at,
        "correction",
        revision.change_summary,
        decision.reviewer_name if decision else "",
        decision.reviewer_credentials if decision else "",
    )
