"""Reading the rule files in ``articles/claims/rules/`` (syntax: docs/claims.md).

Every file has the same shape:

* ``# ...`` lines and blank lines are ignored;
* an unindented ``name: value`` line is a setting;
* an unindented ``name:`` line starts a section, whose items are the indented
  lines below it, one item per line.

In a category file (``<category>.rules``) the sections are ``explanation``
(its lines form one paragraph), ``patterns``, ``negatable patterns`` and
``vetoes``. A pattern item is one template. Its options are indented further
on the lines below it (``requires_context: substance drug``). A long choice
can be written one alternative per line: end the line with ``(`` or ``[``,
put each alternative on its own line, and close it on a line that starts with
``)`` or ``]``::

    (
        won't
        will not
    ) (give|leave) (you|anyone) <0-1> {harm}

is the template ``(won't|will not) (give|leave) (you|anyone) <0-1> {harm}``.

``vocabulary.rules`` holds the ``{name}`` lists templates use and
``cues.rules`` the negation, hedge and question cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from articles.claims.categories import ClaimCategory

RULES_DIR = Path(__file__).resolve().parent / "rules"

NEGATION_MODES = ("any", "evidence", "never")
PATTERN_OPTIONS = ("requires_context", "agent_exclusions", "negation", "keys")
_LIST_OPTIONS = ("requires_context", "keys")
_INCLUDE = re.compile(r"^\{(\w+)\}$")


class RuleFileError(ValueError):
    """A rule file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Pattern:
    """One template of a category, with the options that apply to it."""

    template: str
    category: ClaimCategory
    kind: str  # "pattern", "negatable pattern" or "veto"
    source: str  # "absolute_safety.rules:42"
    negation: str
    requires_context: tuple[str, ...] = ()
    agent_exclusions: str = ""
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class CategoryRules:
    category: ClaimCategory
    #: What the reviewer reads; ``{product}`` is the product the sentence is about.
    explanation: str
    patterns: tuple[Pattern, ...]
    vetoes: tuple[Pattern, ...]
    #: Product-specific additions: (lower-case product names, note).
    notes: tuple[tuple[frozenset[str], str], ...] = ()
    #: Vocabulary lists whose entries, as the subject a sentence begins with,
    #: make it general pharmacology ("Statins lower cholesterol by ...") when
    #: the sentence names no remedy (the ``remedy`` list): its matches are dropped.
    subject_exclusions: tuple[str, ...] = ()

    def explain(self, product: str | None) -> str:
        """The explanation for a sentence about ``product`` (None: no product named)."""
        text = self.explanation.replace("{product}", product or "the product")
        if product:
            text = " ".join([text, *(note for names, note in self.notes if product.lower() in names)])
        return text


@dataclass(frozen=True)
class RuleSet:
    """Everything the engine compiles: vocabularies, cues and the categories' rules."""

    verbs: dict[str, list[str]]
    irregular_verbs: dict[str, list[str]]
    nouns: dict[str, list[str]]
    words: dict[str, list[str]]
    number_words: list[str]
    fraction_phrases: list[str]
    article_amounts: list[str]
    fraction_chars: str
    range_joiners: list[str]
    dose_units: list[str]
    spoon_units: list[str]
    negation_window_words: int
    post_window_words: int
    negation_cues: list[str]
    evidence_cues: list[str]
    post_negation_cues: list[str]
    hedge_cues: list[str]
    sentence_qualifiers: list[str]
    question_words: list[str]
    pseudo_negations: list[str]
    categories: dict[ClaimCategory, CategoryRules] = field(default_factory=dict)

    def all_patterns(self):
        """Every pattern and veto, category by category, in file order."""
        for rules in self.categories.values():
            yield from rules.patterns
            yield from rules.vetoes


@dataclass
class _Item:
    text: str
    line: int
    options: dict[str, tuple[int, str]] = field(default_factory=dict)


@dataclass
class _File:
    name: str
    settings: dict[str, tuple[int, str]] = field(default_factory=dict)
    sections: dict[str, list[_Item]] = field(default_factory=dict)
    section_lines: dict[str, int] = field(default_factory=dict)

    def error(self, line: int, message: str) -> RuleFileError:
        return RuleFileError(f"{self.name}:{line}: {message}")


