"""Public pages. They only ever read live revisions, never the working copy."""

from django.shortcuts import get_object_or_404, render

from .models import Article, ReviewerProfile, Topic


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published(), live_revision__slug=slug)
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "revision": article.live_revision},
    )


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = Article.objects.published().filter(live_revision__topic_index=topic)
    return render(request, "articles/topic_detail.html", {"topic": topic, "articles": articles})


def reviewer_detail(request, slug):
    profile = get_object_or_404(ReviewerProfile.objects.select_related("user"), slug=slug)
    return render(request, "articles/reviewer_detail.html", {"profile": profile})
