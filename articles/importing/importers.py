"""Parse plain-text drafts into plain data, ready to be turned into articles.

Parsing is pure: ``decode_draft`` and ``parse_draft`` never touch the
database, the settings or the network, so the management command, the admin
action, the tests and the benchmark all share one parser and see the same
errors. The import service at the end of this module (:class:`DraftImporter`,
``import_draft``, ``reimport_draft``) then turns parsed drafts into draft
``Article`` objects, one transaction per file; its slug, author, topic and
update rules are in the ``DraftImporter`` docstring.

The draft format (see ``PRODUCT.md``, "Plain-text drafts")
==========================================================

Every non-blank line is one paragraph; blank lines only separate and are
never paragraphs. In order:

1. optional front matter (below);
2. an optional **summary** paragraph (the key takeaways);
3. the **intro** paragraph (the article's standfirst), sometimes wrapped in
   quotes;
4. a **table of contents**: consecutive lines starting with a bullet
   (``- ``; ``* ``, ``+ ``, ``• ``, ``– `` and ``— `` are accepted too);
5. each **section**: a heading line naming a table-of-contents entry, then
   its paragraphs;
6. the **conclusion**: the last paragraph of the file.

There is no title line: the title comes from the front matter or is derived.

Rules where the format is ambiguous
-----------------------------------

*Summary or intro?* Paragraphs before the table of contents are read from
the end: the one just before it is always the intro. One paragraph means
intro only (no summary; seed ``002`` is like that); two mean summary, then
intro. None, or three or more, is an error, because guessing which line is
extra (often a title someone typed at the top) could publish the wrong text
as the summary.

*Section body or conclusion?* The conclusion is always the last paragraph of
the file, taken from the final section. The final section must keep at least
one paragraph of its own, so when only one paragraph follows the last heading
the draft is refused ("no conclusion") rather than guessing which role the
paragraph plays. All five seeds end with two section paragraphs and a
conclusion.

*Headings.* A heading matches its table-of-contents entry when both are
equal after collapsing whitespace, ignoring case and treating curly and
straight quotes/apostrophes alike. The section keeps the heading as written
in its own line (whitespace collapsed); when it differs from the entry beyond
whitespace, a warning says so. Sections must appear in table-of-contents
order, each exactly once, each with at least one paragraph.

*Provisional title.* Without a ``title:`` line the title is the first
table-of-contents entry, as written there (whitespace collapsed, cut at a
word boundary to ``PROVISIONAL_TITLE_MAX_LENGTH`` characters if longer).
The rule is deterministic and gives a short, heading-like title that names
what the article opens with; ``title_is_provisional`` is set and a warning
asks the editor to replace it.

*Intro quotes.* The intro loses one pair of wrapping quotes (“…”, "…",
‘…’, «…» or „…“) only when that pair is unambiguous: the text starts with the
opening mark, ends with the closing mark and contains no other closing mark
inside (so “A,” she said, “B.” is left alone, with a warning).

Front matter
------------

Optional ``key: value`` lines at the very top, with the keys ``title``,
``slug``, ``topics`` (comma-separated) and ``author`` (a username). Either
fenced (a ``---`` line, the keys, a closing ``---`` line) or unfenced (the
first line is a known key; the block ends at the first blank line or at a
``---`` line). Keys are case-insensitive. Unknown, repeated or empty keys are
errors naming their line, and so is a known ``key: value`` line found below
the front matter (a blank line between keys ends the block early; the stray
line is not taken for a summary). ``slug`` is used as written (the caller still
checks it is unique); without it ``ParsedDraft.slug`` is ``None`` and the
caller slugifies the title.

Robustness
----------

``\\r\\n``, lone ``\\r`` and ``\\n`` line endings, a UTF-8 byte order mark,
leading/trailing spaces and tabs on any line, and any number of blank lines
give the same result as the clean file. Control characters (NUL and friends,
which databases reject or silently mangle) are refused with their line.

Errors
------

Every problem raises :class:`DraftParseError` naming the file, the 1-based
line where possible, and what to do. Nothing is returned for a bad draft, so
callers never import half an article.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

__all__ = [
    "DraftImportError",
    "DraftImporter",
    "DraftParseError",
    "DraftSource",
    "ImportAction",
    "ImportOutcome",
    "MAX_DRAFT_BYTES",
    "ParsedDraft",
    "ParsedSection",
    "decode_draft",
    "file_source",
    "import_draft",
    "iter_draft_paths",
    "parse_draft",
    "reimport_draft",
    "resolve_author",
    "resolve_topics",
    "stream_source",
    "unique_article_slug",
]

#: Drafts larger than this are refused before decoding. The seeds are 4–9 kB;
#: a megabyte is a very long article and keeps a stray upload (a PDF, a dump)
#: from tying up a worker.
MAX_DRAFT_BYTES = 1_000_000

#: A derived title longer than this is cut at a word boundary.
PROVISIONAL_TITLE_MAX_LENGTH = 200

FRONT_MATTER_KEYS = ("title", "slug", "topics", "author")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Unicode category Cc except tab (line breaks are already split off).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_BULLET = re.compile(r"^[-*+•–—](?:\s+(.*))?$")
_FENCE = "---"
_KEY_VALUE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)$")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_USERNAME = re.compile(r"^[\w.@+-]+$")
# Opening mark -> closing mark, for stripping quotes around the intro.
_QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“"}
# Folded to one form only when comparing headings with TOC entries.
_QUOTE_FOLD = (("“", '"'), ("”", '"'), ("„", '"'), ("«", '"'), ("»", '"'), ("‘", "'"), ("’", "'"), ("`", "'"))


@dataclass
class ParsedSection:
    heading: str
    #: The section's paragraphs as Markdown, separated by a blank line.
    body: str


@dataclass
class ParsedDraft:
    title: str
    title_is_provisional: bool
    #: From the front matter, else None (the caller slugifies the title).
    slug: str | None
    topics: list[str]
    author: str | None
    #: "" when the draft has no summary paragraph.
    summary: str
    #: The intro, without wrapping quotes.
    standfirst: str
    sections: list[ParsedSection]
    conclusion: str
    source_name: str
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self):
        #: The 1-based line of each front matter key, so the importer can point
        #: at ``author:`` or ``slug:`` when the database refuses its value. An
        #: attribute rather than a field: it locates the text without being
        #: part of it, so two drafts with the same content still compare equal.
        self.front_matter_lines: dict[str, int] = {}


class DraftParseError(ValueError):
    """A draft that cannot be imported, with where and what to do.

    ``str()`` reads ``"FILE, line N: problem. What to do."`` (without
    ``", line N"`` when the problem concerns the whole file).
    """

    def __init__(self, source_name: str, line: int | None, problem: str, hint: str = ""):
        self.source_name = source_name
        self.line = line
        self.problem = problem
        self.hint = hint
        self.message = f"{problem}. {hint}" if hint else f"{problem}."
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source_name if self.line is None else f"{self.source_name}, line {self.line}"
        return f"{where}: {self.message}"

    def __reduce__(self):
        # Keep the structured fields when the error crosses a process boundary.
        return (type(self), (self.source_name, self.line, self.problem, self.hint))


@dataclass
class _Line:
    number: int
    text: str  # stripped, never empty


# --------------------------------------------------------------------------- decoding


def decode_draft(raw: bytes, *, source_name: str) -> str:
    """Decode a draft file's bytes as UTF-8, with or without a byte order mark.

    Anything else is refused, naming the line of the first bad byte. There is
    deliberately no fallback to Windows-1252: a guessed encoding can silently
    change characters in text a medical reviewer is about to approve, whereas
    re-saving as UTF-8 is one step for the writer (the message says so, and
    says when the bytes look like Windows-1252).
    """
    if len(raw) > MAX_DRAFT_BYTES:
        raise _too_large(source_name, len(raw))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DraftParseError(
            source_name,
            None,
            "the file is encoded as UTF-16, not UTF-8",
            "Open it in your editor and save it again with the encoding 'UTF-8'.",
        )
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")  # valid: the error is the first one
        breaks = list(_LINE_BREAK.finditer(before))
        line = len(breaks) + 1
        column = len(before) - (breaks[-1].end() if breaks else 0) + 1
        bad = raw[exc.start : exc.start + 1].hex().upper()
        hint = "Open the file in your editor and save it again with the encoding 'UTF-8'."
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            hint = (
                "It looks like Windows-1252 (for example curly quotes pasted from Word); "
                "open the file and save it again with the encoding 'UTF-8'."
            )
        raise DraftParseError(
            source_name,
            line,
            f"the file is not valid UTF-8 (byte 0x{bad} at character {column})",
            hint,
        ) from None


def _too_large(source_name: str, size: int | None) -> DraftParseError:
    """The error for a draft over ``MAX_DRAFT_BYTES``; ``size`` is None when only a prefix was read."""
    problem = (
        f"the file is larger than {MAX_DRAFT_BYTES:,} bytes, the limit for drafts"
        if size is None
        else f"the file is {size:,} bytes; drafts are limited to {MAX_DRAFT_BYTES:,} bytes"
    )
    return DraftParseError(
        source_name, None, problem, "Check that this is the right file, or split the article into several drafts."
    )


# --------------------------------------------------------------------------- parsing


def parse_draft(text: str, *, source_name: str) -> ParsedDraft:
    """Parse one draft's text (see the module docstring for the format and rules).

    Raises :class:`DraftParseError` on the first problem; never returns a
    partial draft.
    """
    if len(text) > MAX_DRAFT_BYTES:
        raise DraftParseError(
            source_name,
            None,
            f"the draft is {len(text):,} characters; drafts are limited to {MAX_DRAFT_BYTES:,}",
            "Check that this is the right file, or split the article into several drafts.",
        )
    text = text.removeprefix("\ufeff")
    raw_lines = _LINE_BREAK.split(text)
    _refuse_control_characters(raw_lines, source_name)
    warnings: list[str] = []

    meta, meta_lines, body_start, meta_end_line = _parse_front_matter(raw_lines, source_name)
    lines = [
        _Line(number, stripped)
        for number, line in enumerate(raw_lines[body_start:], start=body_start + 1)
        if (stripped := line.strip())
    ]
    if not lines:
        if meta_end_line is None:
            raise DraftParseError(
                source_name, 1, "the draft is empty", "Add the summary, intro, table of contents and sections."
            )
        raise DraftParseError(
            source_name,
            meta_end_line,
            "nothing follows the front matter",
            "Add the draft (summary, intro, table of contents, sections, conclusion) after it.",
        )
    for line in lines:
        if "\ufffd" in line.text:
            warnings.append(
                f"line {line.number} contains '\ufffd' (a character lost in an earlier encoding "
                "conversion); check the text against the original"
            )

    toc_start, toc_end = _find_table_of_contents(lines, source_name)
    summary, intro_line = _split_preamble(lines[:toc_start], lines[toc_start], source_name)
    standfirst = _strip_wrapping_quotes(intro_line.text)
    if standfirst == intro_line.text and intro_line.text[:1] in _QUOTE_PAIRS:
        warnings.append(
            f"the intro (line {intro_line.number}) starts with a quotation mark but is not wholly "
            "wrapped in one pair of quotes; kept it as written"
        )
    if not standfirst:
        raise DraftParseError(
            source_name, intro_line.number, "the intro is empty", "Write the intro paragraph on this line."
        )

    toc = _parse_toc_entries(lines[toc_start:toc_end], source_name)
    sections, conclusion = _parse_sections(toc, lines[toc_end:], source_name, warnings)

    title = meta.get("title")
    if title is None:
        title = _provisional_title(toc[0].text)
        warnings.insert(
            0,
            f"no title: derived '{title}' from the first table-of-contents entry (line "
            f"{toc[0].number}); add a 'title: ...' line at the top or edit the title before review",
        )

    draft = ParsedDraft(
        title=title,
        title_is_provisional="title" not in meta,
        slug=meta.get("slug"),
        topics=meta.get("topics", []),
        author=meta.get("author"),
        summary=summary,
        standfirst=standfirst,
        sections=sections,
        conclusion=conclusion,
        source_name=source_name,
        warnings=warnings,
    )
    draft.front_matter_lines = meta_lines
    return draft


def _refuse_control_characters(raw_lines: list[str], source_name: str) -> None:
    for number, line in enumerate(raw_lines, start=1):
        if match := _CONTROL.search(line):
            raise DraftParseError(
                source_name,
                number,
                f"the line contains the control character U+{ord(match.group()):04X}",
                "Remove it (it is invisible in most editors; the file may not be plain text).",
            )


def _parse_front_matter(raw_lines: list[str], source_name: str) -> tuple[dict, dict, int, int | None]:
    """Return (values, line of each key, index of the first body line, number of the closing line or None)."""
    first = next((i for i, line in enumerate(raw_lines) if line.strip()), None)
    if first is None:
        return {}, {}, 0, None
    first_text = raw_lines[first].strip()
    fenced = first_text == _FENCE
    if not fenced:
        match = _KEY_VALUE.match(first_text)
        if not match or match.group(1).lower() not in FRONT_MATTER_KEYS:
            return {}, {}, 0, None

    values: dict = {}
    seen_at: dict[str, int] = {}
    index = first + 1 if fenced else first
    while index < len(raw_lines):
        number = index + 1
        text = raw_lines[index].strip()
        if text == _FENCE:
            return values, seen_at, index + 1, number
        if not text:
            if not fenced:
                return values, seen_at, index + 1, number
            index += 1
            continue
        match = _KEY_VALUE.match(text)
        if not match:
            closing = "a closing '---' line" if fenced else "a blank line"
            raise DraftParseError(
                source_name,
                number,
                f"expected 'key: value' in the front matter, found '{_clip(text)}'",
                f"End the front matter with {closing} before the draft text.",
            )
        key, value = match.group(1).lower(), _collapse(match.group(2))
        if key not in FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1)
            suggestion = f"Did you mean '{close[0]}'? " if close else ""
            raise DraftParseError(
                source_name,
                number,
                f"unknown front matter key '{match.group(1)}'",
                f"{suggestion}The keys are: {', '.join(FRONT_MATTER_KEYS)}.",
            )
        if key in seen_at:
            raise DraftParseError(
                source_name,
                number,
                f"the front matter key '{key}' repeats line {seen_at[key]}",
                "Keep one of them.",
            )
        seen_at[key] = number
        values[key] = _front_matter_value(key, value, number, source_name)
        index += 1

    if fenced:
        raise DraftParseError(
            source_name,
            first + 1,
            "the front matter opened here is never closed",
            "Add a '---' line after the last 'key: value' line.",
        )
    return values, seen_at, len(raw_lines), len(raw_lines)


def _front_matter_value(key: str, value: str, number: int, source_name: str):
    if not value:
        raise DraftParseError(
            source_name, number, f"the front matter key '{key}' has no value", "Give it a value or delete the line."
        )
    if key == "slug" and not _SLUG.match(value):
        raise DraftParseError(
            source_name,
            number,
            f"the slug '{value}' may only contain letters, digits, hyphens and underscores",
            "Write it like 'kratom-and-sleep', or delete the line to derive it from the title.",
        )
    if key == "author" and not _USERNAME.match(value):
        raise DraftParseError(
            source_name,
            number,
            f"the author '{value}' is not a username",
            "Give the author's login name (letters, digits and @ . + - _ only, no spaces).",
        )
    if key == "topics":
        topics: list[str] = []
        for name in (_collapse(part) for part in value.split(",")):
            if name and name.casefold() not in {t.casefold() for t in topics}:
                topics.append(name)
        if not topics:
            raise DraftParseError(
                source_name, number, "the front matter key 'topics' names no topic", "Write 'topics: Sleep, Pain'."
            )
        return topics
    return value


def _find_table_of_contents(lines: list[_Line], source_name: str) -> tuple[int, int]:
    """Return the [start, end) indexes of the first run of bullet lines."""
    start = next((i for i, line in enumerate(lines) if _BULLET.match(line.text)), None)
    if start is None:
        raise DraftParseError(
            source_name,
            lines[0].number,
            "no table of contents: no line starts with '- '",
            "After the intro paragraph, list the section headings, one per line, each starting with '- '.",
        )
    end = start
    while end < len(lines) and _BULLET.match(lines[end].text):
        end += 1
    return start, end


def _split_preamble(preamble: list[_Line], toc_first: _Line, source_name: str) -> tuple[str, _Line]:
    """Return (summary or "", intro line) from the paragraphs before the TOC."""
    if not preamble:
        raise DraftParseError(
            source_name,
            toc_first.number,
            "no intro before the table of contents",
            "Add the intro paragraph (optionally preceded by a summary paragraph) above the first '- ' line.",
        )
    for line in preamble:
        match = _KEY_VALUE.match(line.text)
        if match and match.group(1).lower() in FRONT_MATTER_KEYS:
            raise DraftParseError(
                source_name,
                line.number,
                f"'{_clip(line.text)}' looks like front matter, but front matter ends at the first blank line",
                "Put all the 'key: value' lines together at the very top, without blank lines between them "
                "(or fence them with '---' lines).",
            )
    if len(preamble) > 2:
        numbers = ", ".join(str(line.number) for line in preamble)
        raise DraftParseError(
            source_name,
            preamble[2].number,
            f"{len(preamble)} paragraphs before the table of contents (lines {numbers}); "
            "at most two are allowed: an optional summary, then the intro",
            "Join a paragraph that was wrapped over several lines into one line, remove the extra "
            "paragraph, or move a title into a 'title: ...' line followed by a blank line at the top.",
        )
    summary = preamble[0].text if len(preamble) == 2 else ""
    return summary, preamble[-1]


def _parse_toc_entries(bullets: list[_Line], source_name: str) -> list[_Line]:
    entries: list[_Line] = []
    seen_at: dict[str, int] = {}
    for bullet in bullets:
        text = _collapse(_BULLET.match(bullet.text).group(1) or "")
        if not text:
            raise DraftParseError(
                source_name,
                bullet.number,
                "empty table-of-contents entry",
                "Write the section heading after the '- ', or delete the line.",
            )
        key = _heading_key(text)
        if key in seen_at:
            raise DraftParseError(
                source_name,
                bullet.number,
                f"the table-of-contents entry '{text}' repeats line {seen_at[key]}",
                "Each section needs its own heading; rename or delete one of them.",
            )
        seen_at[key] = bullet.number
        entries.append(_Line(bullet.number, text))
    return entries


def _parse_sections(
    toc: list[_Line], rest: list[_Line], source_name: str, warnings: list[str]
) -> tuple[list[ParsedSection], str]:
    toc_keys = {_heading_key(entry.text): i for i, entry in enumerate(toc)}
    # (index in `rest`, index in `toc`) for every line that names a TOC entry.
    found: list[tuple[int, int]] = []
    for i, line in enumerate(rest):
        entry = toc_keys.get(_heading_key(line.text))
        if entry is not None:
            found.append((i, entry))

    found_entries = {entry for _, entry in found}
    for i, entry in enumerate(toc):
        if i not in found_entries:
            raise DraftParseError(
                source_name,
                entry.number,
                f"the table-of-contents entry '{entry.text}' has no matching heading line",
                _missing_heading_hint(entry, rest),
            )
    first_seen: dict[int, int] = {}
    for position, entry in found:
        if entry in first_seen:
            raise DraftParseError(
                source_name,
                rest[position].number,
                f"the heading '{toc[entry].text}' appears again (first at line {first_seen[entry]})",
                "Each section heading appears once; rename or remove this line.",
            )
        first_seen[entry] = rest[position].number
    for expected, (position, entry) in enumerate(found):
        if entry != expected:
            raise DraftParseError(
                source_name,
                rest[position].number,
                f"the heading '{toc[entry].text}' comes before '{toc[expected].text}', but the "
                f"table of contents lists '{toc[expected].text}' first (line {toc[expected].number})",
                "Put the sections in table-of-contents order, or reorder the table of contents.",
            )
    if found[0][0] != 0:
        raise DraftParseError(
            source_name,
            rest[0].number,
            f"text between the table of contents and the first heading '{toc[0].text}' "
            f"(line {rest[found[0][0]].number})",
            "Move it into a section, or above the table of contents if it is the intro.",
        )

    sections: list[ParsedSection] = []
    paragraphs_by_section: list[list[_Line]] = []
    for n, (position, entry) in enumerate(found):
        heading_line = rest[position]
        end = found[n + 1][0] if n + 1 < len(found) else len(rest)
        paragraphs = rest[position + 1 : end]
        heading = _collapse(heading_line.text)
        if _heading_key(heading) == _heading_key(toc[entry].text) and heading != toc[entry].text:
            warnings.append(
                f"the heading '{heading}' (line {heading_line.number}) differs from its "
                f"table-of-contents entry '{toc[entry].text}' (line {toc[entry].number}); kept the heading"
            )
        if not paragraphs:
            is_last = n + 1 == len(found)
            raise DraftParseError(
                source_name,
                heading_line.number,
                f"the section '{heading}' has no paragraphs" + (" and the draft has no conclusion" if is_last else ""),
                "Write the section's text on the lines after its heading"
                + (", then the conclusion as the last line." if is_last else "."),
            )
        sections.append(ParsedSection(heading=heading, body=""))
        paragraphs_by_section.append(paragraphs)

    last = paragraphs_by_section[-1]
    if len(last) < 2:
        raise DraftParseError(
            source_name,
            last[0].number,
            f"this is the only paragraph after the last heading '{sections[-1].heading}' "
            f"(line {rest[found[-1][0]].number}), so the draft has either an empty last section "
            "or no conclusion",
            "A draft ends with the last section's paragraphs and then one conclusion paragraph; "
            "add whichever is missing.",
        )
    conclusion = last.pop().text
    for section, paragraphs in zip(sections, paragraphs_by_section):
        section.body = "\n\n".join(line.text for line in paragraphs)
    return sections, conclusion


def _missing_heading_hint(entry: _Line, rest: list[_Line]) -> str:
    key = _heading_key(entry.text)
    # Only short lines can be headings; comparing with whole paragraphs is slow and useless.
    candidates = {_heading_key(line.text): line for line in rest if len(line.text) <= 2 * len(entry.text) + 20}
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.75)
    if close:
        line = candidates[close[0]]
        return (
            f"Line {line.number} reads '{_clip(line.text)}': make it match the entry exactly "
            "(case and spacing may differ), or fix the entry."
        )
    return "Add a line with exactly this heading before the section's paragraphs, or remove the entry."


def _strip_wrapping_quotes(text: str) -> str:
    closing = _QUOTE_PAIRS.get(text[:1])
    if closing and len(text) >= 2 and text.endswith(closing) and closing not in text[1:-1]:
        return text[1:-1].strip()
    return text


def _provisional_title(entry: str) -> str:
    if len(entry) <= PROVISIONAL_TITLE_MAX_LENGTH:
        return entry
    cut = entry[: PROVISIONAL_TITLE_MAX_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _heading_key(text: str) -> str:
    # Chained replace() is several times faster than str.translate() with a non-ASCII table,
    # and this runs on every paragraph after the table of contents.
    text = _collapse(text)
    for mark, plain in _QUOTE_FOLD:
        if mark in text:
            text = text.replace(mark, plain)
    return text.casefold()


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- files


def iter_draft_paths(paths: list[str]) -> Iterator[Path]:
    """Yield the draft files named by ``paths``: files as given, folders as their ``*.txt`` files.

    A folder contributes its own ``*.txt`` files (not its subfolders'), sorted
    by name, skipping hidden files such as editors' lock files. A file named
    twice (directly and through its folder) is yielded once. Every path is
    checked before the first one is yielded, so a typo in the last argument
    stops a command before it imports anything.
    """
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    seen: set[Path] = set()
    for path in given:
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if p.suffix.lower() == ".txt" and not p.name.startswith(".") and p.is_file()),
                key=lambda p: p.name,
            )
        else:
            found = [path]
        for draft in found:
            resolved = draft.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield draft



# --------------------------------------------------------------------------- importing
#
# Everything above is pure; everything below reads and writes the database.
# Models are imported inside the functions so that the parser (and the parsing
# benchmark) work without a configured Django.


class DraftImportError(DraftParseError):
    """A well-formed draft that cannot be imported as it stands.

    Its author or a topic is unknown, its slug belongs to another article, or
    an update would touch an article that is live, scheduled or in review.
    """


class ImportAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    WOULD_CREATE = "would create"
    WOULD_UPDATE = "would update"
    FAILED = "failed"


@dataclass(frozen=True)
class DraftSource:
    """A draft waiting to be imported: its name for messages, and how to read its bytes."""

    name: str
    #: Returns the file's bytes; raises DraftParseError (too large, wrong type) or OSError.
    read: Callable[[], bytes]


@dataclass
class ImportOutcome:
    """What happened to one draft.

    ``describe()`` is the line the command and the admin show; it starts with
    the outcome ("created", "failed") because the admin capitalises the first
    letter of messages, which must not alter a file name.
    """

    source_name: str
    action: ImportAction
    #: The imported article (not saved on a dry run); None when the draft failed.
    article: Any = None
    sections: int = 0
    has_summary: bool = False
    warnings: list[str] = field(default_factory=list)
    error: DraftParseError | None = None
    #: Risky claims the detector flags in the imported working copy; None on a dry run.
    claims: int | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def describe(self) -> str:
        if self.error is not None:
            where = self.error.source_name
            if self.error.line is not None:
                where += f", line {self.error.line}"
            return f"failed, nothing imported: {where}: {self.error.message}"
        details = [
            f"{self.sections} section{'' if self.sections == 1 else 's'}",
            "summary" if self.has_summary else "no summary",
        ]
        if self.claims is not None:
            details.append(f"{self.claims} risky claim{'' if self.claims == 1 else 's'} flagged")
        return (
            f"{self.action} draft “{self.article.title}” from {self.source_name} "
            f"(slug {self.article.slug}; {', '.join(details)})"
        )


def file_source(path: Path) -> DraftSource:
    """A draft file on disk. Its size is checked before anything is read."""

    def read() -> bytes:
        size = path.stat().st_size
        if size > MAX_DRAFT_BYTES:
            raise _too_large(str(path), size)
        return path.read_bytes()

    return DraftSource(str(path), read)


def stream_source(name: str, stream: BinaryIO, *, size: int | None = None) -> DraftSource:
    """A draft read from an open binary stream (standard input, an upload).

    At most one byte more than ``MAX_DRAFT_BYTES`` is ever read, so a huge
    stream is refused without being held in memory.
    """

    def read() -> bytes:
        if size is not None and size > MAX_DRAFT_BYTES:
            raise _too_large(name, size)
        raw = stream.read(MAX_DRAFT_BYTES + 1)
        if len(raw) > MAX_DRAFT_BYTES:
            raise _too_large(name, None)
        return raw

    return DraftSource(name, read)


def resolve_author(username: str, *, source_name: str, line: int | None = None):
    """The active member of the Writers group with this username.

    Only writers author articles: the author is who may later submit the
    article, and whom the review rules keep from approving it.
    """
    from django.contrib.auth import get_user_model

    from articles import policy as permissions

    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        raise DraftImportError(
            source_name, line, f"there is no user '{username}'", "Give the login name of a member of the Writers group."
        )
    if not permissions.is_writer(user):
        raise DraftImportError(
            source_name,
            line,
            f"'{username}' is not an active member of the Writers group, so cannot author an article",
            "Name a writer, or ask an administrator to add this user to the Writers group.",
        )
    return user


def resolve_topics(names, *, source_name: str, line: int | None = None) -> list:
    """The topics named by slug or by name (case-insensitive), in order, without repeats.

    Unknown names are refused rather than created: topics decide which
    disclaimers an article carries, so they are managed by publishers, and a
    typo must not quietly start a new topic.
    """
    return _TopicIndex().find(names, source_name=source_name, line=line)


def unique_article_slug(base: str, *, reserved=()) -> str:
    """``base`` slugified, with -2, -3 ... appended until no article uses it.

    A slug counts as used when an article's working copy has it, when a live
    page is at that address, or when it is in ``reserved``.
    """
    root = _slug_for(base)
    taken = _slugs_starting_with(root) | {slug for slug in reserved if slug.startswith(root)}
    candidate, counter = root, 2
    while candidate in taken:
        candidate = f"{root}-{counter}"
        counter += 1
    return candidate


def import_draft(parsed: ParsedDraft, *, author=None, topics=(), update: bool = False):
    """Import one parsed draft (see :class:`DraftImporter`) and return the draft ``Article``."""
    return DraftImporter(author=author, topics=topics, update=update).import_parsed(parsed).article


def reimport_draft(article, parsed: ParsedDraft, *, author=None, topics=()):
    """Replace ``article``'s text with ``parsed``, refused unless it is still a draft; returns it."""
    return DraftImporter(author=author, topics=topics).reimport(article, parsed).article


class DraftImporter:
    """One import run: the options its drafts share, and the slugs its drafts claimed.

    Each draft is imported in its own transaction, after full validation, so
    a bad draft writes nothing and never stops the others. Imported articles
    are working copies only: nothing is submitted or published, so the text
    still needs a medical review before any reader sees it.

    ``author`` (a writer) is the author of drafts without an ``author:`` line;
    a draft's own line wins. ``topics`` (Topic objects) are added to each
    draft's ``topics:``. ``dry_run`` validates everything and writes nothing.

    The slug is the ``slug:`` line, else the title slugified. When an article
    already has it, the draft is refused, or with ``update`` re-imported into
    that article (see :meth:`reimport`).

    A provisional title (no ``title:`` or ``slug:`` line) names no article,
    and several drafts may open with the same heading. Such a draft is
    recognised as already imported when an article with its slug, or its slug
    plus -2, -3 ..., has exactly its text: running the same import twice is
    refused rather than duplicating articles (``update`` re-imports it, a
    no-op). Otherwise it gets the first free slug of that series; ``update``
    refuses it when the plain slug is taken by another text rather than guess
    which article it is: give such drafts a ``slug:`` line.

    Within one run no two drafts may claim the same article, and a dry run
    reports what the real run would do.
    """

    def __init__(self, *, author=None, topics=(), update: bool = False, dry_run: bool = False):
        self.author = author
        self.topics = list(topics)
        self.update = update
        self.dry_run = dry_run
        self._claimed: dict[str, str] = {}  # slug -> the draft of this run that claimed it
        self._claimed_texts: dict[tuple, str] = {}  # (slug root, text) of untitled drafts -> draft
        self._authors: dict[str, Any] = {}
        self._topic_index: _TopicIndex | None = None

    def import_all(self, sources) -> Iterator[ImportOutcome]:
        """Import each :class:`DraftSource` in turn, yielding its outcome as soon as it is known."""
        for source in sources:
            yield self.import_source(source)

    def import_source(self, source: DraftSource) -> ImportOutcome:
        """Read, parse and import one draft; a failure is returned, not raised."""
        try:
            raw = source.read()
            parsed = parse_draft(decode_draft(raw, source_name=source.name), source_name=source.name)
            return self.import_parsed(parsed)
        except DraftParseError as error:
            return ImportOutcome(source.name, ImportAction.FAILED, error=error)
        except OSError as exc:
            error = DraftParseError(
                source.name,
                None,
                f"the file cannot be read ({exc.strerror or exc})",
                "Check that it exists and that you may read it.",
            )
            return ImportOutcome(source.name, ImportAction.FAILED, error=error)

    def import_parsed(self, parsed: ParsedDraft) -> ImportOutcome:
        """Create (or with ``update``, re-import) the article for one parsed draft.

        Raises :class:`DraftImportError` and writes nothing when the draft
        cannot be imported.
        """
        from django.db import IntegrityError, transaction

        author = self._author_for(parsed)
        topics = self._topics_for(parsed)
        try:
            with transaction.atomic():
                existing, slug, warnings = self._target(parsed)
                if existing is not None:
                    outcome = self._reimport(existing, parsed, author, topics)
                else:
                    outcome = self._create(parsed, slug, author, topics)
        except IntegrityError as exc:
            raise DraftImportError(
                parsed.source_name,
                None,
                f"the database refused the article ({exc}); another import or edit probably saved "
                "an article with the same slug at the same moment",
                "Import this draft again.",
            ) from None
        outcome.warnings.extend(warnings)
        self._flag_claims(outcome)
        return outcome

    def reimport(self, article, parsed: ParsedDraft) -> ImportOutcome:
        """Replace a draft article's text with ``parsed`` (see :meth:`_reimport`)."""
        from django.db import transaction

        with transaction.atomic():
            outcome = self._reimport(article, parsed, self._author_for(parsed), self._topics_for(parsed))
        self._flag_claims(outcome)
        return outcome

    # ------------------------------------------------------------------ helpers

    def _author_for(self, parsed: ParsedDraft):
        if parsed.author is None:
            return self.author
        if parsed.author not in self._authors:
            self._authors[parsed.author] = resolve_author(
                parsed.author, source_name=parsed.source_name, line=parsed.front_matter_lines.get("author")
            )
        return self._authors[parsed.author]

    def _topics_for(self, parsed: ParsedDraft) -> list:
        if not parsed.topics:
            return list(self.topics)
        if self._topic_index is None:
            self._topic_index = _TopicIndex()
        own = self._topic_index.find(
            parsed.topics, source_name=parsed.source_name, line=parsed.front_matter_lines.get("topics")
        )
        return list(dict.fromkeys([*self.topics, *own]))

    def _target(self, parsed: ParsedDraft):
        """Return (article to update or None, slug for a new article, warnings)."""
        from articles.models import Article

        line = parsed.front_matter_lines.get("slug") or parsed.front_matter_lines.get("title")
        if parsed.slug is None and parsed.title_is_provisional:
            return self._target_for_provisional_title(parsed)

        slug = parsed.slug or _slug_for(parsed.title)
        if slug in self._claimed:
            raise DraftImportError(
                parsed.source_name,
                line,
                f"{self._claimed[slug]}, earlier in this import, already uses the slug '{slug}'",
                "Give one of the two drafts another 'slug:' line.",
            )
        existing = Article.objects.filter(slug=slug).first()
        if existing is None:
            live = Article.objects.filter(live_revision__slug=slug).first()
            if live is not None:
                raise DraftImportError(
                    parsed.source_name,
                    line,
                    f"the address /articles/{slug}/ belongs to the live article “{live.title}”",
                    "Give this draft another 'slug:' line.",
                )
            return None, slug, []
        if not self.update:
            _require_editable_draft(existing, parsed)  # so the hint below never suggests a refused update
            raise DraftImportError(
                parsed.source_name,
                line,
                f"an article with the slug '{slug}' already exists (“{existing.title}”)",
                "Import with the update option (--update, or “Update drafts with the same slug” in the "
                "admin) to replace its text, or give this draft another 'slug:' line.",
            )
        return existing, slug, []

    def _target_for_provisional_title(self, parsed: ParsedDraft):
        """A draft named only by its first heading: recognise an earlier import of the same text."""
        from articles.models import Article

        base = _slug_for(parsed.title)
        text = _text_of(parsed)
        suffixed = re.compile(rf"{re.escape(base)}(?:-\d+)?")
        candidates = Article.objects.filter(
            slug__startswith=base,
            summary=parsed.summary,
            standfirst=parsed.standfirst,
            conclusion=parsed.conclusion,
        ).order_by("pk")
        earlier = next(
            (
                article
                for article in candidates
                if suffixed.fullmatch(article.slug)
                and list(article.sections.values_list("heading", "body")) == list(text[3])
            ),
            None,
        )
        claimed_by = self._claimed_texts.get((base, text)) or (earlier and self._claimed.get(earlier.slug))
        if claimed_by:
            raise DraftImportError(
                parsed.source_name,
                None,
                f"{claimed_by}, earlier in this import, has exactly the same text",
                "Import only one of the two files.",
            )
        self._claimed_texts[(base, text)] = parsed.source_name
        if earlier is not None:
            if self.update:
                return earlier, earlier.slug, []
            raise DraftImportError(
                parsed.source_name,
                None,
                f"this draft was already imported as “{earlier.title}” (slug {earlier.slug}), with the same text",
                "Nothing to do; to import it again as a separate article, add a 'title: ...' line.",
            )
        slug = unique_article_slug(base, reserved=self._claimed)
        if slug == base:
            return None, slug, []
        if self.update and base not in self._claimed:
            holder = Article.objects.filter(slug=base).first()
            raise DraftImportError(
                parsed.source_name,
                None,
                f"the slug '{base}' is taken"
                + (f" by “{holder.title}”" if holder else " by a live page")
                + ", and this draft has no 'title:' or 'slug:' line saying whether it is that article",
                f"Add 'slug: {base}' at the top to re-import into it, or a 'title: ...' line to import "
                "it as a new article.",
            )
        return None, slug, [f"the slug '{base}' is taken, so this draft gets '{slug}'"]

    def _create(self, parsed: ParsedDraft, slug: str, author, topics) -> ImportOutcome:
        from articles.models import Article, Section

        article = Article(
            title=parsed.title,
            slug=slug,
            summary=parsed.summary,
            standfirst=parsed.standfirst,
            conclusion=parsed.conclusion,
            created_by=author,
        )
        sections = _sections_for(parsed)
        _validate(article, sections, parsed)
        self._claimed[slug] = parsed.source_name
        if self.dry_run:
            return self._outcome(ImportAction.WOULD_CREATE, article, parsed)
        article.save()
        for section in sections:
            section.article = article
        Section.objects.bulk_create(sections)
        article.topics.add(*topics)
        if author is not None:
            article.authors.add(author)
        return self._outcome(ImportAction.CREATED, article, parsed)

    def _reimport(self, article, parsed: ParsedDraft, author, topics) -> ImportOutcome:
        """Replace a draft's summary, intro, sections and conclusion with the draft file's.

        Refused for an article that is live, scheduled or has a revision in
        review: readers, or the reviewer, are looking at that text, and only
        the workflow (edit, submit for review, approve, publish) may change
        what they see. The title is replaced unless the file's is
        provisional, the slug when the file names one, the topics when the
        import names any; the author is added to the authors. Earlier
        revisions are immutable and stay as they are.
        """
        from articles.models import Article, Section

        warnings: list[str] = []
        if not self.dry_run:
            # Checked under the row lock the workflow also takes, so a submission or
            # publication cannot slip in between the check and the write.
            article = Article.objects.select_for_update().get(pk=article.pk)
        _require_editable_draft(article, parsed)
        if parsed.title_is_provisional:
            warnings.append(f"kept the title “{article.title}”: the draft has no 'title:' line")
        else:
            article.title = parsed.title
        if parsed.slug is not None:
            article.slug = parsed.slug
        article.summary = parsed.summary
        article.standfirst = parsed.standfirst
        article.conclusion = parsed.conclusion
        # Tells an editor who opened the article before the import that it changed under them.
        article.edit_version += 1
        sections = _sections_for(parsed)
        _validate(article, sections, parsed)
        self._claimed[article.slug] = parsed.source_name
        if self.dry_run:
            outcome = self._outcome(ImportAction.WOULD_UPDATE, article, parsed)
        else:
            article.save()
            article.sections.all().delete()
            for section in sections:
                section.article = article
            Section.objects.bulk_create(sections)
            if topics:
                article.topics.set(topics)
            if author is not None:
                article.authors.add(author)
            outcome = self._outcome(ImportAction.UPDATED, article, parsed)
        outcome.warnings.extend(warnings)
        return outcome

    def _flag_claims(self, outcome: ImportOutcome) -> None:
        """Count the risky claims in the stored working copy, so the writer sees them at once.

        Nothing is stored: claim flags belong to revisions and are recorded at
        submission (``articles.domain.claim_flags``). A dry run stores no working
        copy, so it has nothing to scan.
        """
        from articles.domain.claim_flags import scan_working_copy

        if not self.dry_run:
            outcome.claims = len(scan_working_copy(outcome.article))

    @staticmethod
    def _outcome(action: ImportAction, article, parsed: ParsedDraft) -> ImportOutcome:
        return ImportOutcome(
            source_name=parsed.source_name,
            action=action,
            article=article,
            sections=len(parsed.sections),
            has_summary=bool(parsed.summary),
            warnings=list(parsed.warnings),
        )


class _TopicIndex:
    """Every topic by slug and by case-folded name, loaded once per import run."""

    def __init__(self):
        from articles.models import Topic

        topics = list(Topic.objects.all())
        # Names first, so that a slug wins when it equals another topic's name.
        self._by_key: dict[str, Any] = {topic.name.casefold(): topic for topic in topics}
        self._by_key.update((topic.slug.casefold(), topic) for topic in topics)

    def find(self, names, *, source_name: str, line: int | None) -> list:
        found = []
        for name in names:
            topic = self._by_key.get(_collapse(name).casefold())
            if topic is None:
                close = difflib.get_close_matches(_collapse(name).casefold(), list(self._by_key), n=1, cutoff=0.7)
                suggestion = f"Did you mean '{self._by_key[close[0]].name}'? " if close else ""
                raise DraftImportError(
                    source_name,
                    line,
                    f"there is no topic '{name}'",
                    f"{suggestion}Name an existing topic by its name or slug; publishers add new topics.",
                )
            if topic not in found:
                found.append(topic)
        return found


def _slug_for(title: str) -> str:
    from django.utils.text import slugify

    # Leave room for a -N suffix within the 200-character slug column.
    return slugify(title)[:190].strip("-") or "article"


def _slugs_starting_with(root: str) -> set[str]:
    """Slugs of working copies and of live pages that start with ``root``, in two queries."""
    from articles.models import Article

    own = Article.objects.filter(slug__startswith=root).values_list("slug", flat=True)
    live = Article.objects.filter(live_revision__slug__startswith=root).values_list("live_revision__slug", flat=True)
    return {*own, *live}


def _text_of(parsed: ParsedDraft) -> tuple:
    """Everything an untitled draft imports, comparable with an article's stored text."""
    sections = tuple((section.heading, section.body) for section in parsed.sections)
    return parsed.summary, parsed.standfirst, parsed.conclusion, sections


def _sections_for(parsed: ParsedDraft) -> list:
    from articles.models import Section

    return [
        Section(position=position, heading=section.heading, body=section.body)
        for position, section in enumerate(parsed.sections, start=1)
    ]


def _validate(article, sections: list, parsed: ParsedDraft) -> None:
    """Run the models' own validation before anything is written, naming the field at fault."""
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    def problem(exc: ValidationError, what: str) -> tuple[str, str]:
        field_name, messages = next(iter(exc.message_dict.items()))
        if field_name == NON_FIELD_ERRORS:
            return field_name, f"{what} is not valid: {' '.join(messages)}"
        return field_name, f"{what} has an invalid {field_name.replace('_', ' ')}: {' '.join(messages)}"

    try:
        article.full_clean()
    except ValidationError as exc:
        field_name, message = problem(exc, "the article")
        raise DraftImportError(
            parsed.source_name,
            parsed.front_matter_lines.get(field_name),
            message,
            "Correct the draft and import it again.",
        ) from None
    for section in sections:
        try:
            section.full_clean(exclude=["article"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            _field, message = problem(exc, f"section {section.position} (“{_clip(section.heading)}”)")
            raise DraftImportError(
                parsed.source_name, None, message, "Correct the draft and import it again."
            ) from None


def _require_editable_draft(article, parsed: ParsedDraft) -> None:
    line = parsed.front_matter_lines.get("slug") or parsed.front_matter_lines.get("title")
    if article.live_revision_id is not None:
        raise DraftImportError(
            parsed.source_name,
            line,
            f"“{article.title}” ({article.slug}) is live, and an import never changes a published article",
            "Edit it in the admin and submit the change for medical review; readers keep seeing the "
            "approved text until the new revision is approved and published.",
        )
    if article.scheduled_revision_id is not None:
        raise DraftImportError(
            parsed.source_name,
            line,
            f"“{article.title}” ({article.slug}) is scheduled for publication, and an import never "
            "changes an article on its way to readers",
            "Ask a publisher to cancel the schedule, or edit it in the admin and submit the change for review.",
        )
    pending = article.revisions.in_review().first()
    if pending is not None:
        raise DraftImportError(
            parsed.source_name,
            line,
            f"revision {pending.number} of “{article.title}” ({article.slug}) is in medical review",
            "Wait for the reviewer's decision or withdraw the revision, then import again.",
        )
