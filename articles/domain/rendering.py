"""Markdown -> sanitised HTML for article bodies.

One renderer is used everywhere article text is shown: the public article
page, the feed, the django-markdownx live preview in the admin
(``settings.MARKDOWNX_MARKDOWNIFY_FUNCTION`` points at :func:`markdownify`)
and the review page. The preview therefore renders exactly as the public page
will.

Pipeline
--------
1. **Python-Markdown** with a fixed set of extensions: ``tables`` (alignment
   emitted as ``align=`` rather than inline ``style``), ``fenced_code``,
   ``footnotes``, ``def_list`` and ``sane_lists``. ``attr_list`` and
   ``md_in_html`` (both part of "extra") are deliberately *not* enabled: the
   first lets authors set arbitrary attributes (``{: onclick=... }``, ids
   that would clash with our anchors), the second only matters when raw HTML
   is allowed.
2. **Raw HTML is escaped, not passed through** (the ``html_block``
   preprocessor and the ``html`` inline pattern are removed). Why: editors
   write Markdown, and health text is full of ``<`` that is *not* markup
   ("HbA1c <48 mmol/mol", "<5 years old"); with raw HTML enabled some of that
   silently disappears as an unknown tag. If raw HTML were let through and
   then sanitised, what an author typed would be silently rewritten; escaped,
   it shows up verbatim in the preview and the author sees it. HTML comments
   are therefore shown as text too (they are not a hidden-notes feature).
3. A private tree processor numbers headings as an outline (the highest
   level used becomes ``<h{base_heading_level}>``, each next level used one
   deeper, clamped at ``h6``, so no level is skipped), gives each heading a
   stable id (:func:`anchor_for`, prefixed with ``anchor_prefix``), marks
   external links ``rel="noopener nofollow"``, gives images
   ``loading="lazy"`` and ``decoding="async"`` and replaces images whose
   ``src`` is not http(s) or site-relative with their alt text.
4. **nh3** (ammonia) sanitises the result with an explicit allow-list of
   tags, attributes, classes and URL schemes (see ``_ALLOWED_TAGS`` etc.).
   This is the security boundary: it would still hold if a Markdown
   extension misbehaved.

Citations
---------
``[ref:N]`` (N = the reference's number, 1-4 digits) cites entry N of the
article's reference list::

    Statins reduce LDL cholesterol [ref:3].

renders as ``<sup class="citation"><a href="#ref-3">[3]</a></sup>``. Cite
several references as ``[ref:1][ref:4]``. Inside code spans and when escaped
(``\\[ref:3]``) it stays literal text. The reference list is rendered by the
article template and must give its items ``id="ref-N"``.

Footnotes (``[^1]`` / ``[^1]: text``) also work; they are asides listed at the
end of the section body, not citations. Their ids (``fn-1``/``fnref-1``) are
prefixed with ``anchor_prefix`` so two sections do not clash.

Anchors
-------
When several Markdown fragments share a page (one per section), pass a
distinct ``anchor_prefix`` per fragment, e.g. the section's anchor from
:func:`section_anchors` plus ``"-"``, so heading ids neither repeat nor clash
with section or reference ids.

Thread safety
-------------
``markdown.Markdown`` instances keep per-document state and are not
thread-safe, so every call builds a fresh instance (and fresh extension
objects); that costs well under a millisecond. The nh3 ``Cleaner`` holds no
per-call state and is built once at import.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown import inlinepatterns
from markdown.extensions import Extension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from articles.domain.images import with_renditions

__all__ = [
    "render_markdown", "markdownify", "anchor_for", "section_anchors", "plain_text",
    "MarkdownTooComplex", "check_markdown_bounds",
]

# --------------------------------------------------------------------------
# Anchors
# --------------------------------------------------------------------------

_FALLBACK_ANCHOR = "section"
_MAX_ANCHOR_LENGTH = 80
# Apostrophes are dropped ("What's new" -> "whats-new") rather than splitting words.
_APOSTROPHES = frozenset("'\u2019\u02bc\u2018`")


def _slugify(text: str) -> str:
    """Lowercase, unicode-preserving slug: letters/digits/marks kept, runs of
    anything else collapsed to one hyphen.

    Combining marks (category M) are kept on purpose: ``\\w``-based slugifiers
    drop them and mangle scripts such as Devanagari.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    pending_sep = False
    for ch in text:
        if ch in _APOSTROPHES:
            continue
        category = unicodedata.category(ch)
        if category[0] in "LNM":
            if pending_sep and out:
                out.append("-")
            pending_sep = False
            out.append(ch)
        elif category[0] == "C":  # control / format characters (zero-width etc.)
            continue
        else:  # spaces, punctuation, symbols
            pending_sep = True
    slug = "".join(out)
    if len(slug) > _MAX_ANCHOR_LENGTH:
        slug = slug[:_MAX_ANCHOR_LENGTH].rstrip("-")
    return slug


