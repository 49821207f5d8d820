"""
The public article page, built only from a revision's frozen content.

``article_page_context(revision, ...)`` is the one place the article page's
template context is made. The public view uses it and so does the editors'
preview, so a preview renders exactly as readers will see it.

Rendering every section's Markdown, and then the sections, references and
disclaimers into the page, is the expensive part of a page view.
A revision never changes, so its rendered body (``ArticleBody``) is cached
without expiry under a key naming the revision, its fingerprint and
``RENDERER_VERSION`` and a digest of the template of the cached part: the key
can never go stale, and publishing a new revision simply means a new key.
Bump ``RENDERER_VERSION`` when the Python side of rendering changes (the
Markdown renderer, rendition markup).

What is not cached is per request and cheap: the byline (from the
reviewers' sign-offs, ``reviewers_of``), the dates (from the article's publication pointers) and the update
history (from the workflow log).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, replace
from html import escape
from urllib.parse import quote, urlsplit

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from articles.db.precompiled import PrecompiledQuery
from articles.domain import images
from articles.domain.integrity import trustworthy_revisions
from articles.domain.rendering import anchor_for, plain_text, render_markdown
from articles.models import ArticleRevision, ReviewApproval, ReviewDecision, WorkflowEvent
from articles.public import seo
from articles.public.formatting import html_datetime, long_date
from articles.public.links import link

RENDERER_VERSION = 3


#: Ids the page template uses itself; section anchors never take them.
RESERVED_IDS = frozenset(
    {
        "main",
        "key-takeaways",
        "in-this-article",
        "bottom-line",
        "references",
        "important-information",
        "update-history",
        "about-this-review",
        "correction-notice",
    }
)
_DESCRIPTION_LENGTH = 160


@dataclass(frozen=True)
class RenderedSection:
    anchor: str
    heading: str
    html: str


@dataclass(frozen=True)
class RenderedDisclaimer:
    key: str
    title: str
    severity: str
    placement: str
    html: str
    text: str


@dataclass(frozen=True)
class RenderedReference:
    number: int
    title: str
    url: str
    doi: str
    doi_url: str
    pmid: str
    pubmed_url: str


@dataclass(frozen=True)
class ArticleBody:
    """Everything on the page that depends only on the revision's content."""

    summary_html: str
    standfirst_html: str
    sections: tuple[RenderedSection, ...]
    conclusion_html: str
    references: tuple[RenderedReference, ...]
    #: Shown once each on the page: at the top (placement "top", and every
    #: safety-critical notice, whatever its placement) or under "Important
    #: information" at the bottom.
    top_disclaimers: tuple[RenderedDisclaimer, ...]
    bottom_disclaimers: tuple[RenderedDisclaimer, ...]
    #: Every disclaimer, for renderings with one place for them (feed, JSON-LD).
    disclaimers: tuple[RenderedDisclaimer, ...]
    hero_html: str
    hero_image: images.Rendition | None
    description: str
    #: Topics, title and authors (``HEADER_TEMPLATE``).
    header_html: str = ""
    #: Top disclaimers, key takeaways, standfirst and hero image (``LEAD_TEMPLATE``).
    lead_html: str = ""
    #: Table of contents, sections, conclusion, references and bottom
    #: disclaimers (``CONTENT_TEMPLATE``): the bulk of the page.
    content_html: str = ""


HEADER_TEMPLATE = "articles/_article_header.html"
LEAD_TEMPLATE = "articles/_article_lead.html"
CONTENT_TEMPLATE = "articles/_article_content.html"


@functools.cache
def _template_digest():
    """Changes whenever a cached part's template does, so a deploy renders afresh."""
    digest = hashlib.sha256()
    for name in (HEADER_TEMPLATE, LEAD_TEMPLATE, CONTENT_TEMPLATE):
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()[:10]


def cache_key(revision):
    return (
        f"vetted:article-body:v{RENDERER_VERSION}-{_template_digest()}:"
        f"{revision.pk}:{revision.content_hash}"
    )


def article_body(revision):
    """
    The rendered body of ``revision``, from the cache when it is there. An
    unsaved revision (the preview of a working copy) changes with every edit,
    so it is rendered afresh rather than filling the cache with one-off entries.
    """
    if revision.pk is None:
        return render_body(revision)
    key = cache_key(revision)
    body = cache.get(key)
    if body is None:
        if revision.get_deferred_fields():
            revision = ArticleRevision.objects.select_related("hero_image").get(pk=revision.pk)
        body = render_body(revision)
        cache.set(key, body, timeout=None)
    return body


