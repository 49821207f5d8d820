"""Risky-claim detector for health content (the pre-review linter).

Pure Python, no Django models. All vocabulary, templates and explanations
live in :mod:`articles.claim_rules`; this module compiles them once at import
time into one regular expression per category and applies a ConText-style
negation/qualification check to each match.

Public API::

    scan(text) -> list[Claim]          # sorted by start, deterministic
    categories_in(text) -> set[str]
    CATEGORIES, CATEGORY_LABELS, Claim

The linter flags; the reviewer decides. Cautious sentences ("avoid combining
with benzodiazepines") are flagged on purpose. Only clear denials of a risky
*assertion* ("kratom is not non-addictive", "no evidence it cures anxiety")
are suppressed; see ``claim_rules`` for the per-category negation modes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from articles import claim_rules as R

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "CATEGORY_EXPLANATIONS",
    "Claim",
    "categories_in",
    "scan",
    "split_sentences",
]

CATEGORIES: tuple[str, ...] = (
    "absolute_safety",
    "disease_treatment",
    "efficacy_overstatement",
    "drug_substitution",
    "dosage",
    "interaction",
    "mechanism",
    "regulatory_status",
    "vulnerable_groups",
    "withdrawal_stopping_medication",
    "emergency",
)

if set(CATEGORIES) != set(R.CATEGORIES):  # pragma: no cover - config error
    raise RuntimeError("claim_rules.CATEGORIES must define exactly the public CATEGORIES")

CATEGORY_LABELS: dict[str, str] = {c: R.CATEGORIES[c]["label"] for c in CATEGORIES}
CATEGORY_EXPLANATIONS: dict[str, str] = {c: R.CATEGORIES[c]["explanation"] for c in CATEGORIES}


@dataclass(frozen=True)
class Claim:
    category: str
    start: int
    end: int
    text: str
    explanation: str = field(default="", compare=False)
    sentence_start: int = -1
    sentence_end: int = -1

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]


# ---------------------------------------------------------------------------
# Template compiler
# ---------------------------------------------------------------------------

_FLAGS = re.IGNORECASE
#: Between two words of a template: spaces/punctuation, never a sentence end.
_SEP = r"[^\w.!?;\n]+"
_HYPHEN = r"[\s\-‐‑]?"
_JOIN = r"[\s\-‐‑]*"
_APOS = r"['’]"
_NEG_WORD = r"(?:not|no|never|nor|neither|cannot|none|nothing|nobody|without)"
_GAP_WORD = r"[\w]+"
_GAP_WORD_NONEG = r"(?!" + _NEG_WORD + r"\b)(?!\w*n['’]t\b)[\w]+"
_VOWELS = "aeiou"


def _word_regex(word: str) -> str:
    """A single template/vocabulary word -> regex (no boundaries)."""
    if word.startswith("re:"):
        return "(?:" + word[3:] + ")"
    prefix = word.endswith("*") and len(word) > 1
    if prefix:
        word = word[:-1]
    dot = word.endswith(".") and len(word) > 1
    if dot:
        word = word[:-1]
    out = []
    for ch in word:
        if ch in "-‐‑":
            out.append(_HYPHEN)
        elif ch in "'’":
            out.append(_APOS)
        elif ch == " ":
            out.append(_SEP)
        else:
            out.append(re.escape(ch))
    rx = "".join(out)
    if dot:
        rx += r"\.?"
    if prefix:
        rx += r"\w*"
    return rx


def _phrase_regex(phrase: str) -> str:
    if phrase.startswith("re:"):
        return "(?:" + phrase[3:] + ")"
    return _SEP.join(_word_regex(w) for w in phrase.split())


def _consonant_vowel_consonant(w: str) -> bool:
    groups = re.findall(r"[aeiou]+", w)
    return (
        len(groups) == 1
        and len(w) >= 3
        and w[-1] not in _VOWELS + "wxy"
        and w[-2] in _VOWELS
        and w[-3] not in _VOWELS
    )


def _verb_forms(lemma: str) -> list[str]:
    head, _, rest = lemma.partition(" ")
    w = head.lower()
    forms = {w}
    if re.search(r"(s|sh|ch|x|z|o)$", w):
        forms.add(w + "es")
    elif re.search(r"[^aeiou]y$", w):
        forms.add(w[:-1] + "ies")
    else:
        forms.add(w + "s")
    if w.endswith("e"):
        forms.add(w + "d")
        forms.add(w[:-1] + "ing" if not w.endswith("ee") else w + "ing")
    elif re.search(r"[^aeiou]y$", w):
        forms.add(w[:-1] + "ied")
        forms.add(w + "ing")
    elif _consonant_vowel_consonant(w):
        forms.add(w + w[-1] + "ed")
        forms.add(w + w[-1] + "ing")
    else:
        forms.add(w + "ed")
        forms.add(w + "ing")
    forms.update(R.IRREGULAR_VERBS.get(w, []))
    if head.startswith("self-") and head != "self-":
        base = head[len("self-"):]
        forms.update("self-" + f for f in _verb_forms(base))
    return sorted(f + (" " + rest if rest else "") for f in forms)


def _noun_forms(noun: str) -> list[str]:
    if noun.startswith("re:"):
        return [noun]
    words = noun.split(" ")
    last = words[-1]
    low = last.lower()
    forms = {last}
    if re.search(r"[a-z]$", low):
        if re.search(r"(s|sh|ch|x|z)$", low):
            forms.add(last + "es")
        elif re.search(r"[^aeiou]y$", low):
            forms.add(last[:-1] + "ies")
        else:
            forms.add(last + "s")
    return [" ".join(words[:-1] + [f]) for f in sorted(forms)]


def _alternation(phrases) -> str:
    uniq = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(_phrase_regex(p) for p in uniq) + ")"


def _build_lists() -> dict[str, str]:
    lists: dict[str, str] = {}
    for name, items in R.VERBS.items():
        lists[name] = _alternation(f for it in items for f in _verb_forms(it))
    for name, items in R.NOUNS.items():
        lists[name] = _alternation(f for it in items for f in _noun_forms(it))
    for name, items in R.WORDS.items():
        lists[name] = _alternation(items)

    # Built-in number/amount tokens.
    units = [w for w in R.NUMBER_WORDS if " " not in w and w not in ("hundred",)]
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    ones = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    compound = r"(?:" + "|".join(tens) + r")[\s\-‐‑](?:" + "|".join(ones) + r")"
    num_word = "(?:" + compound + "|" + _alternation(R.NUMBER_WORDS)[3:]
    del units
    frac_chars = "[" + re.escape(R.FRACTION_CHARS) + "]"
    digit = (
        r"(?:\d+(?:[.,]\d+)?(?:\s*" + frac_chars + r")?|" + frac_chars + r"|\d+/\d+)"
    )
    fraction = _alternation(R.FRACTION_PHRASES)
    single = "(?:" + fraction + "|" + digit + "|" + num_word + ")"
    dash_join = r"\s*[-–—]\s*"
    word_join = r"\s+(?:" + "|".join(re.escape(j) for j in R.RANGE_JOINERS if j.isalpha()) + r")\s+"
    amount = r"(?:between\s+)?" + single + r"(?:(?:" + dash_join + "|" + word_join + ")" + single + ")?"
    lists["amount"] = "(?:" + amount + ")"
    lists["spoon_amount"] = "(?:" + _alternation(R.ARTICLE_AMOUNTS) + "|" + amount + ")"
    unit_forms = []
    for u in R.DOSE_UNITS:
        unit_forms.extend(_noun_forms(u) if len(u) > 3 else [u])
    # Never before "/" ("mg/dL" is a lab value, not a dose).
    lists["dose_unit"] = "(?:" + _alternation(unit_forms) + r"(?![/\w]))"
    spoon_forms = [f for u in R.SPOON_UNITS for f in (_noun_forms(u) if len(u) > 4 else [u])]
    lists["spoon_unit"] = "(?:" + _alternation(spoon_forms) + r"(?![/\w]))"
    lists["percent"] = (
        r"(?:\d+(?:[.,]\d+)?\s?%|(?:" + num_word + r"|\d+)[\s\-‐‑]?(?:percent|per\s+cent))"
    )
    return lists


_LISTS = _build_lists()
_PLACEHOLDER = re.compile(r"^\{(\w+)\}$")
_GAP = re.compile(r"^<(?:(\d+)-)?(\d+)>$")


def _split_top(s: str, sep: str) -> list[str]:
    """Split on ``sep`` outside () and []."""
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _atom(piece: str) -> str:
    m = _PLACEHOLDER.match(piece)
    if m:
        name = m.group(1)
        if name not in _LISTS:
            raise KeyError(f"claim_rules: unknown vocabulary list {{{name}}}")
        return _LISTS[name]
    return _word_regex(piece)


def _token_regex(tok: str, noneg: bool) -> tuple[str, str]:
    """Return (regex, kind) with kind in {"word", "opt", "gap"}."""
    m = _GAP.match(tok)
    if m:
        lo, hi = int(m.group(1) or 0), int(m.group(2))
        word = _GAP_WORD_NONEG if noneg else _GAP_WORD
        return "(?:" + word + _SEP + "){%d,%d}?" % (lo, hi), "gap"
    if tok.startswith("[") and tok.endswith("]"):
        alts = _split_top(tok[1:-1], "|")
        return "(?:" + "|".join(_template_regex(a, noneg) for a in alts) + ")", "opt"
    if tok.startswith("(") and tok.endswith(")") and "~" not in tok:
        alts = _split_top(tok[1:-1], "|")
        return "(?:" + "|".join(_template_regex(a, noneg) for a in alts) + ")", "word"
    parts = []
    for part in tok.split("~"):
        if part.startswith("(") and part.endswith(")"):
            alts = _split_top(part[1:-1], "|")
            parts.append("(?:" + "|".join(_template_regex(a, noneg) for a in alts) + ")")
        else:
            parts.append("(?:" + "|".join(_atom(p) for p in part.split("|")) + ")")
    return _JOIN.join(parts), "word"


def _template_regex(template: str, noneg: bool) -> str:
    template = template.strip()
    if template.startswith("re:"):
        return "(?:" + template[3:] + ")"
    toks = [_token_regex(t, noneg) for t in _split_top(template, " ") if t]
    if not toks or all(k != "word" for _, k in toks):
        raise ValueError(f"claim_rules: template needs at least one fixed word: {template!r}")
    last_word = max(i for i, (_, k) in enumerate(toks) if k == "word")
    out = []
    prev_kind = None
    for i, (rx, kind) in enumerate(toks):
        if kind == "gap" and i > last_word:
            raise ValueError(f"claim_rules: template cannot end with a gap: {template!r}")
        if i > last_word:  # trailing optional word(s)
            out.append("(?:" + _SEP + rx + ")?")
            continue
        if prev_kind == "word":
            out.append(_SEP)
        if kind == "opt":
            out.append("(?:" + rx + _SEP + ")?")
        else:
            out.append(rx)
        prev_kind = kind
    return "".join(out)


def _compile(templates, noneg: bool) -> re.Pattern | None:
    if not templates:
        return None
    body = "|".join("(?:" + _template_regex(t, noneg) + ")" for t in templates)
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", _FLAGS)


def _compile_cues(cues) -> re.Pattern:
    body = "|".join(
        "(?:" + c[3:] + ")" if c.startswith("re:") else _phrase_regex(c) for c in cues
    )
    return re.compile(r"(?<![\w'’])(?:" + body + r")(?![\w])", _FLAGS)


@dataclass(frozen=True)
class _Group:
    """Patterns of one category that share the same options."""

    pattern: re.Pattern
    mode: str
    context: re.Pattern | None
    agents: re.Pattern | None


@dataclass(frozen=True)
class _Rule:
    category: str
    explanation: str
    groups: tuple[_Group, ...]
    veto: re.Pattern | None


def _context_regex(names) -> re.Pattern | None:
    if not names:
        return None
    if isinstance(names, str):
        names = [names]
    return re.compile(r"(?<!\w)(?:" + "|".join(_LISTS[n] for n in names) + r")(?!\w)", _FLAGS)


def _build_rules() -> tuple[_Rule, ...]:
    rules = []
    for cat in CATEGORIES:
        spec = R.CATEGORIES[cat]
        default = {
            "negation": spec.get("negation", "any"),
            "requires_context": spec.get("requires_context"),
            "agent_exclusions": spec.get("agent_exclusions"),
        }
        entries = [dict(default, template=p) if isinstance(p, str) else dict(default, **p)
                   for p in spec.get("patterns", [])]
        entries += [dict(default, template=p, negation="any") if isinstance(p, str)
                    else dict(default, negation="any", **p)
                    for p in spec.get("negatable_patterns", [])]
        grouped: dict[tuple, list[str]] = {}
        for e in entries:
            mode = e["negation"]
            if mode not in ("any", "evidence", "never"):
                raise ValueError(f"claim_rules: bad negation mode for {cat}: {mode!r}")
            ctx = e.get("requires_context")
            key = (mode, tuple([ctx] if isinstance(ctx, str) else ctx or ()), e.get("agent_exclusions") or "")
            grouped.setdefault(key, []).append(e["template"])
        groups = []
        for (mode, ctx, agents), templates in grouped.items():
            groups.append(
                _Group(
                    pattern=_compile(templates, mode != "never"),
                    mode=mode,
                    context=_context_regex(list(ctx)),
                    agents=_context_regex(agents) if agents else None,
                )
            )
        rules.append(
            _Rule(
                category=cat,
                explanation=spec["explanation"],
                groups=tuple(groups),
                veto=_compile(spec.get("vetoes", []), False),
            )
        )
    return tuple(rules)


_RULES = _build_rules()
_NEG_RE = _compile_cues(R.NEGATION_CUES)
_EVID_RE = _compile_cues(R.EVIDENCE_CUES)
_POST_RE = _compile_cues(R.POST_NEGATION_CUES)
_PSEUDO_RE = _compile_cues(R.PSEUDO_NEGATIONS)
_CLAUSE_BREAK_RE = re.compile(
    r"[;:—–]|\s-\s|(?<!\w)" + _LISTS["clause_break"] + r"(?!\w)", _FLAGS
)
_SUBSTANCE_RE = re.compile(r"(?<!\w)(?:" + _LISTS["substance"] + "|" + _LISTS["drug"] + r")(?!\w)", _FLAGS)
_WORD_RE = re.compile(r"[\w'’]+")

# ---------------------------------------------------------------------------
# Sentence splitting
# ---------------------------------------------------------------------------

_ABBREVIATIONS = {
    "e.g", "i.e", "eg", "ie", "etc", "vs", "v", "cf", "dr", "mr", "mrs", "ms",
    "prof", "st", "sr", "jr", "no", "nos", "fig", "figs", "approx", "appx",
    "est", "inc", "ltd", "co", "corp", "dept", "univ", "vol", "pp", "p", "ed",
    "eds", "al", "min", "max", "mg", "ml", "tsp", "tbsp", "oz", "lb", "lbs",
    "u.s", "u.k", "u.s.a", "a.m", "p.m", "ph.d", "m.d", "b.sc", "d.o", "n.b",
    "ca", "c", "approx", "resp", "wt", "incl", "sp", "spp", "var", "gen",
}
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|$)|\n+")
_TOKEN_BEFORE_RE = re.compile(r"([\w.]+)\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of sentences, whitespace-trimmed.

    Splits at . ! ? … followed by whitespace and at line breaks, but not
    after abbreviations ("e.g.", "Dr.", "approx."), single initials, or when
    the next word starts in lower case. Decimals ("2.5 g") never split
    because the full stop is not followed by whitespace.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY_RE.finditer(text):
        end = m.end()
        if not m.group().startswith("\n"):
            # Check the word before the full stop.
            if m.group()[0] == ".":
                before = text[max(start, m.start() - 12): m.start() + 1]
                tm = _TOKEN_BEFORE_RE.search(before)
                if tm:
                    tok = tm.group(1).lower().rstrip(".")
                    if tok in _ABBREVIATIONS or (len(tok) == 1 and tok.isalpha()):
                        continue
            # Next non-space character in lower case or a digit -> same sentence.
            j = end
            while j < n and text[j] in " \t":
                j += 1
            if j < n and (text[j].islower() or text[j] in ",;:)"):
                continue
        _push(text, start, end, spans)
        start = end
    _push(text, start, n, spans)
    return spans


def _push(text: str, start: int, end: int, spans: list) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# ---------------------------------------------------------------------------
# Negation scope (ConText-style, compiled regexes)
# ---------------------------------------------------------------------------


def _blank(s: str, spans) -> str:
    if not spans:
        return s
    chars = list(s)
    for a, b in spans:
        for i in range(max(a, 0), min(b, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _pre_window(text: str, sent_start: int, start: int, blank_spans) -> str:
    pre = text[sent_start:start]
    last = None
    for last in _CLAUSE_BREAK_RE.finditer(pre):
        pass
    offset = sent_start
    if last is not None:
        pre = pre[last.end():]
        offset += last.end()
    words = list(_WORD_RE.finditer(pre))
    if len(words) > R.NEGATION_WINDOW_WORDS:
        cut = words[-R.NEGATION_WINDOW_WORDS].start()
        pre = pre[cut:]
        offset += cut
    local = [(a - offset, b - offset) for a, b in blank_spans if b > offset and a < offset + len(pre)]
    pre = _blank(pre, local)
    pre = _PSEUDO_RE.sub(lambda m: " " * len(m.group()), pre)
    return pre


def _post_window(text: str, end: int, sent_end: int) -> str:
    post = text[end:sent_end]
    m = _CLAUSE_BREAK_RE.search(post)
    if m:
        post = post[: m.start()]
    words = list(_WORD_RE.finditer(post))
    if len(words) > R.POST_WINDOW_WORDS:
        post = post[: words[R.POST_WINDOW_WORDS].start()]
    return post


def _negated(mode: str, text: str, s0: int, s1: int, start: int, end: int, blank_spans) -> bool:
    if mode == "never":
        return False
    pre = _pre_window(text, s0, start, blank_spans)
    if _EVID_RE.search(pre):
        return True
    if mode == "any" and _NEG_RE.search(pre):
        return True
    return bool(_POST_RE.search(_post_window(text, end, s1)))


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def scan(text: str) -> list[Claim]:
    """Find risky-claim phrases in ``text``. Sorted by (start, category order)."""
    if not text or not text.strip():
        return []
    sentences = split_sentences(text)
    if not sentences:
        return []
    starts = [s for s, _ in sentences]

    def sentence_of(pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, pos) - 1
        return sentences[max(i, 0)]

    # 1. Raw matches for every category (used both as candidates and to blank
    #    cue words that belong to another claim, e.g. the "no" in "no side
    #    effects and is not habit-forming").
    raw: list[tuple[_Rule, _Group, int, int]] = []
    for rule in _RULES:
        for group in rule.groups:
            for m in group.pattern.finditer(text):
                if m.end() > m.start():
                    raw.append((rule, group, m.start(), m.end()))
    if not raw:
        return []
    all_spans = sorted((s, e) for _, _, s, e in raw)
    span_starts = [s for s, _ in all_spans]

    veto_cache: dict[str, list[tuple[int, int]]] = {}
    context_cache: dict[tuple[int, int], bool] = {}
    substance_cache: dict[int, bool] = {}
    claims: dict[tuple[str, int, int], Claim] = {}
    taken: dict[str, list[tuple[int, int]]] = {}

    for rule, group, start, end in sorted(raw, key=lambda r: (r[2], -r[3])):
        cat = rule.category
        if any(a < end and start < b for a, b in taken.get(cat, ())):
            continue
        s0, s1 = sentence_of(start)
        if rule.veto is not None:
            spans = veto_cache.get(cat)
            if spans is None:
                spans = [(m.start(), m.end()) for m in rule.veto.finditer(text)]
                veto_cache[cat] = spans
            if any(a < end and start < b for a, b in spans):
                continue
        if group.context is not None:
            key = (id(group), s0)
            ok = context_cache.get(key)
            if ok is None:
                ok = any(
                    not (m.start() < end and start < m.end())
                    for m in group.context.finditer(text, s0, s1)
                )
                context_cache[key] = ok
            if not ok:
                continue
        if group.agents is not None:
            clause = _pre_window(text, s0, start, ())
            if group.agents.search(clause):
                has_sub = substance_cache.get(s0)
                if has_sub is None:
                    has_sub = bool(_SUBSTANCE_RE.search(text, s0, s1))
                    substance_cache[s0] = has_sub
                if not has_sub:
                    continue
        if group.mode != "never":
            lo = bisect.bisect_left(span_starts, s0)
            others = [
                sp for sp in all_spans[lo: bisect.bisect_left(span_starts, start)]
                if sp != (start, end)
            ]
            if _negated(group.mode, text, s0, s1, start, end, others):
                continue
        taken.setdefault(cat, []).append((start, end))
        claims[(cat, start, end)] = Claim(
            category=cat,
            start=start,
            end=end,
            text=text[start:end],
            explanation=rule.explanation,
            sentence_start=s0,
            sentence_end=s1,
        )

    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(claims.values(), key=lambda c: (c.start, order[c.category], c.end))


def categories_in(text: str) -> set[str]:
    """The set of categories flagged anywhere in ``text``."""
    return {c.category for c in scan(text)}