def anchor_for(text: str, taken: set[str] | None = None) -> str:
    """Stable anchor (slug) for ``text``: unicode-safe, lowercase, hyphenated.

    If ``taken`` is given, the result is de-duplicated against it
    (``x``, ``x-2``, ``x-3`` ...) and added to it. Text without any letters or
    digits gets ``"section"``.
    """
    base = _slugify(text) or _FALLBACK_ANCHOR
    if taken is None:
        return base
    anchor = base
    n = 2
    while anchor in taken:
        anchor = f"{base}-{n}"
        n += 1
    taken.add(anchor)
    return anchor


def section_anchors(headings: list[str]) -> list[str]:
    """Anchors for an article's ordered section headings, unique across the
    article (the table of contents links to these)."""
    taken: set[str] = set()
    return [anchor_for(heading, taken) for heading in headings]


# --------------------------------------------------------------------------
# URL helpers (shared by the tree processor and the sanitiser's filter)
# --------------------------------------------------------------------------

# Browsers delete ASCII tab/CR/LF anywhere in a URL and trim C0 controls and
# spaces at both ends; judge URLs the way the browser will read them.
_URL_IGNORED_RE = re.compile(r"[\t\n\r]")
#: What browsers strip from both ends of a URL: C0 control characters and the space.
_URL_TRIMMED = "".join(map(chr, range(0x21)))


def _normalise_url(url: str) -> str:
    return _URL_IGNORED_RE.sub("", url).strip(_URL_TRIMMED)


def _is_site_relative(url: str) -> bool:
    """``/path`` on this site, but not ``//host`` or ``/\\host`` (which
    browsers treat as protocol-relative)."""
    url = _normalise_url(url)
    return url.startswith("/") and not url.startswith(("//", "/\\"))


def _http_host(url: str) -> str | None:
    """Host of an absolute or protocol-relative http(s) URL, else None."""
    url = _normalise_url(url).replace("\\", "/")
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") or (not parts.scheme and url.startswith("//")):
        return (parts.hostname or "").lower() or None
    return None