def render_body(revision):
    """Render a revision's frozen content to HTML (no cache)."""
    reference_ids = {f"ref-{reference['number']}" for reference in revision.references}
    taken = set(RESERVED_IDS) | reference_ids
    anchors = [anchor_for(section["heading"], taken) for section in revision.sections]
    fragments = {
        "summary": render_markdown(revision.summary, anchor_prefix="summary-"),
        "standfirst": render_markdown(revision.standfirst, anchor_prefix="intro-"),
        "conclusion": render_markdown(revision.conclusion, anchor_prefix="bottom-line-"),
    }
    for anchor, section in zip(anchors, revision.sections):
        fragments[anchor] = render_markdown(section["body"], anchor_prefix=f"{anchor}-")
    for disclaimer in revision.disclaimers:
        for where, top in (("top", 3), ("bottom", 4)):
            name = f"disclaimer-{where}-{disclaimer['key']}"
            fragments[name] = render_markdown(
                disclaimer["body"], base_heading_level=top, anchor_prefix=f"{name}-"
            )
    fragments = images.with_renditions(fragments)

    def disclaimer(data, where):
        return RenderedDisclaimer(
            key=data["key"],
            title=data["title"],
            severity=data["severity"],
            placement=data["placement"],
            html=fragments[f"disclaimer-{where}-{data['key']}"],
            text=plain_text(data["body"]),
        )

    hero_html, hero_image = _hero(revision)
    body = ArticleBody(
        summary_html=fragments["summary"],
        standfirst_html=fragments["standfirst"],
        sections=tuple(
            RenderedSection(anchor, section["heading"], fragments[anchor])
            for anchor, section in zip(anchors, revision.sections)
        ),
        conclusion_html=fragments["conclusion"],
        references=tuple(_reference(reference) for reference in revision.references),
        top_disclaimers=tuple(disclaimer(data, "top") for data in revision.disclaimers if _at_top(data)),
        bottom_disclaimers=tuple(
            disclaimer(data, "bottom") for data in revision.disclaimers if not _at_top(data)
        ),
        disclaimers=tuple(disclaimer(data, "bottom") for data in revision.disclaimers),
        hero_html=hero_html,
        hero_image=hero_image,
        description=_description(revision),
    )
    context = {"body": body, "revision": revision}
    return replace(
        body,
        header_html=render_to_string(HEADER_TEMPLATE, context),
        lead_html=render_to_string(LEAD_TEMPLATE, context),
        content_html=render_to_string(CONTENT_TEMPLATE, context),
    )


def _at_top(disclaimer):
    """Placement "top", or safety-critical: a reader must not have to scroll to find it."""
    return disclaimer["severity"] == "critical" or disclaimer["placement"] == "top"


