"""
Telling shared caches (Varnish, a CDN) that pages changed.

The workflow calls ``purge_on_commit(article)`` inside every transaction that
can change what readers see (publish, scheduled publication, unpublish), and
the disclaimer action calls ``purge_disclaimer_on_commit``. The pages that
showed the article before the change are collected at once; when the
transaction commits, the pages that show it now are added and a purge goes to
every proxy in ``CACHE_PURGE_URLS``. A rolled-back transaction sends nothing.

A purger turns page paths into requests and sends them. ``VarnishPurger``,
the one real adapter, sends an HTTP ``PURGE`` for each exact path and one
``BAN`` whose ``X-Ban-Url`` regular expression also catches the paginated and
query-string variants of those pages (``deploy/varnish/default.vcl`` obeys
both, from localhost only). ``CACHE_PURGER`` names another class with the
same two methods (a CDN's API, for instance).

A request that fails is stored as a ``PendingPurge``; the worker calls
``retry_failed_purges()`` until it goes through, and the admin dashboard shows
publishers how many are waiting.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from articles.models import Article, PendingPurge, ReviewerProfile, RevisionDisclaimer

logger = logging.getLogger(__name__)

#: Beyond this many articles, a disclaimer change bans the whole site at once.
SITE_WIDE_BAN_THRESHOLD = 200


@dataclass(frozen=True)
class PurgeRequest:
    proxy: str
    method: str
    path: str
    headers: dict = field(default_factory=dict)

    @property
    def url(self):
        return self.proxy.rstrip("/") + self.path


class PurgeFailed(Exception):
    pass


class NullPurger:
    """No proxy configured: nothing to tell."""

    def requests(self, paths):
        return []

    def send(self, request):
        return None


class VarnishPurger:
    """HTTP PURGE (exact path) and BAN (path and its query-string variants) to each proxy."""

    def __init__(self, proxies=None, *, host=None, timeout=None):
        self.proxies = list(proxies if proxies is not None else settings.CACHE_PURGE_URLS)
        self.host = host if host is not None else settings.CACHE_PURGE_HOST
        self.timeout = timeout if timeout is not None else settings.CACHE_PURGE_TIMEOUT

    def requests(self, paths):
        paths = sorted(set(paths))
        if not paths:
            return []
        headers = {"Host": self.host} if self.host else {}
        ban = ban_expression(paths)
        result = []
        exact = [path for path in paths if path != "/*"]
        for proxy in self.proxies:
            result += [PurgeRequest(proxy, "PURGE", path, headers) for path in exact]
            result.append(PurgeRequest(proxy, "BAN", "/", {**headers, "X-Ban-Url": ban}))
        return result

    def send(self, request):
        http_request = urllib.request.Request(request.url, method=request.method, headers=request.headers)
        try:
            with urllib.request.urlopen(http_request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, ValueError) as error:
            raise PurgeFailed(f"{request.method} {request.url}: {error}") from error
        # 404 from a PURGE means the page was not cached: nothing left to remove.
        if not (200 <= status < 300 or (request.method == "PURGE" and status == 404)):
            raise PurgeFailed(f"{request.method} {request.url}: the proxy answered {status}")


def ban_expression(paths):
    """A regular expression matching each path, alone or followed by a query string."""
    if "/*" in paths:
        return "^/"
    alternatives = "|".join(re.escape(path) for path in paths)
    return f"^({alternatives})(\\?.*)?$"


def get_purger():
    if settings.CACHE_PURGER:
        return import_string(settings.CACHE_PURGER)()
    if settings.CACHE_PURGE_URLS:
        return VarnishPurger()
    return NullPurger()


# --------------------------------------------------------------------------
# Which pages showed an article
# --------------------------------------------------------------------------


#: The pages that list every live article (the sitemap's pages are one path with ``?p=N``).
SITE_PAGES = (
    ("articles:home", {}),
    ("articles:feed", {}),
    ("articles:sitemap", {}),
    ("articles:sitemap-section", {"section": "articles"}),
    ("articles:search", {}),
)


def pages_showing(article_id):
    """Paths of every page that shows article ``article_id``'s live revision now (none if not live)."""
    article = (
        Article.objects.filter(pk=article_id, live_revision__isnull=False)
        .select_related("live_revision__decision")
        .only("live_revision__slug", "live_revision__topics", "live_revision__decision__decided_by")
        .first()
    )
    if article is None:
        return set()
    revision = article.live_revision
    paths = {reverse("articles:detail", kwargs={"slug": revision.slug})}
    paths |= {reverse("articles:topic", kwargs={"slug": topic["slug"]}) for topic in revision.topics}
    decision = getattr(revision, "decision", None)
    if decision is not None:
        paths |= {
            reverse("articles:reviewer", kwargs={"slug": slug})
            for slug in ReviewerProfile.objects.filter(user_id=decision.decided_by_id).values_list("slug", flat=True)
        }
    return paths


