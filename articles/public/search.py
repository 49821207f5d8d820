"""
Full-text search over live revisions (title, summary, standfirst, section
headings and bodies, conclusion). Only ``Article.objects.published()`` is
searched, and only the live revision's frozen text, so a draft, a revision in
review or an unpublished article can never be found.

On PostgreSQL it is real full-text search: a weighted ``tsvector`` (title A;
summary, standfirst and headings B; bodies and conclusion C), stored per live
article in ``SearchEntry`` and GIN-indexed (a trigger rewrites it whenever the
live pointer moves, so it is updated on publish whatever code publishes), matched with
``websearch_to_tsquery`` (quotes, ``or``, ``-word`` work) through the GIN
index and ranked with ``ts_rank``. Three small queries do it (``RankedMatches``):
a count, the ranking of the matches (at most ``RANK_LIMIT``, the newest,
so a query matching nearly everything stays cheap) reading only the entries,
and the load of the page's ten articles by id. The first two take the matches
from the GIN index alone (``_through_the_index``). Snippets are cut in Python from the page's text, with the
words the query matches found by stemming them with the index's own
dictionary (``ts_lexize``): ``ts_headline`` parsed each whole article again
and cost more than the search. Only the words that could match are stemmed
(``_candidate_pattern``), and only the paragraphs around the first match
are cleaned of Markdown.

On SQLite (one machine, small sites) a fallback does the same job in Python:
every query word (stop words dropped, simple English suffixes folded, so
"sleeping" finds "sleep") must appear somewhere; matches are weighted like the
PostgreSQL vector and ranked by score, then by date. A SQL ``LIKE`` prefilter
narrows the candidates first. Its cost grows with the number of live
articles; ``bench/article_page_bench.py`` prints it.

Highlights are built from the plain text: every piece is HTML-escaped and only
the matched words are wrapped in ``<mark>``, so nothing an author wrote is ever
interpreted as markup.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.domain.rendering import plain_text
from articles.models import Article
from articles.public.pages import servable

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"
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
        return _postgres_hits(articles, query)
    stems = {_stem(term) for term in terms(query)}

    def matches(word):
        return _stem(word.casefold()) in stems

    return [
        Hit(article, _highlight(article.live_revision.title, matches), _snippet(article.live_revision, matches))
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


#: At most this many matches are ranked: when more live articles match, the most
#: recently published of them are. Ranking reads each match's whole vector, so
#: this bounds the cost of a query that matches nearly everything.
RANK_LIMIT = 1000


@functools.cache
def _postgres_sql():
    from articles.models import SearchEntry

    entry = SearchEntry._meta.db_table
    # The matches come from the GIN index alone (see ``_through_the_index``). An entry
    # is written afresh each time a new revision goes live, so its id orders the
    # matches by publication without reading the articles. The entries are the live
    # revisions' (a trigger keeps them so); the page's articles are loaded through
    # the live pointer and checked against their entry's revision, so an entry left
    # behind could make a count one too high but never show a withdrawn page.
    matches = f"FROM {entry} e WHERE e.vector @@ websearch_to_tsquery(%s::regconfig, %s)"
    count = f"SELECT count(*) {matches}"
    ranked = (
        "SELECT article_id, revision_id FROM "
        f"(SELECT e.id, e.article_id, e.revision_id, e.vector {matches} ORDER BY e.id DESC LIMIT %s) m "
        f"ORDER BY ts_rank(m.vector, websearch_to_tsquery(%s::regconfig, %s)) DESC, m.id DESC LIMIT %s OFFSET %s"
    )
    return count, ranked


@contextlib.contextmanager
def _through_the_index():
    """
    Run the search's queries with the GIN index rather than a sequential
    scan. For a word in nearly every article the planner prefers reading the
    table and testing the match on every row, which unpacks every stored
    vector (about 5 µs a row: 50 ms at 10,000 articles); the index answers
    the same match from its posting lists without opening a vector (about
    1.5 ms). Plain index scans are off too: walking the entries' id index
    newest first and testing each row opens every vector when a word is rare.
    And each query is planned for its own words: a prepared statement's
    generic plan, made without them, was slower for the common ones (p95 53-61
    ms instead of 45 over the bench's queries). Only for this transaction.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), "
                "set_config('plan_cache_mode', 'force_custom_plan', true)"
            )
        yield


