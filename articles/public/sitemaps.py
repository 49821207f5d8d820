"""``/sitemap.xml``: every live article at its live address, with the date it last changed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        # Two columns per article: a sitemap of thousands of entries need not
        # build thousands of model instances.
        return (
            Article.objects.published()
            .order_by("pk")
            .values("live_revision__slug", "last_published_at")
        )

    def location(self, item):
        return reverse("articles:detail", kwargs={"slug": item["live_revision__slug"]})

    def lastmod(self, item):
        return item["last_published_at"]


SITEMAPS = {"articles": ArticleSitemap}
