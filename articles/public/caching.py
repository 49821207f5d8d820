"""
HTTP caching of the readers' site, and the page cache of article pages.

**Cache headers.** ``cacheable(policy)`` decorates the public views. A page
shown to anonymous readers gets a strong ``ETag`` (a digest of its bytes),
a ``Last-Modified`` when the view knows one, and ``Cache-Control`` suited to a
shared cache (``POLICIES``); a conditional GET that matches is answered 304.
Anything shown to a signed-in user is ``private, no-store``, so a shared cache
never keeps a page an editor saw. ``Vary`` is left as Django sets it: nothing
for anonymous readers, ``Cookie`` once a session is read.

**Page cache.** An article page shows exactly one immutable revision, so its
rendered response is stored under a key naming what the page shows
(``page_key``): the live revision, when it was published, the current
versions of the disclaimers it carries, and a digest of the templates, static
files and renderer. Publishing moves the live pointer and so the key; nothing
is ever invalidated. ``PageCacheMiddleware`` sits first in the middleware
stack: for an anonymous GET of ``/articles/<slug>/`` it reads the pointer
(one indexed query, ``live_pointer``) and answers from the cache without
running the rest of the stack. Whatever it serves is therefore the page of the
revision that is live at that moment; an unpublished page has no pointer and
falls through to the view, which answers 404.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_etags

from articles.db.connection_checks import checked_by_first_query

#: Cache-Control for anonymous readers, per kind of page. Article pages get no
#: stale-while-revalidate: after an unpublish a cache must not keep serving the
#: page while it revalidates. Lists may lag a minute; a purge empties them anyway.
POLICIES = {
    "article": {"public": True, "max_age": 60, "s_maxage": 300},
    "list": {"public": True, "max_age": 60, "s_maxage": 120, "stale_while_revalidate": 60},
    "search": {"public": True, "max_age": 60, "s_maxage": 60, "stale_while_revalidate": 60},
    "feed": {"public": True, "max_age": 300, "s_maxage": 300, "stale_while_revalidate": 300},
    "robots": {"public": True, "max_age": 3600},
}

ARTICLE_PATH_RE = re.compile(r"^/articles/(?P<slug>[-a-zA-Z0-9_]+)/$")

#: Bump when the Python side of the page changes in a way the digest cannot see.
PAGE_CACHE_VERSION = 2


def cacheable(policy, *, last_modified=None):
    """
    Decorate a public view: cache headers of ``POLICIES[policy]`` for
    anonymous readers, ``private, no-store`` for signed-in users, a strong
    ETag and, if ``last_modified(request, response)`` gives one, a
    Last-Modified; answer a matching conditional GET with 304.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            return finish(request, response, policy, last_modified=last_modified)

        return wrapped

    return decorator


def finish(request, response, policy, *, last_modified=None):
    """Apply ``policy`` to ``response`` (see ``cacheable``)."""
    if signed_in(request):
        response["Cache-Control"] = "private, no-store"
        return response
    if response.status_code != 200 or response.streaming:
        return response
    if getattr(response, "is_rendered", True) is False:
        response.render()
    patch_cache_control(response, **POLICIES[policy])
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    stamp = last_modified(request, response) if last_modified else getattr(response, "last_modified", None)
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp.timestamp())
    return conditional(request, response)


def conditional(request, response):
    """The 304 for a matching conditional GET, else ``response``."""
    modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=_parse_http_date(modified) if modified else None,
        response=response,
    )


