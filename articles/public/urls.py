from django.contrib.sitemaps.views import index, sitemap
from django.urls import path

from articles.admin import previews
from articles.public import site_files, views
from articles.public.caching import cacheable, latest_publication_change
from articles.public.feeds import LatestArticlesFeed
from articles.public.sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("reviewers/<slug:slug>/", views.reviewer_detail, name="reviewer"),
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("feed/", cacheable("feed", last_modified=latest_publication_change)(LatestArticlesFeed()), name="feed"),
    path(
        "sitemap.xml",
        cacheable("feed", last_modified=latest_publication_change)(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cacheable("feed", last_modified=latest_publication_change)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", site_files.favicon, name="favicon"),
]

# Signed share links to a revision preview (articles.admin.previews).
urlpatterns += [
    path("preview/<str:token>/", previews.shared_preview, name="shared_preview"),
]