def _read(path: Path) -> _File:
    parsed = _File(path.name)
    lines = path.read_text(encoding="utf-8").splitlines()
    section: list[_Item] | None = None
    item_indent = 0
    i = 0
    while i < len(lines):
        raw = lines[i]
        lineno = i + 1
        i += 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip())
        if indent == 0:
            name, colon, value = stripped.partition(":")
            if not colon:
                raise parsed.error(lineno, f"expected 'name:' or 'name: value', got {stripped!r}")
            name, value = name.strip(), value.strip()
            if value:
                parsed.settings[name] = (lineno, value)
                section = None
            else:
                if name in parsed.sections:
                    raise parsed.error(lineno, f"section {name!r} appears twice")
                section = parsed.sections[name] = []
                parsed.section_lines[name] = lineno
                item_indent = 0
            continue
        if section is None:
            raise parsed.error(lineno, "indented line outside a section (add a 'name:' line above it)")
        if section and indent > item_indent:
            key, colon, value = stripped.partition(":")
            if not colon or key not in PATTERN_OPTIONS:
                raise parsed.error(lineno, f"indented further than the items above: an option needs "
                                           f"one of {', '.join(PATTERN_OPTIONS)}")
            section[-1].options[key] = (lineno, value.strip())
            continue
        if not section:
            item_indent = indent
        text = stripped
        if not text.startswith("re:"):
            text, i = _join_choices(parsed, lines, i, lineno, text)
        section.append(_Item(text, lineno))
    return parsed


_CLOSER = {"(": ")", "[": "]"}


def _join_choices(parsed: _File, lines: list[str], i: int, lineno: int, text: str) -> tuple[str, int]:
    """Fold choices written one alternative per line back into ``(a|b|c)``."""
    while text[-1] in _CLOSER:
        opener = text[-1]
        alternatives = []
        while True:
            if i >= len(lines):
                raise parsed.error(lineno, f"the {opener!r} at the end of this line is never closed")
            alt = lines[i].strip()
            i += 1
            if not alt or alt.startswith("#"):
                continue
            if alt[0] in ")]":
                if alt[0] != _CLOSER[opener]:
                    raise parsed.error(i, f"expected {_CLOSER[opener]!r} to close the {opener!r} of line {lineno}")
                break
            alternatives.append(alt)
        if not alternatives:
            raise parsed.error(lineno, f"the {opener!r} at the end of this line has no alternatives")
        text = text + "|".join(alternatives) + alt
    return text, i


def _words(value: str) -> tuple[str, ...]:
    return tuple(value.split())


def _read_category(category: ClaimCategory, directory: Path) -> CategoryRules:
    path = directory / f"{category.value}.rules"
    if not path.exists():
        raise RuleFileError(f"{path.name}: missing (every ClaimCategory needs a rule file)")
    parsed = _read(path)
    known_settings = {"negation", "requires_context", "agent_exclusions", "subject_exclusions"}
    for name, (lineno, _) in parsed.settings.items():
        if name not in known_settings:
            raise parsed.error(lineno, f"unknown setting {name!r} (use {', '.join(sorted(known_settings))})")
    known_sections = {"explanation", "notes", "patterns", "negatable patterns", "vetoes"}
    for name, lineno in parsed.section_lines.items():
        if name not in known_sections:
            raise parsed.error(lineno, f"unknown section {name!r} (use {', '.join(sorted(known_sections))})")
    negation = parsed.settings.get("negation", (0, "any"))[1]
    if negation not in NEGATION_MODES:
        raise parsed.error(parsed.settings["negation"][0], f"negation must be one of {NEGATION_MODES}")
    defaults = {
        "negation": negation,
        "requires_context": _words(parsed.settings.get("requires_context", (0, ""))[1]),
        "agent_exclusions": parsed.settings.get("agent_exclusions", (0, ""))[1],
    }
    explanation = " ".join(item.text for item in parsed.sections.get("explanation", []))
    if not explanation:
        raise RuleFileError(f"{path.name}: needs an 'explanation:' section")
    placeholders = set(re.findall(r"\{[^}]*\}", explanation)) - {"{product}"}
    if placeholders:
        raise parsed.error(parsed.section_lines["explanation"],
                           f"an explanation can only use {{product}}, not {', '.join(sorted(placeholders))}")
    notes = []
    for item in parsed.sections.get("notes", []):
        names, colon, note = item.text.partition(": ")
        if not colon or not note.strip():
            raise parsed.error(item.line, "write a note as 'product, other name: text of the note'")
        notes.append((frozenset(n.strip().lower() for n in names.split(",") if n.strip()), note.strip()))

    def patterns(section: str, kind: str, overrides: dict) -> list[Pattern]:
        out = []
        for item in parsed.sections.get(section, []):
            options = dict(defaults, **overrides)
            for key, (lineno, value) in item.options.items():
                if key == "negation" and value not in NEGATION_MODES:
                    raise parsed.error(lineno, f"negation must be one of {NEGATION_MODES}")
                options[key] = _words(value) if key in _LIST_OPTIONS else value
            if kind == "veto":
                options = {"negation": "never"}
            out.append(Pattern(template=item.text, category=category, kind=kind,
                               source=f"{path.name}:{item.line}", **options))
        return out

    return CategoryRules(
        category=category,
        explanation=explanation,
        patterns=tuple(patterns("patterns", "pattern", {})
                       + patterns("negatable patterns", "negatable pattern", {"negation": "any"})),
        vetoes=tuple(patterns("vetoes", "veto", {})),
        notes=tuple(notes),
        subject_exclusions=_words(parsed.settings.get("subject_exclusions", (0, ""))[1]),
    )


