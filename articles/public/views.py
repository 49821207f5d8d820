"""
Public pages. They read articles only through ``Article.objects.published()``
and show only the live revision's frozen content, never the working copy.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.db.connection_checks import checked_by_first_query
from articles.db.precompiled import PrecompiledQuery
from articles.domain.integrity import revision_is_trustworthy
from articles.models import Article, ReviewerProfile, Topic
from articles.public import search as search_module
from articles.public.caching import cacheable, latest_publication_change
from articles.public.pages import article_page_context, teasers
from articles.public.withheld import withheld_response

# article_page_context is re-exported for the editors' preview (same context as the public page).
__all__ = ["article_page_context", "home", "article_detail", "topic_detail", "reviewer_detail", "search", "robots_txt"]

HOME_LENGTH = 12
PAGE_LENGTH = 10

#: What the article page reads of the article, its live revision and the revision's approval; the
#: rest is left out (each column read is a conversion per request). In particular the working
#: copy's text (never shown to readers), the revision's content that only the rendered body and
#: header need (``article_body`` reads the whole revision on a miss of its cache, hero image
#: included) and the deciding reviewer's account (the byline comes from the sign-offs; only an
#: approval older than them reads it).
LIVE_PAGE_FIELDS = (
    "first_published_at",
    "last_published_at",
    *(
        f"live_revision__{name}"
        for name in ("article_id", "number", "title", "slug", "topics", "authors", "hero", "hero_image_id",
                     "content_hash")
    ),
    *(
        f"live_revision__decision__{name}"
        for name in ("revision_id", "outcome", "decided_by_id", "decided_at", "content_hash", "reviewer_name",
                     "reviewer_credentials")
    ),
)

#: The article page's lookup, compiled once per process (see ``PrecompiledQuery``).
_LIVE_AT = PrecompiledQuery(
    lambda slug: Article.objects.published()
    .filter(live_revision__slug=slug)
    .select_related(None)
    .select_related("live_revision__decision")
    .order_by()
    .only(*LIVE_PAGE_FIELDS)[:1],
    markers=["\x00slug"],
)


def _page(request, items, per_page=PAGE_LENGTH):
    """One page of ``items``; an invalid or out-of-range page number is a 404."""
    try:
        return Paginator(items, per_page).page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page.") from None


@require_safe
@cacheable("list", last_modified=latest_publication_change)
def home(request):
    return render(
        request,
        "articles/home.html",
        {
            "teasers": teasers(Article.objects.for_listing().newest_first()[:HOME_LENGTH]),
            "topics": Topic.objects.with_live_articles(),
        },
    )


@require_safe
@cacheable("article")
def article_detail(request, slug):
    """
    The live revision at its own slug. An address an article was published
    at before its slug changed redirects permanently to the current one.
    """
    article = next(iter(checked_by_first_query(lambda: _LIVE_AT.objects(slug))), None)
    if article is None:
        moved = Article.objects.formerly_at(slug).first()
        if moved is None:
            raise Http404("No published article at this address.")
        return redirect(moved.live_revision.get_absolute_url(), permanent=True)
    if not revision_is_trustworthy(article.live_revision):
        return withheld_response(request)
    context = article_page_context(article.live_revision, article=article, request=request)
    # Without the request's context processors: a page that shared caches keep must not depend on
    # who asked, so it gets no user, messages or CSRF token to show (and skips making them).
    response = HttpResponse(get_template("articles/article_detail.html").render(context))
    # Read by the page cache (which stores only the revision it looked up) and by ``cacheable``.
    response.live_revision_id = article.live_revision_id
    response.last_modified = article.last_published_at
    return response


@require_safe
@cacheable("list", last_modified=latest_publication_change)
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    page = _page(request, Article.objects.for_listing().in_topic(topic).newest_first())
    return render(
        request, "articles/topic_detail.html", {"topic": topic, "page": page, "teasers": teasers(page)}
    )


@require_safe
@cacheable("list", last_modified=latest_publication_change)
def reviewer_detail(request, slug):
    profile = get_object_or_404(ReviewerProfile.objects.select_related("user"), slug=slug)
    page = _page(request, Article.objects.for_listing().reviewed_by(profile.user).newest_first())
    return render(
        request,
        "articles/reviewer_detail.html",
        {"profile": profile, "page": page, "teasers": teasers(page)},
    )


@require_safe
@cacheable("search")
def search(request):
    query = search_module.normalise(request.GET.get("q", ""))
    page = hits = None
    if query:
        page = _page(request, search_module.search_articles(query))
        hits = search_module.hits(page.object_list, query)
    return render(request, "articles/search.html", {"query": query, "page": page, "hits": hits})


@require_safe
@cacheable("robots")
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("articles:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