def signed_in(request):
    """
    True when a signed-in user makes the request. Only a request that carries
    a session cookie reads the session, so anonymous pages get no
    ``Vary: Cookie`` and a shared cache can keep them.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def latest_publication_change(request, response):
    """
    When a page last appeared or disappeared: the time of the newest
    publication or unpublication. The Last-Modified of the list pages.
    """
    from articles.models import WorkflowEvent

    Action = WorkflowEvent.Action
    return (
        WorkflowEvent.objects.filter(action__in=[Action.PUBLISHED, Action.UNPUBLISHED])
        .order_by("-pk")
        .values_list("created_at", flat=True)
        .first()
    )


def _parse_http_date(value):
    from django.utils.http import parse_http_date_safe

    return parse_http_date_safe(value)


# --------------------------------------------------------------------------
# The page cache
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class LivePointer:
    """What an article address shows right now."""

    article_id: int
    revision_id: int
    published_at: datetime | str
    disclaimer_versions: int


@functools.cache
def _pointer_sql():
    from articles.models import Article, ArticleRevision, Disclaimer, RevisionDisclaimer

    article = Article._meta.db_table
    revision = ArticleRevision._meta.db_table
    frozen = RevisionDisclaimer._meta.db_table
    disclaimer = Disclaimer._meta.db_table
    return (
        f"SELECT a.id, a.live_revision_id, a.last_published_at, "
        f"(SELECT COALESCE(SUM(d.version), 0) FROM {frozen} f "
        f"JOIN {disclaimer} d ON d.id = f.disclaimer_id WHERE f.revision_id = r.id) "
        f"FROM {revision} r JOIN {article} a ON a.live_revision_id = r.id "
        f"WHERE r.slug = %s"
    )


def live_pointer(slug):
    """
    The live revision at ``slug`` with its publication time and the sum of
    the current versions of the disclaimers it carries, or None. One query
    on the revision slug index, in raw SQL: this is the whole database cost
    of a warm article page (it is also the connection's health check, see
    ``articles.db.connection_checks``).
    """
    return checked_by_first_query(lambda: _read_pointer(slug))


def _read_pointer(slug):
    with connection.cursor() as cursor:
        cursor.execute(_pointer_sql(), [slug])
        row = cursor.fetchone()
    return LivePointer(*row) if row else None


@functools.cache
def site_digest():
    """
    A digest of everything besides the revision that shapes a page: the
    templates, the static files (their hashed names are in the page) and the
    renderer's version. A deploy that changes any of them starts a new key space.
    """
    from articles.public.pages import RENDERER_VERSION

    digest = hashlib.sha256(f"{PAGE_CACHE_VERSION}:{RENDERER_VERSION}".encode())
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "articles" / "templates",
             *map(Path, settings.STATICFILES_DIRS)]
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def page_key(pointer, *, host, secure):
    published = pointer.published_at
    if isinstance(published, datetime):
        published = published.isoformat()
    return (
        f"vetted:page:{site_digest()}:{'https' if secure else 'http'}://{host}:"
        f"{pointer.revision_id}:{published}:{pointer.disclaimer_versions}"
    )


#: What a 304 repeats of the page it stands for (as Django's ``get_conditional_response`` does).
_NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "ETag", "Expires", "Last-Modified", "Vary")


@dataclass(frozen=True)
class StoredPage:
    """
    A rendered response as the page cache keeps it, with what a conditional
    GET is checked against worked out once, when it is stored: a revalidation
    (the common case behind a proxy or a browser's cache) is then a string
    comparison and an empty response, cheaper than sending the page.
    """

    status: int
    headers: tuple
    content: bytes
    etag: str | None
    last_modified: int | None
    not_modified_headers: tuple

    @classmethod
    def of(cls, response):
        headers = tuple(response.items())
        modified = response.get("Last-Modified")
        return cls(
            status=response.status_code,
            headers=headers,
            content=response.content,
            etag=response.get("ETag"),
            last_modified=_parse_http_date(modified) if modified else None,
            not_modified_headers=tuple((name, value) for name, value in headers if name in _NOT_MODIFIED_HEADERS),
        )

    def response(self):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response

    def answer(self, request):
        """The stored page, or a 304 when the request's validators match it (built without the body)."""
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            # RFC 9110 13.1.2: with If-None-Match, If-Modified-Since is ignored.
            return self._not_modified() if self._etag_matches(if_none_match) else self.response()
        if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
        if if_modified_since and self.last_modified is not None:
            since = _parse_http_date(if_modified_since)
            if since is not None and self.last_modified <= since:
                return self._not_modified()
        return self.response()

    def _etag_matches(self, if_none_match):
        if self.etag is None:
            return False
        if if_none_match == self.etag:
            return True
        listed = parse_etags(if_none_match)
        return listed == ["*"] or self.etag.removeprefix("W/") in (etag.removeprefix("W/") for etag in listed)

    def _not_modified(self):
        response = HttpResponseNotModified()
        for name, value in self.not_modified_headers:
            response[name] = value
        return response


def page_cache_enabled():
    return getattr(settings, "VETTED_PAGE_CACHE", True)


class PageCacheMiddleware:
    """
    Serve anonymous GETs of an article page from the page cache, before the
    rest of the middleware runs. On a miss the request goes through the stack
    as usual and the finished response (with every header the other
    middleware added) is stored, if it is a public 200 of the revision the
    pointer named when the request began.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = ARTICLE_PATH_RE.match(request.path_info)
        if (
            match is None
            or request.method not in ("GET", "HEAD")
            or request.GET
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not page_cache_enabled()
        ):
            return self.get_response(request)
        try:
            host = request.get_host()
        except Exception:
            return self.get_response(request)
        pointer = live_pointer(match["slug"])
        if pointer is None:
            return self.get_response(request)
        key = page_key(pointer, host=host, secure=request.is_secure())
        stored = cache.get(key)
        if stored is not None:
            return stored.answer(request)
        response = self.get_response(request)
        if self._storable(response, pointer):
            cache.set(key, StoredPage.of(response), timeout=settings.VETTED_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _storable(response, pointer):
        return (
            response.status_code == 200
            and not response.streaming
            and getattr(response, "live_revision_id", None) == pointer.revision_id
            and "public" in response.get("Cache-Control", "")
            and not response.cookies
            and "Cookie" not in response.get("Vary", "")
        )