class RankedMatches:
    """
    The live articles matching a query on PostgreSQL, best first, for the
    Paginator: ``count()`` counts every match with the GIN index alone, and a
    slice ranks the matches (at most ``RANK_LIMIT`` of them, the most recently
    published) in a query that reads only the entries, then loads just the
    articles of that slice.
    Iterating yields every ranked match.
    """

    def __init__(self, query):
        self.query = query

    def count(self):
        with _through_the_index(), connection.cursor() as cursor:
            cursor.execute(_postgres_sql()[0], [SEARCH_CONFIG, self.query])
            return cursor.fetchone()[0]

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("RankedMatches supports plain slices only.")
        start = index.start or 0
        stop = RANK_LIMIT if index.stop is None else min(index.stop, RANK_LIMIT)
        if stop <= start:
            return []
        with _through_the_index(), connection.cursor() as cursor:
            cursor.execute(
                _postgres_sql()[1],
                [SEARCH_CONFIG, self.query, RANK_LIMIT, SEARCH_CONFIG, self.query, stop - start, start],
            )
            ranked = cursor.fetchall()
        # Loaded apart from the ranking, which runs with index scans off: planning the join of an
        # article and its live revision under those settings cost more than running it.
        articles = Article.objects.published().in_bulk([article_id for article_id, _revision_id in ranked])
        return [
            articles[article_id]
            for article_id, revision_id in ranked
            if article_id in articles and articles[article_id].live_revision_id == revision_id
        ]

    def __iter__(self):
        return iter(self[0:RANK_LIMIT])


def _postgres_search(query):
    return RankedMatches(query)


#: word -> its lexemes in the index's dictionary, for the words of pages already shown.
#: Stemming is a pure function of the word, so a process keeps what it looked up.
_LEXEMES: dict[str, frozenset[str]] = {}
_LEXEMES_KEPT = 50_000


def _candidate_pattern(query):
    """
    A regex for the words of a text that could match ``query``: those that
    begin with the first two letters of one of its words. The English
    stemmer only rewrites a word's ending (even "dying" becomes "die"), so a
    word and a query word with the same stem share their first two letters;
    only these few words are then stemmed, not every word of every result.
    """
    prefixes = sorted({word.casefold()[:2] for word in _WORD_RE.findall(query)})
    if not prefixes:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, prefixes)) + r")\w*", re.IGNORECASE)


def _lexeme_matcher(query, words):
    """
    A predicate true for the ``words`` (a set, case-folded) that the
    PostgreSQL query matches: the words are stemmed with the same dictionary as
    the index (``ts_lexize``), so "sleeping" marks "sleep". One query for the
    page gives the query's lexemes and stems only the words this process has
    not stemmed before. Negated words (``-word``) are not marked.
    """
    wanted = " ".join(token for token in query.split() if not token.startswith("-"))
    unknown = sorted(words - _LEXEMES.keys())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NULL, tsvector_to_array(to_tsvector(%s::regconfig, %s)) "
            f"UNION ALL SELECT w, ts_lexize('{SEARCH_CONFIG}_stem', w) FROM unnest(%s::text[]) AS w",
            [SEARCH_CONFIG, wanted, unknown],
        )
        rows = cursor.fetchall()
    if len(_LEXEMES) + len(unknown) > _LEXEMES_KEPT:
        _LEXEMES.clear()
    query_lexemes = set()
    for word, lexemes in rows:
        if word is None:
            query_lexemes = set(lexemes or ())
        else:
            _LEXEMES[word] = frozenset(lexemes or ())
    marked = {word for word in words if not query_lexemes.isdisjoint(_LEXEMES.get(word, ()))}
    return lambda word: word.casefold() in marked


def _paragraphs(revision):
    """The revision's searchable text as Markdown paragraphs, in reading order."""
    return [
        paragraph
        for part in (revision.summary, revision.standfirst, *(s["body"] for s in revision.sections), revision.conclusion)
        for paragraph in (part or "").split("\n\n")
        if paragraph.strip()
    ]