def _is_allowed_image_src(url: str) -> bool:
    if _is_site_relative(url):
        return True
    url = _normalise_url(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _own_hosts() -> list[str]:
    """Host patterns that count as "this site" (``ALLOWED_HOSTS`` minus ``*``)."""
    try:
        from django.conf import settings

        hosts = list(settings.ALLOWED_HOSTS)
    except Exception:  # settings not configured (e.g. a bare script)
        return []
    return [h.lower() for h in hosts if h and h != "*"]


def _is_external(url: str, own_hosts: list[str]) -> bool:
    host = _http_host(url)
    if host is None:
        return False
    from django.utils.http import is_same_domain

    return not any(is_same_domain(host, pattern) for pattern in own_hosts)


# --------------------------------------------------------------------------
# Bounds: what the renderer accepts, and how far it looks
# --------------------------------------------------------------------------

#: Characters in one Markdown text (a section body, the conclusion, one preview).
MAX_MARKDOWN_CHARS = 50_000
#: Container levels (list items, block quotes, indentation steps) on one line.
MAX_NESTING = 20
#: How far past ``[`` or ``](`` the link parser looks for the closing bracket.
#: Python-Markdown scans to the end of the text for every opening, so 80 KB of
#: ``[a](`` took minutes (quadratic); a bounded scan keeps that linear.
MAX_LINK_SCAN = 2_000
MAX_LINK_SCAN_TOTAL = 400_000

_CONTAINER_PREFIX_RE = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*")


class MarkdownTooComplex(ValueError):
    """The text is longer or more deeply nested than the renderer accepts; the message says which."""


def _nesting(line: str) -> int:
    prefix = _CONTAINER_PREFIX_RE.match(line).group(0)
    markers = sum(1 for ch in prefix if ch in ">-*+.)")
    leading = len(line) - len(line.lstrip(" \t"))
    return markers + len(line[:leading].expandtabs(4)) // 4


def check_markdown_bounds(text: str, *, what: str = "The text") -> None:
    """Raise ``MarkdownTooComplex`` if ``text`` is too long or nested too deeply to render safely."""
    text = text or ""
    if len(text) > MAX_MARKDOWN_CHARS:
        raise MarkdownTooComplex(
            f"{what} is {len(text):,} characters long; the limit is {MAX_MARKDOWN_CHARS:,}. "
            "Split it into several sections."
        )
    deepest = max((_nesting(line) for line in text.splitlines()), default=0)
    if deepest > MAX_NESTING:
        raise MarkdownTooComplex(
            f"{what} nests lists, quotes or indentation {deepest} levels deep; the limit is "
            f"{MAX_NESTING}. Flatten the list or quote."
        )


class _BoundedLinkScan:
    """
    Link and image parsing that looks at most ``MAX_LINK_SCAN`` characters
    ahead, and at most ``MAX_LINK_SCAN_TOTAL`` characters over one document;
    past that, a ``[`` is plain text. Real links close within a few hundred
    characters, so only pathological text ever reaches either limit.
    """

    def _scan(self, parse, data, index):
        window = min(MAX_LINK_SCAN, self.md.vetted_link_scan_budget)
        if window <= 0:
            return None
        result = parse(data[: index + window], index)
        handled, end = result[-1], result[-2]
        self.md.vetted_link_scan_budget -= (end - index) if handled else window
        return result

    def getText(self, data, index):  # noqa: N802 (Python-Markdown API)
        return self._scan(super().getText, data, index) or ("", index, False)

    def getLink(self, data, index):  # noqa: N802
        return self._scan(super().getLink, data, index) or ("", None, index, False)


def _bounded(processor_class):
    return type(f"Bounded{processor_class.__name__}", (_BoundedLinkScan, processor_class), {})


#: (registry name, processor class, pattern, priority) as Python-Markdown registers them.
_LINK_PROCESSORS = [
    ("reference", inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
    ("link", inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
    ("image_link", inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
    ("image_reference", inlinepatterns.ImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE, 140),
    ("short_reference", inlinepatterns.ShortReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 130),
    ("short_image_ref", inlinepatterns.ShortImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE, 125),
]
_BOUNDED_LINK_PROCESSORS = [
    (name, _bounded(cls), pattern, priority) for name, cls, pattern, priority in _LINK_PROCESSORS
]


# --------------------------------------------------------------------------
# Markdown extension: citations, heading shift/ids, links, images
# --------------------------------------------------------------------------

_CITATION_RE = r"\[ref:(\d{1,4})\]"
_CITATION_PLAIN_RE = r"[ \t]*\[ref:(\d{1,4})\]"  # plain text: eat the space before it too
_HEADING_TAGS = frozenset(f"h{i}" for i in range(1, 7))
_EXTERNAL_REL = "noopener nofollow"


class _CitationProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, plain: bool):
        super().__init__(pattern, md)
        self.plain = plain

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown API)
        if self.plain:
            return "", m.start(0), m.end(0)
        number = int(m.group(1))
        sup = etree.Element("sup", {"class": "citation"})
        link = etree.SubElement(sup, "a", {"href": f"#ref-{number}"})
        link.text = f"[{number}]"
        return sup, m.start(0), m.end(0)


def _classes(el: etree.Element) -> set[str]:
    return set((el.get("class") or "").split())


def _remove_keep_tail(parent: etree.Element, child: etree.Element) -> None:
    """Remove ``child`` from ``parent`` but keep the text that followed it."""
    tail = child.tail or ""
    index = list(parent).index(child)
    if tail:
        if index == 0:
            parent.text = (parent.text or "") + tail
        else:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + tail
    parent.remove(child)


class _VettedTreeprocessor(Treeprocessor):
    """Runs after every built-in tree processor (including unescaping)."""

    def __init__(self, md, base_heading_level: int, anchor_prefix: str, plain: bool):
        super().__init__(md)
        self.base_heading_level = base_heading_level
        self.anchor_prefix = anchor_prefix
        self.plain = plain

    def run(self, root: etree.Element) -> None:
        if self.plain:
            self._strip_for_plain_text(root)
        taken = self._prefix_existing_ids(root)
        self._headings(root, taken)
        self._links_and_images(root)

    # -- plain text: drop footnote markers and lists ----------------------
    def _strip_for_plain_text(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                classes = _classes(child)
                is_fn_ref = child.tag == "sup" and any(
                    "footnote-ref" in _classes(a) for a in child.iter("a")
                )
                if is_fn_ref or (child.tag == "div" and "footnote" in classes):
                    _remove_keep_tail(parent, child)

    # -- ids created by extensions (footnotes) ----------------------------
    def _prefix_existing_ids(self, root: etree.Element) -> set[str]:
        renamed: dict[str, str] = {}
        for el in root.iter():
            old = el.get("id")
            if old is not None and el.tag not in _HEADING_TAGS:
                new = self.anchor_prefix + old
                el.set("id", new)
                renamed[old] = new
        if renamed:
            for a in root.iter("a"):
                href = a.get("href") or ""
                if href.startswith("#") and href[1:] in renamed:
                    a.set("href", "#" + renamed[href[1:]])
        return set(renamed.values())

    # -- headings ---------------------------------------------------------
    def _heading_text(self, el: etree.Element) -> str:
        parts: list[str] = []

        def walk(node: etree.Element) -> None:
            skip = node.tag == "sup" and (
                "citation" in _classes(node)
                or any("footnote-ref" in _classes(a) for a in node.iter("a"))
            )
            if not skip:
                parts.append(node.text or "")
                for child in node:
                    walk(child)
            if node is not el:
                parts.append(node.tail or "")

        walk(el)
        text = "".join(parts)
        # Entities such as "&amp;" are stashed as raw HTML placeholders.
        stash = self.md.htmlStash.rawHtmlBlocks

        def unstash(m: re.Match) -> str:
            try:
                return html.unescape(re.sub(r"<[^>]*>", "", str(stash[int(m.group(1))])))
            except (IndexError, ValueError):
                return ""

        return HTML_PLACEHOLDER_RE.sub(unstash, text)

    def _headings(self, root: etree.Element, taken: set[str]) -> None:
        headings = [el for el in root.iter() if el.tag in _HEADING_TAGS]
        # An outline with no skipped level: the highest level used becomes the
        # base, the next one used base + 1, and so on (clamped at h6), so
        # "## Options" straight under a section heading is h3, not h4.
        used = sorted({int(el.tag[1]) for el in headings})
        level_of = {level: min(6, self.base_heading_level + rank) for rank, level in enumerate(used)}
        for el in headings:
            el.tag = f"h{level_of[int(el.tag[1])]}"
            slug = anchor_for(self._heading_text(el), None)
            # De-duplicate on the final (prefixed) id.
            anchor = self.anchor_prefix + slug
            n = 2
            while anchor in taken:
                anchor = f"{self.anchor_prefix}{slug}-{n}"
                n += 1
            taken.add(anchor)
            el.set("id", anchor)

    # -- links and images -------------------------------------------------
    def _links_and_images(self, root: etree.Element) -> None:
        own_hosts = _own_hosts()
        for a in root.iter("a"):
            href = a.get("href")
            if href and _is_external(href, own_hosts):
                a.set("rel", _EXTERNAL_REL)
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag != "img":
                    continue
                if _is_allowed_image_src(child.get("src") or ""):
                    # Set here rather than with nh3's set_tag_attribute_values,
                    # whose attribute order varies between processes; this
                    # keeps the output byte-for-byte deterministic.
                    child.set("loading", "lazy")
                    child.set("decoding", "async")
                else:
                    # Not an image we will load: show its alt text instead.
                    alt = child.get("alt") or ""
                    child.tail = alt + (child.tail or "")
                    _remove_keep_tail(parent, child)


class _VettedExtension(Extension):
    def __init__(self, base_heading_level: int, anchor_prefix: str, plain: bool):
        super().__init__()
        self.base_heading_level = base_heading_level
        self.anchor_prefix = anchor_prefix
        self.plain = plain

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        # Raw HTML is escaped: without these, "<b>" is ordinary text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.vetted_link_scan_budget = MAX_LINK_SCAN_TOTAL
        for name, processor_class, pattern, priority in _BOUNDED_LINK_PROCESSORS:
            md.inlinePatterns.register(processor_class(pattern, md), name, priority)
        # Above "reference" (170) so "[ref:1][ref:2]" is two citations, not a
        # reference-style link; below "escape" (180) so "\[ref:1]" stays literal.
        pattern = _CITATION_PLAIN_RE if self.plain else _CITATION_RE
        md.inlinePatterns.register(_CitationProcessor(pattern, md, self.plain), "vetted_citation", 175)
        # After "unescape" (0): attribute values and text are final.
        md.treeprocessors.register(
            _VettedTreeprocessor(md, self.base_heading_level, self.anchor_prefix, self.plain),
            "vetted",
            -10,
        )


def _new_markdown(base_heading_level: int, anchor_prefix: str, plain: bool) -> markdown.Markdown:
    # Fresh instance and fresh extension objects per call: both hold state.
    return markdown.Markdown(
        extensions=[
            TableExtension(use_align_attribute=True),
            FencedCodeExtension(),
            FootnoteExtension(SEPARATOR="-"),
            DefListExtension(),
            SaneListExtension(),
            _VettedExtension(base_heading_level, anchor_prefix, plain),
        ],
        output_format="html",
    )


# --------------------------------------------------------------------------
# Sanitiser (nh3 / ammonia)
# --------------------------------------------------------------------------

_ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "code", "pre", "blockquote",
        "ul", "ol", "li", "dl", "dt", "dd",
        "a", "img", "sup",
        "table", "thead", "tbody", "tr", "th", "td",
        "div",  # only the footnotes wrapper; its class is filtered
    }
)  # fmt: skip

_HEADING_ID_ATTRS = {tag: {"id"} for tag in _HEADING_TAGS}
_ALLOWED_ATTRIBUTES = {
    **_HEADING_ID_ATTRS,
    "a": {"href", "title", "rel", "class"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "li": {"id"},  # footnotes
    "sup": {"id", "class"},  # footnote refs, citations
    "code": {"class"},  # language-xxx from fenced code
    "div": {"class"},
}
_ALIGN_VALUES = {"left", "center", "right"}
_TAG_ATTRIBUTE_VALUES = {
    "th": {"align": _ALIGN_VALUES},
    "td": {"align": _ALIGN_VALUES},
    "img": {"loading": {"lazy"}, "decoding": {"async"}},
}
_ALLOWED_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "sup": {"citation"},
    "div": {"footnote"},
}
_LANGUAGE_CLASS_RE = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")
_ALLOWED_REL = {"noopener", "nofollow", "noreferrer"}
_MAX_ID_LENGTH = 200


def _is_safe_id(value: str) -> bool:
    """Ids we generate: letters, digits, combining marks, ``_`` and ``-``.
    (``\\w`` alone is not enough: it rejects combining marks, e.g. Devanagari.)"""
    return 0 < len(value) <= _MAX_ID_LENGTH and all(
        ch in "-_" or unicodedata.category(ch)[0] in "LNM" for ch in value
    )
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Dropped together with their content (must not overlap _ALLOWED_TAGS).
_CLEAN_CONTENT_TAGS = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "class":
        if tag == "code":
            kept = [c for c in value.split() if _LANGUAGE_CLASS_RE.fullmatch(c)]
        else:
            allowed = _ALLOWED_CLASSES.get(tag, set())
            kept = [c for c in value.split() if c in allowed]
        return " ".join(kept) or None
    if attr == "rel":
        kept = [r for r in value.lower().split() if r in _ALLOWED_REL]
        return " ".join(kept) or None
    if attr == "id":
        return value if _is_safe_id(value) else None
    if tag == "img" and attr == "src":
        return value if _is_allowed_image_src(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(_ALLOWED_TAGS),
    clean_content_tags=_CLEAN_CONTENT_TAGS,
    attributes=_ALLOWED_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    tag_attribute_values=_TAG_ATTRIBUTE_VALUES,
    url_schemes=_URL_SCHEMES,
    link_rel=None,  # rel is decided per link (external only) and filtered above
    strip_comments=True,
)

# Plain text: every tag removed, text kept (script/style content dropped).
_TEXT_ONLY_CLEANER = nh3.Cleaner(tags=set(), attributes={}, link_rel=None)
_WHITESPACE_RE = re.compile(r"\s+")


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def _markdown_to_html(text: str, base_heading_level: int, anchor_prefix: str, plain: bool) -> str:
    """Markdown to raw HTML; ``MarkdownTooComplex`` when ``text`` is past the bounds."""
    if not isinstance(base_heading_level, int) or not 1 <= base_heading_level <= 6:
        raise ValueError("base_heading_level must be an integer from 1 to 6")
    check_markdown_bounds(text)
    try:
        return _new_markdown(base_heading_level, anchor_prefix, plain).convert(text or "")
    except RecursionError:
        raise MarkdownTooComplex("The text is nested too deeply to render. Flatten lists and quotes.") from None


def _as_escaped_paragraphs(text: str) -> str:
    """What a text past the bounds shows: its characters, escaped, as paragraphs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


# The article page uses h1 for the title and h2 for section headings.
_DEFAULT_BASE_HEADING_LEVEL = 3


def _render(text: str, base_heading_level: int, anchor_prefix: str) -> str:
    raw_html = _markdown_to_html(text, base_heading_level, anchor_prefix, plain=False)
    return _CLEANER.clean(raw_html)


def _render_or_escape(text: str, base_heading_level: int, anchor_prefix: str) -> str:
    try:
        return _render(text, base_heading_level, anchor_prefix)
    except MarkdownTooComplex:
        return _as_escaped_paragraphs(text)


def render_markdown(
    text: str, *, base_heading_level: int = _DEFAULT_BASE_HEADING_LEVEL, anchor_prefix: str = ""
) -> SafeString:
    """Render Markdown ``text`` to sanitised HTML (see the module docstring).

    ``base_heading_level`` is the level ``# X`` becomes (deeper headings
    follow, clamped at h6); ``anchor_prefix`` is prepended to every generated
    id so several fragments can share a page. Text past the bounds
    (``check_markdown_bounds``; the editor refuses to save it) is shown as
    escaped paragraphs rather than failing the page.
    """
    return mark_safe(_render_or_escape(text, base_heading_level, anchor_prefix))


def markdownify(text: str) -> str:
    """django-markdownx's preview hook: what the public page shows for a
    section body, as a plain ``str``: the same render (same heading levels)
    and the same pictures (``images.with_renditions``). Raises
    ``MarkdownTooComplex`` past the bounds; the preview endpoint answers 400."""
    preview = with_renditions({"preview": _render(text, _DEFAULT_BASE_HEADING_LEVEL, "")})["preview"]
    return "".join([preview])  # a plain str (str() keeps a SafeString), as django-markdownx expects


def plain_text(markdown_text: str) -> str:
    """Text only, for search indexing, meta descriptions and feed summaries.

    Markdown is rendered, citation and footnote markers and footnote lists are
    dropped, all tags are stripped, entities decoded and whitespace collapsed.
    The result is plain text, NOT HTML: escape it when putting it in HTML
    (Django templates do so automatically).
    """
    try:
        raw_html = _markdown_to_html(markdown_text, _DEFAULT_BASE_HEADING_LEVEL, "", plain=True)
    except MarkdownTooComplex:
        raw_html = _as_escaped_paragraphs(markdown_text)
    text = html.unescape(_TEXT_ONLY_CLEANER.clean(raw_html))
    return _WHITESPACE_RE.sub(" ", text).strip()
