"""``/sitemap.xml``: every live article at its live address, with the date it last changed."""

from django.contrib.sitemaps import Sitemap

from .models import Article


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Article.objects.for_listing().order_by("pk")

    def location(self, item):
        return item.live_revision.get_absolute_url()

    def lastmod(self, item):
        return item.last_published_at


SITEMAPS = {"articles": ArticleSitemap}