def _description(revision):
    text = plain_text(revision.summary or revision.standfirst or revision.title)
    if len(text) <= _DESCRIPTION_LENGTH:
        return text
    return text[: _DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _http_url(url):
    """The URL if it is http(s), else "" (snapshots are data; never trust a scheme)."""
    return url if urlsplit(url or "").scheme.lower() in ("http", "https") else ""


def _reference(data):
    doi = (data.get("doi") or "").strip()
    pmid = (data.get("pmid") or "").strip()
    return RenderedReference(
        number=data["number"],
        title=data["title"],
        url=_http_url(data.get("url") or ""),
        doi=doi,
        doi_url=f"https://doi.org/{quote(doi, safe='/:;()')}" if doi else "",
        pmid=pmid,
        pubmed_url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else "",
    )


def _hero(revision):
    hero = revision.hero
    if not hero or not revision.hero_image_id:
        return "", None
    renditions = images.ensure_renditions(revision.hero_image)
    if renditions is None:
        return "", None
    return images.picture_html(renditions, alt=hero["alt"], lazy=False), renditions.largest


@dataclass(frozen=True)
class Teaser:
    """One article in a list: the live revision, its approval, its reviewers and a description."""

    article: object
    revision: object
    decision: object
    description: str
    reviewers: tuple = ()


def servable(articles):
    """
    Those of the live ``articles`` whose live revision a public surface may
    show (``trustworthy_revisions``: fingerprint, ledger entry and approval
    checked once per revision, then cached). A title, summary or slug from a
    revision in doubt must not reach a list any more than its page.
    """
    articles = list(articles)
    trusted = trustworthy_revisions(article.live_revision for article in articles)
    return [article for article in articles if article.live_revision_id in trusted]


def teasers(articles):
    """
    List entries for ``articles`` (from ``Article.objects.for_listing()``).
    Descriptions are plain text made from Markdown, cached per revision with
    one cache round trip for the whole list. An article whose live revision
    the ledger doubts is left out (``servable``), as its page is withheld.
    """
    articles = servable(articles)
    keys = {
        article.pk: f"vetted:description:v{RENDERER_VERSION}:{article.live_revision_id}:"
        f"{article.live_revision.content_hash}"
        for article in articles
    }
    found = cache.get_many(keys.values())
    missing = {}
    result = []
    signed = reviewers_by_revision([article.live_revision for article in articles])
    for article in articles:
        revision = article.live_revision
        description = found.get(keys[article.pk])
        if description is None:
            description = missing[keys[article.pk]] = _description(revision)
        decision = approval_of(revision)
        reviewers = (signed.get(revision.pk) or [_decision_reviewer(decision)]) if decision else []
        result.append(Teaser(article, revision, decision, description, tuple(reviewers)))
    if missing:
        cache.set_many(missing, timeout=None)
    return result


@dataclass(frozen=True)
class HistoryEntry:
    """
    One public update note. ``kind`` is "first" (first publication),
    "update", "correction" (shown prominently) or "re_review" (a reviewer
    confirmed the text as still accurate: "Reviewed again on DATE by NAME").
    """

    date: object
    kind: str
    change_summary: str
    reviewer_name: str
    reviewer_credentials: str
    reviewed_at: object = None

    @property
    def first(self):
        return self.kind == "first"


_PUBLICATIONS = PrecompiledQuery(
    lambda article_id: WorkflowEvent.objects.filter(article_id=article_id, action=WorkflowEvent.Action.PUBLISHED)
    .order_by("created_at", "pk")
    .values_list(
        "created_at",
        "revision_id",
        "revision__change_summary",
        "revision__update_kind",
        "revision__recertifies_id",
        "revision__decision__reviewer_name",
        "revision__decision__reviewer_credentials",
        "revision__decision__decided_at",
    ),
    markers=[-1_000_000_007],
)


def update_history(article):
    """
    The public update history, newest first: one entry per publication of a
    new revision (republishing the same text adds nothing). The text of each
    entry is the revision's change summary, which was reviewed with it; a
    re-certification is listed as a re-review with its reviewer and date.
    """
    events = _PUBLICATIONS.rows(article.pk)
    entries = []
    previous = None
    for created_at, revision_id, summary, update_kind, recertifies, name, credentials, reviewed_at in events:
        if revision_id == previous:
            continue
        if previous is None:
            kind = "first"
        elif recertifies is not None:
            kind = "re_review"
        elif update_kind == "correction":
            kind = "correction"
        else:
            kind = "update"
        entries.append(HistoryEntry(created_at, kind, summary, name, credentials, reviewed_at))
        previous = revision_id
    return entries[::-1]


def latest_correction(history):
    """The newest correction in ``history`` (from ``update_history``), shown at the top of the page."""
    return next((entry for entry in history if entry.kind == "correction"), None)


def approval_of(revision):
    """The revision's approval, or ``None`` when it has not been approved."""
    try:
        decision = revision.decision
    except ObjectDoesNotExist:
        return None
    return decision if decision.outcome == ReviewDecision.Outcome.APPROVED else None


@dataclass(frozen=True)
class Reviewer:
    """One approving reviewer as the byline and structured data name them (as of their approval)."""

    name: str
    credentials: str
    url: str = ""


def reviewers_of(revision, decision=None):
    """
    Everyone who approved the revision, in the order they signed off: the
    byline and ``reviewedBy`` name them all. An approval from before
    sign-offs were recorded names its decider.
    """
    decision = decision if decision is not None else approval_of(revision)
    if decision is None:
        return []
    return reviewers_by_revision([revision]).get(revision.pk) or [_decision_reviewer(decision)]


#: What the byline needs of a sign-off: the names and credentials as approved, and the profile's address.
_SIGN_OFF_COLUMNS = (
    "revision_id", "content_hash", "reviewer_name", "reviewer_credentials", "reviewer__reviewer_profile__slug",
)

#: The article page's sign-offs, compiled once per process (see ``PrecompiledQuery``).
_SIGN_OFFS_OF_ONE = PrecompiledQuery(
    lambda revision_id: ReviewApproval.objects.filter(revision_id=revision_id)
    .order_by("approved_at", "pk")
    .values_list(*_SIGN_OFF_COLUMNS),
    markers=[-1_000_000_009],
)


def reviewers_by_revision(revisions):
    """revision id -> its approving reviewers, for several revisions in one query."""
    hashes = {revision.pk: revision.content_hash for revision in revisions}
    if len(hashes) == 1:
        (revision_id,) = hashes
        rows = _SIGN_OFFS_OF_ONE.rows(revision_id)
    else:
        rows = (
            ReviewApproval.objects.filter(revision_id__in=hashes)
            .order_by("approved_at", "pk")
            .values_list(*_SIGN_OFF_COLUMNS)
        )
    found = {}
    for revision_id, content_hash, name, credentials, profile_slug in rows:
        if content_hash != hashes[revision_id]:
            continue
        url = link("articles:reviewer", profile_slug) if profile_slug else ""
        found.setdefault(revision_id, []).append(Reviewer(name, credentials, url))
    return found


def _decision_reviewer(decision):
    return Reviewer(decision.reviewer_name, decision.reviewer_credentials, reviewer_url(decision))


def reviewer_url(decision):
    try:
        return decision.decided_by.reviewer_profile.get_absolute_url()
    except ObjectDoesNotExist:
        return ""


def byline_html(decision, reviewers):
    """
    "Medically reviewed by NAME, CREDENTIALS on DATE", linked to the reviewer's
    page, or every approver joined by "and"; or the notice that the revision
    is not yet approved. The page shows it twice (under the title and in
    "About this article"). Built here rather than in a template, like the
    meta tags: a template render of its own cost about a twentieth of an
    uncached page. ``escape`` is ``html.escape``, as Django's ``escape`` is.
    """
    if decision is None:
        return mark_safe('<p class="byline byline--pending">Not yet approved by a medical reviewer.</p>')
    if len(reviewers) == 1:
        names = f"{escape(decision.reviewer_name)}, {escape(decision.reviewer_credentials)}"
        url = reviewers[0].url
        who = f'<a href="{escape(url)}">Medically reviewed by {names}</a>' if url else f"Medically reviewed by {names}"
    else:
        who = "Medically reviewed by " + " and ".join(
            f'<a href="{escape(reviewer.url)}">{escape(reviewer.name)}, {escape(reviewer.credentials)}</a>'
            if reviewer.url
            else f"{escape(reviewer.name)}, {escape(reviewer.credentials)}"
            for reviewer in reviewers
        )
    when = localtime(decision.decided_at)
    return mark_safe(
        f'<p class="byline">{who} on <time datetime="{html_datetime(when)}">{long_date(when)}</time></p>'
    )


def article_page_context(revision, *, article=None, request=None, preview=False):
    """
    The template context of ``articles/article_detail.html`` for ``revision``.

    The public view passes the live revision; an editors' preview may pass any
    revision with ``preview=True`` (the page is then marked ``noindex`` and
    says it is a preview). Everything readers see comes from the revision's
    frozen content and its review decision, never from the working copy.
    """
    article = article or revision.article
    decision = approval_of(revision)
    reviewers = reviewers_of(revision, decision)
    body = article_body(revision)
    absolute = request.build_absolute_uri if request is not None else (lambda path: path)
    url = absolute(revision.get_absolute_url())
    history = update_history(article)
    structured = seo.medical_web_page(
        revision=revision,
        article=article,
        decision=decision,
        reviewers=[replace(reviewer, url=absolute(reviewer.url) if reviewer.url else "") for reviewer in reviewers],
        body=body,
        url=url,
        absolute=absolute,
    )
    return {
        "article": article,
        "revision": revision,
        "body": body,
        "decision": decision,
        "reviewers": reviewers,
        "byline": byline_html(decision, reviewers),
        "published_at": article.first_published_at,
        "updated_at": article.last_published_at
        if article.last_published_at != article.first_published_at
        else None,
        "history": history,
        "correction": latest_correction(history),
        "canonical_url": url,
        "meta_tags": seo.meta_elements(
            seo.article_meta(revision=revision, article=article, body=body, url=url, absolute=absolute)
        ),
        "json_ld": seo.json_ld_script(structured),
        "preview": preview,
    }