def _postgres_hits(articles, query):
    if not articles:
        return []
    candidates = _candidate_pattern(query)
    paragraphs = {article.pk: _paragraphs(article.live_revision) for article in articles}
    words = set()
    if candidates is not None:
        for article in articles:
            for text in (article.live_revision.title, *paragraphs[article.pk]):
                words.update(word.casefold() for word in candidates.findall(text))
    matches = _lexeme_matcher(query, frozenset(words))
    return [
        Hit(
            article,
            _highlight(article.live_revision.title, matches),
            _paragraph_window(paragraphs[article.pk], candidates, matches),
        )
        for article in articles
    ]


def _paragraph_window(paragraphs, candidates, matches):
    """
    The snippet of ``_window`` for text made of ``paragraphs``, cleaning only
    the paragraph with the first match and its neighbours, not the whole text.
    """
    first = 0
    if candidates is not None:
        first = next(
            (
                i
                for i, paragraph in enumerate(paragraphs)
                if any(matches(word) for word in candidates.findall(paragraph))
            ),
            0,
        )
    before = _clean_markdown(paragraphs[first - 1]) if first else ""
    text = [_clean_markdown(paragraph) for paragraph in paragraphs[first : first + 1]]
    following = first + 1
    while following < len(paragraphs) and sum(len(part.split(" ")) for part in text) < _SNIPPET_WORDS:
        text.append(_clean_markdown(paragraphs[following]))
        following += 1
    lead = before.split(" ")[-10:] if before else []
    return _window(
        " ".join([*lead, *text]).strip(),
        matches,
        earlier=first > 1 or len(before.split(" ")) > 10,
        later=following < len(paragraphs),
    )


_MARKDOWN_NOISE = [
    (re.compile(r"\[ref:\d{1,4}\]"), ""),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__|`|^#+\s*|^\s*[-*+]\s+|^\s*\d+\.\s+)", re.MULTILINE), ""),
    (re.compile(r"\*|(?<!\w)_|_(?!\w)"), ""),
    (re.compile(r"\s+"), " "),
]


def _clean_markdown(text):
    for pattern, replacement in _MARKDOWN_NOISE:
        text = pattern.sub(replacement, text or "")
    return text.strip()


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
    starting_with_a_stem = re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*")
    scored = []
    for article in candidates:
        score = _score(article.live_revision, stems, starting_with_a_stem)
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


def _score(revision, stems, starting_with_a_stem):
    """
    0 unless every stem occurs; otherwise a weighted, damped match count.
    Stemming only cuts endings, so only the words ``starting_with_a_stem``
    matches (a regex over the case-folded text) can have one of ``stems``;
    only those are stemmed.
    """
    counts = {stem: 0.0 for stem in stems}
    for field, text in _fields(revision).items():
        for word in starting_with_a_stem.findall(text.casefold()):
            stem = _stem(word)
            if stem in counts:
                counts[stem] += _WEIGHTS[field]
    if not all(counts.values()):
        return 0.0
    return sum(math.log1p(count) for count in counts.values())


def _highlight(text, matches):
    """``text`` escaped, with the words ``matches`` accepts in ``<mark>``."""
    parts, last = [], 0
    for match in _WORD_RE.finditer(text):
        if matches(match.group()):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def _snippet(revision, matches):
    text = plain_text(
        "\n\n".join(
            [revision.summary, revision.standfirst, *(s["body"] for s in revision.sections), revision.conclusion]
        )
    )
    return _window(text, matches)


def _window(text, matches, *, earlier=False, later=False):
    """
    About ``_SNIPPET_WORDS`` words of plain ``text`` around its first match,
    highlighted; ``earlier`` and ``later`` say the text is part of a longer
    one, which the ellipses then show.
    """
    words = text.split(" ")
    first = next(
        (i for i, word in enumerate(words) if any(matches(w) for w in _WORD_RE.findall(word))),
        0,
    )
    start = max(0, first - 10)
    window = " ".join(words[start : start + _SNIPPET_WORDS])
    prefix = "… " if start or earlier else ""
    suffix = " …" if start + _SNIPPET_WORDS < len(words) or later else ""
    return mark_safe(escape(prefix) + _highlight(window, matches) + escape(suffix))