def site_pages():
    return {reverse(name, kwargs=kwargs) for name, kwargs in SITE_PAGES}


def purge_on_commit(article):
    """
    Purge, when the current transaction commits, every page that shows
    ``article`` now or will show it after the commit, and the site-wide
    lists. Call before changing the live pointer.
    """
    before = pages_showing(article.pk)

    def send_after_commit():
        send_purges(before | pages_showing(article.pk) | site_pages())

    transaction.on_commit(send_after_commit)


def purge_disclaimer_on_commit(disclaimer):
    """Purge, on commit, the pages of every live article carrying ``disclaimer`` (all pages if many)."""
    carrying = list(
        RevisionDisclaimer.objects.filter(disclaimer=disclaimer, revision__article__live_revision=F("revision"))
        .values_list("revision__article_id", flat=True)[: SITE_WIDE_BAN_THRESHOLD + 1]
    ) if disclaimer.pk else []

    def send_after_commit():
        if len(carrying) > SITE_WIDE_BAN_THRESHOLD:
            send_purges({"/*"})
            return
        paths = set(site_pages()) if carrying else set()
        for article_id in carrying:
            paths |= pages_showing(article_id)
        send_purges(paths)

    transaction.on_commit(send_after_commit)


# --------------------------------------------------------------------------
# Sending and retrying
# --------------------------------------------------------------------------


def send_purges(paths, *, purger=None):
    """Send purges for ``paths`` to every proxy; store the ones that fail. Returns how many failed."""
    purger = purger or get_purger()
    failed = 0
    unreachable = set()
    for request in purger.requests(paths):
        if request.proxy in unreachable:
            _store(request, "Not tried: an earlier purge to this proxy failed.")
            failed += 1
            continue
        try:
            purger.send(request)
        except PurgeFailed as error:
            logger.warning("Cache purge failed, will retry: %s", error)
            unreachable.add(request.proxy)
            _store(request, str(error))
            failed += 1
    return failed


def _store(request, error):
    PendingPurge.objects.create(
        proxy=request.proxy, method=request.method, path=request.path, headers=request.headers, last_error=error
    )


def retry_failed_purges(*, purger=None):
    """
    Send every stored purge again; remove the ones that go through. Called by
    the worker. Returns ``(sent, still_pending)``.
    """
    purger = purger or get_purger()
    sent = 0
    for pending in PendingPurge.objects.order_by("pk"):
        request = PurgeRequest(pending.proxy, pending.method, pending.path, pending.headers)
        try:
            purger.send(request)
        except PurgeFailed as error:
            PendingPurge.objects.filter(pk=pending.pk).update(
                attempts=F("attempts") + 1, last_error=str(error), last_tried_at=timezone.now()
            )
            continue
        pending.delete()
        sent += 1
    return sent, PendingPurge.objects.count()


@dataclass(frozen=True)
class PurgeRetry:
    """What one worker pass did with the stored purges."""

    sent: int
    still_pending: int

    @property
    def ok(self):
        return self.still_pending == 0

    def __str__(self):
        if self.ok:
            return f"Resent {self.sent} failed cache purge(s); none left."
        return (
            f"Resent {self.sent} failed cache purge(s); {self.still_pending} still failing "
            "(proxies may keep showing old pages until they go through)."
        )


def retry_purges_due(*, now=None):
    """The worker's due work: resend stored purges, if there are any."""
    if not PendingPurge.objects.exists():
        return []
    return [PurgeRetry(*retry_failed_purges())]
