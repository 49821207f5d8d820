"""
Full-text search over live revisions (title, summary, standfirst, section
headings and bodies, conclusion). Only ``Article.objects.published()`` is
searched, and only the live revision's frozen text, so a draft, a revision in
review or an unpublished article can never be found.

On PostgreSQL it is real full-text search: a weighted ``tsvector`` (title A;
summary, standfirst and headings B; bodies and conclusion C), stored per live
article in ``SearchEntry`` and GIN-indexed (a trigger rewrites it whenever the
live pointer moves, so it is updated on publish whatever code publishes), matched with
``websearch_to_tsquery`` (quotes, ``or``, ``-word`` work), ranked with
``ts_rank`` and highlighted with ``ts_headline``.

On SQLite (one machine, small sites) a fallback does the same job in Python:
every query word (stop words dropped, simple English suffixes folded, so
"sleeping" finds "sleep") must appear somewhere; matches are weighted like the
PostgreSQL vector and ranked by score, then by date. A SQL ``LIKE`` prefilter
narrows the candidates first. Its cost grows with the number of live
articles; ``bench/article_page_bench.py`` prints it.

Highlights use private-use sentinel characters while the text is still
plain, then the text is HTML-escaped and the sentinels become ``<mark>``, so
nothing an author wrote is ever interpreted as markup.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.domain.rendering import plain_text
from articles.models import Article
from articles.public.pages import servable

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"
_START, _STOP = "\ue000", "\ue001"
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_STOP_WORDS = frozenset(
    "a an and are as at be but by can do does for from has have how i if in into is it its "
    "may not of on or so than that the their them then there these they this to was what "
    "when which who why will with you your".split()
)
_SUFFIXES = ("ations", "ation", "ness", "ings", "ing", "edly", "ies", "ed", "es", "ly", "s")
_WEIGHTS = {"title": 10.0, "summary": 4.0, "standfirst": 4.0, "headings": 4.0, "bodies": 1.0, "conclusion": 1.0}
_SNIPPET_WORDS = 36


@dataclass(frozen=True)
class Hit:
    article: Article
    title_html: str
    snippet_html: str

    @property
    def revision(self):
        return self.article.live_revision


def search_articles(query):
    """
    Live articles matching ``query``, best first: a queryset on PostgreSQL,
    a list elsewhere. Either can be paginated; pass a page to ``hits()``.
    """
    query = normalise(query)
    if not query:
        return Article.objects.none()
    if connection.vendor == "postgresql":
        return _postgres_search(query)
    return _fallback_search(query)


def hits(articles, query):
    """
    Highlighted title and snippet for each article of one results page,
    leaving out any whose live revision the ledger doubts.
    """
    articles = servable(articles)
    query = normalise(query)
    if connection.vendor == "postgresql":
        return [Hit(a, _marked(a.title_headline), _marked(_clean_markdown(a.body_headline))) for a in articles]
    stems = {_stem(term) for term in terms(query)}
    return [
        Hit(article, _highlight(article.live_revision.title, stems), _snippet(article.live_revision, stems))
        for article in articles
    ]


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def normalise(query):
    """Whitespace collapsed, control characters (NUL, which PostgreSQL refuses, included) dropped."""
    return " ".join(_CONTROL_RE.sub(" ", query or "").split())[:MAX_QUERY_LENGTH]


def terms(query):
    """The words of a query that count (lower-cased, stop words dropped)."""
    words = [word.casefold() for word in _WORD_RE.findall(query)]
    return [word for word in dict.fromkeys(words) if word not in _STOP_WORDS]


def _stem(word):
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------


class _SectionsText(Func):
    """One field of every section of a revision, joined into text (PostgreSQL)."""

    output_field = TextField()

    def __init__(self, expression, key):
        super().__init__(expression)
        if key not in ("heading", "body"):
            raise ValueError(key)
        self.template = (
            f"(SELECT string_agg(s.value->>'{key}', E'\\n\\n') "
            "FROM jsonb_array_elements(%(expressions)s) AS s)"
        )


def _postgres_search(query):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    revision = "live_revision__"
    bodies = _SectionsText(F(f"{revision}sections"), "body")
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    text = Concat(
        f"{revision}summary", Value("\n\n"), f"{revision}standfirst", Value("\n\n"),
        bodies, Value("\n\n"), f"{revision}conclusion",
        output_field=TextField(),
    )
    marks = {"start_sel": _START, "stop_sel": _STOP, "config": SEARCH_CONFIG}
    return (
        Article.objects.for_listing()
        # The stored vector of the revision that is live now (GIN-indexed; see SearchEntry).
        .filter(search_entry__vector=search_query, search_entry__revision=F("live_revision"))
        .annotate(rank=SearchRank(F("search_entry__vector"), search_query))
        .annotate(
            title_headline=SearchHeadline(f"{revision}title", search_query, highlight_all=True, **marks),
            body_headline=SearchHeadline(
                text, search_query, max_fragments=2, fragment_delimiter=" … ",
                max_words=30, min_words=12, **marks,
            ),
        )
        .order_by("-rank", "-last_published_at", "-pk")
    )


_MARKDOWN_NOISE = [
    (re.compile(r"\[ref:\d{1,4}\]"), ""),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__|`|^#+\s*|^\s*[-*+]\s+|^\s*\d+\.\s+)", re.MULTILINE), ""),
    (re.compile(r"\s+"), " "),
]


def _clean_markdown(text):
    for pattern, replacement in _MARKDOWN_NOISE:
        text = pattern.sub(replacement, text or "")
    return text.strip()


def _marked(text):
    """Escape ``text`` and turn the sentinels into ``<mark>`` elements."""
    return mark_safe(escape(text or "").replace(_START, "<mark>").replace(_STOP, "</mark>"))


# --------------------------------------------------------------------------
# Fallback (SQLite)
# --------------------------------------------------------------------------


def _fallback_search(query):
    words = terms(query)
    if not words:
        return []
    candidates = Article.objects.published()
    for word in words:
        stem = _stem(word)
        if stem.isascii():
            # JSON is stored ASCII-escaped and LIKE folds ASCII case only, so
            # only ASCII words can narrow the candidates in SQL.
            candidates = candidates.filter(
                Q(live_revision__title__icontains=stem)
                | Q(live_revision__summary__icontains=stem)
                | Q(live_revision__standfirst__icontains=stem)
                | Q(live_revision__sections__icontains=stem)
                | Q(live_revision__conclusion__icontains=stem)
            )
    stems = [_stem(word) for word in words]
    scored = []
    for article in candidates:
        score = _score(article.live_revision, stems)
        if score:
            scored.append((score, article))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].last_published_at.timestamp(), -pair[1].pk))
    return [article for _score_, article in scored]


def _fields(revision):
    return {
        "title": revision.title,
        "summary": revision.summary,
        "standfirst": revision.standfirst,
        "headings": "\n".join(section["heading"] for section in revision.sections),
        "bodies": "\n".join(section["body"] for section in revision.sections),
        "conclusion": revision.conclusion,
    }


def _score(revision, stems):
    """0 unless every stem occurs; otherwise a weighted, damped match count."""
    counts = {stem: 0.0 for stem in stems}
    for field, text in _fields(revision).items():
        for word in _WORD_RE.findall(text.casefold()):
            stem = _stem(word)
            if stem in counts:
                counts[stem] += _WEIGHTS[field]
    if not all(counts.values()):
        return 0.0
    return sum(math.log1p(count) for count in counts.values())


def _highlight(text, stems):
    parts, last = [], 0
    for match in _WORD_RE.finditer(text):
        if _stem(match.group().casefold()) in stems:
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def _snippet(revision, stems):
    text = plain_text(
        "\n\n".join(
            [revision.summary, revision.standfirst, *(s["body"] for s in revision.sections), revision.conclusion]
        )
    )
    words = text.split(" ")
    first = next(
        (i for i, word in enumerate(words) if any(_stem(w.casefold()) in stems for w in _WORD_RE.findall(word))),
        0,
    )
    start = max(0, first - 10)
    window = " ".join(words[start : start + _SNIPPET_WORDS])
    prefix = "… " if start else ""
    suffix = " …" if start + _SNIPPET_WORDS < len(words) else ""
    return mark_safe(escape(prefix) + _highlight(window, stems) + escape(suffix))
