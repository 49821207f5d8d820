"""Parse plain-text drafts into plain data, ready to be turned into articles.

Parsing is pure: ``decode_draft`` and ``parse_draft`` never touch the
database, Django, the settings or the network, so the management command,
the admin upload, the tests and the benchmark all share one parser and see
the same errors. The import action (``articles.actions.importing``) turns
parsed drafts into draft articles; its slug, author, topic and update rules
are in that module's docstring.

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
from dataclasses import dataclass, field

__all__ = [
    "FRONT_MATTER_KEYS",
    "MAX_DRAFT_BYTES",
    "PROVISIONAL_TITLE_MAX_LENGTH",
    "DraftParseError",
    "ParsedDraft",
    "ParsedSection",
    "decode_draft",
    "parse_draft",
    "too_large",
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
        raise too_large(source_name, len(raw))
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


def too_large(source_name: str, size: int | None) -> DraftParseError:
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