def _lists(parsed: _File, prefix: str) -> dict[str, list[str]]:
    return {
        name[len(prefix):].strip(): [item.text for item in items]
        for name, items in parsed.sections.items()
        if name.startswith(prefix)
    }


def _expand(parsed: _File, lists: dict[str, list[str]], others: dict[str, list[str]]) -> None:
    """Replace ``{name}`` entries by the entries of list ``name``, in place."""
    for name, items in lists.items():
        expanded = []
        for entry in items:
            m = _INCLUDE.match(entry)
            if m is None:
                expanded.append(entry)
            elif m.group(1) in others:
                expanded.extend(others[m.group(1)])
            else:
                raise parsed.error(parsed.section_lines.get(name, 0), f"unknown list {entry} in {name!r}")
        items[:] = expanded


def _section(parsed: _File, name: str) -> list[str]:
    if name not in parsed.sections:
        raise RuleFileError(f"{parsed.name}: missing section {name!r}")
    return [item.text for item in parsed.sections[name]]


def _int_setting(parsed: _File, name: str) -> int:
    if name not in parsed.settings:
        raise RuleFileError(f"{parsed.name}: missing setting {name!r}")
    lineno, value = parsed.settings[name]
    if not value.isdigit():
        raise parsed.error(lineno, f"{name} must be a whole number")
    return int(value)


def load(directory: Path = RULES_DIR) -> RuleSet:
    """Read and check every rule file."""
    vocabulary = _read(directory / "vocabulary.rules")
    verbs = _lists(vocabulary, "verbs ")
    nouns = _lists(vocabulary, "nouns ")
    words = _lists(vocabulary, "words ")
    _expand(vocabulary, nouns, nouns)
    irregular = {}
    for item in vocabulary.sections.get("irregular verbs", []):
        verb, colon, forms = item.text.partition(":")
        if not colon:
            raise vocabulary.error(item.line, "write an irregular verb as 'verb: form form ...'")
        irregular[verb.strip()] = forms.split()
    units = {"dose units": _section(vocabulary, "dose units")}
    _expand(vocabulary, units, nouns)
    cues = _read(directory / "cues.rules")
    ruleset = RuleSet(
        verbs=verbs,
        irregular_verbs=irregular,
        nouns=nouns,
        words=words,
        number_words=_section(vocabulary, "number words"),
        fraction_phrases=_section(vocabulary, "fraction phrases"),
        article_amounts=_section(vocabulary, "article amounts"),
        fraction_chars="".join(_section(vocabulary, "fraction characters")),
        range_joiners=_section(vocabulary, "range joiners"),
        dose_units=units["dose units"],
        spoon_units=_section(vocabulary, "spoon units"),
        negation_window_words=_int_setting(cues, "negation window words"),
        post_window_words=_int_setting(cues, "post window words"),
        negation_cues=_section(cues, "negation cues"),
        evidence_cues=_section(cues, "evidence cues"),
        post_negation_cues=_section(cues, "post negation cues"),
        hedge_cues=_section(cues, "hedge cues"),
        sentence_qualifiers=_section(cues, "sentence qualifiers"),
        question_words=_section(cues, "question words"),
        pseudo_negations=_section(cues, "pseudo negations"),
        categories={category: _read_category(category, directory) for category in ClaimCategory},
    )
    expected = {f"{c.value}.rules" for c in ClaimCategory} | {"vocabulary.rules", "cues.rules"}
    strays = sorted(p.name for p in directory.glob("*.rules") if p.name not in expected)
    if strays:
        raise RuleFileError(f"{', '.join(strays)}: not a ClaimCategory (add it to ClaimCategory or rename the file)")
    return ruleset
