"""The risky-claim detector's engine: compiles the rule files and scans text.

Pure Python, no Django. The rules (vocabularies, templates, cues and
explanations) are the text files in ``articles/claims/rules/``, read by
:mod:`articles.claims.rulefiles`. They are compiled on the first scan, not at
import, so importing the package (Django's admin autodiscovery does) costs
nothing; ``compile_rules()`` compiles them ahead of time (a worker warming
up). Vocabularies become prefix tries, templates are grouped by the words a
match can start with and factored by their shared first token, and each match
gets a ConText-style negation and qualification check (negation, research
hedges, evidence qualifiers later in the sentence, yes/no questions).
Scanning a 5,000-word article takes about 30-35 ms of CPU
(``bench/claims_throughput.py``; the budget is 50 ms).

The linter flags; the reviewer decides. Cautious sentences ("avoid combining
with benzodiazepines") are flagged on purpose. Only clear denials,
evidence-qualifications and questions about a risky *assertion* ("kratom is
not non-addictive", "no evidence it cures anxiety", "studies suggest it may
ease pain", "is kava safe?") are suppressed; see docs/claims.md for the
per-category negation modes.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from dataclasses import dataclass, field, replace

from articles.claims import rulefiles
from articles.claims.categories import CATEGORY_LABELS, ClaimCategory
from articles.claims.normalise import NormalisedText, normalise

__all__ = [
    "Claim",
    "categories_in",
    "compile_rules",
    "explain",
    "explanation_for",
    "patterns_matching",
    "scan",
    "split_sentences",
]


@dataclass(frozen=True)
class Claim:
    category: str
    start: int
    end: int
    text: str
    explanation: str = field(default="", compare=False)
    sentence_start: int = -1
    sentence_end: int = -1
    #: "rules" for a rule match, "model" for a flag only the learned detector raised.
    detector: str = field(default="rules", compare=False)

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]


@functools.cache
def _ruleset() -> rulefiles.RuleSet:
    return rulefiles.load()


def explanation_for(category: str, product: str | None = None) -> str:
    """The reviewer-facing explanation of a category for a sentence about ``product``."""
    return _ruleset().categories[ClaimCategory(category)].explain(product)


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
    forms.update(_IRREGULAR_VERBS.get(w, []))
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


def _char_token(ch: str) -> str:
    if ch in "-‐‑":
        return _HYPHEN
    if ch in "'’":
        return _APOS
    if ch == " ":
        return _SEP
    return re.escape(ch)


def _trie_regex(phrases) -> str:
    """Prefix-factored alternation: "pain", "pain pill", "painkiller" ->
    ``pain(?:<sep>pills?|killers?)?``. Python's ``re`` tries alternatives one
    by one, so factoring shared prefixes makes big vocabularies cheap."""
    root: dict = {}
    for p in phrases:
        node = root
        for ch in p.lower():
            node = node.setdefault(_char_token(ch), {})
        node[""] = {}  # end marker

    def emit(node: dict) -> str:
        terminal = "" in node
        parts = [tok + emit(child) for tok, child in sorted(node.items()) if tok]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        if terminal:
            return "(?:" + body + ")?"
        return body

    return emit(root)


def _alternation(phrases) -> str:
    uniq = sorted(set(phrases), key=lambda p: (-len(p), p))
    special = [p for p in uniq if p.startswith("re:") or "*" in p or any(w.endswith(".") for w in p.split())]
    plain = [p for p in uniq if p not in special]
    alts = [_phrase_regex(p) for p in special]
    if plain:
        alts.append(_trie_regex(plain))
    return "(?:" + "|".join(alts) + ")"


def _word_key(word: str) -> str:
    """Index key of a text word: the word in lower case, or "#" for numbers."""
    return "#" if word[:1].isdigit() else word.lower()


_KEY_WORD_RE = re.compile(r"\w+")


def _phrase_keys(phrase: str) -> set[str] | None:
    """Keys the first text word of ``phrase`` can have; None = unknown."""
    if phrase.startswith("re:"):
        return None
    first = phrase.split()[0]
    prefix = first.endswith("*")
    first = first.rstrip("*.")
    segs = _KEY_WORD_RE.findall(first)
    if not segs:
        return None
    if prefix and len(segs) == 1:
        stem = segs[0].lower()
        if stem[:1].isdigit():
            return {"#"}
        return {stem + "*"} if len(stem) >= 2 else None
    keys = {_word_key(segs[0])}
    # A hyphen inside the first word is optional: "non-addictive" can be one
    # text word ("nonaddictive"), "7-OH" can be "7OH".
    if len(segs) > 1 and re.match(r"^\w+[\-‐‑]", first):
        keys.add(_word_key("".join(segs)))
    return keys


def _union_of(items, keys_of) -> set[str] | None:
    """The union of ``keys_of(item)`` over ``items``; None (unindexable) if any item is."""
    keys: set[str] = set()
    for item in items:
        k = keys_of(item)
        if k is None:
            return None
        keys |= k
    return keys


def _union_keys(phrases) -> set[str] | None:
    return _union_of(phrases, _phrase_keys)


def _build_lists(R: rulefiles.RuleSet) -> tuple[dict[str, str], dict[str, set[str] | None]]:
    lists: dict[str, str] = {}
    keys: dict[str, set[str] | None] = {}
    for name, items in R.verbs.items():
        forms = [f for it in items for f in _verb_forms(it)]
        lists[name], keys[name] = _alternation(forms), _union_keys(forms)
    for name, items in R.nouns.items():
        forms = [f for it in items for f in _noun_forms(it)]
        lists[name], keys[name] = _alternation(forms), _union_keys(forms)
    for name, items in R.words.items():
        lists[name], keys[name] = _alternation(items), _union_keys(items)

    # Built-in number/amount tokens.
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    ones = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    compound = r"(?:" + "|".join(tens) + r")[\s\-‐‑](?:" + "|".join(ones) + r")"
    num_word = "(?:" + compound + "|" + _alternation(R.number_words) + ")"
    frac_chars = "[" + re.escape(R.fraction_chars) + "]"
    digit = (
        r"(?:\d+(?:[.,]\d+)?(?:\s*" + frac_chars + r")?|" + frac_chars + r"|\d+/\d+)"
    )
    fraction = _alternation(R.fraction_phrases)
    single = "(?:" + fraction + "|" + digit + "|" + num_word + ")"
    dash_join = r"\s*[-–—]\s*"
    word_join = r"\s+(?:" + "|".join(re.escape(j) for j in R.range_joiners if j.isalpha()) + r")\s+"
    amount = r"(?:between\s+)?" + single + r"(?:(?:" + dash_join + "|" + word_join + ")" + single + ")?"
    amount_keys = (
        {"#", "between"} | set(R.fraction_chars)
        | _union_keys(R.number_words + tens) | _union_keys(R.fraction_phrases)
    )
    lists["amount"], keys["amount"] = "(?:" + amount + ")", amount_keys
    lists["spoon_amount"] = "(?:" + _alternation(R.article_amounts) + "|" + amount + ")"
    keys["spoon_amount"] = amount_keys | _union_keys(R.article_amounts)
    unit_forms = []
    for u in R.dose_units:
        unit_forms.extend(_noun_forms(u) if len(u) > 3 else [u])
    # Never before "/" ("mg/dL" is a lab value, not a dose).
    lists["dose_unit"] = "(?:" + _alternation(unit_forms) + r"(?![/\w]))"
    keys["dose_unit"] = _union_keys(unit_forms)
    spoon_forms = [f for u in R.spoon_units for f in (_noun_forms(u) if len(u) > 4 else [u])]
    lists["spoon_unit"] = "(?:" + _alternation(spoon_forms) + r"(?![/\w]))"
    keys["spoon_unit"] = _union_keys(spoon_forms)
    lists["percent"] = (
        r"(?:\d+(?:[.,]\d+)?\s?%|(?:" + num_word + r"|\d+)[\s\-‐‑]?(?:percent|per\s+cent))"
    )
    keys["percent"] = {"#"} | _union_keys(R.number_words + tens)
    return lists, keys


#: Compiled vocabularies by name (regex source, and the first-word keys a
#: match can start with); filled by ``compile_rules()``.
_LISTS: dict[str, str] = {}
_LIST_KEYS: dict[str, set[str] | None] = {}
_IRREGULAR_VERBS: dict[str, list[str]] = {}
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
            raise KeyError(f"unknown vocabulary list {{{name}}}")
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


def _template_pieces(template: str, noneg: bool) -> tuple[str | None, str]:
    """(first, rest) with first + rest == the template's regex, where
    ``first`` is the regex of a required first word (None if the template
    starts with an optional word or a gap, or is raw ``re:``)."""
    template = template.strip()
    if template.startswith("re:"):
        return None, "(?:" + template[3:] + ")"
    toks = [_token_regex(t, noneg) for t in _split_top(template, " ") if t]
    if not toks or all(k != "word" for _, k in toks):
        raise ValueError(f"template needs at least one fixed word: {template!r}")
    last_word = max(i for i, (_, k) in enumerate(toks) if k == "word")
    out = []
    prev_kind = None
    for i, (rx, kind) in enumerate(toks):
        if kind == "gap" and i > last_word:
            raise ValueError(f"template cannot end with a gap: {template!r}")
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
    if toks[0][1] == "word":
        return out[0], "".join(out[1:])
    return None, "".join(out)


def _template_regex(template: str, noneg: bool) -> str:
    first, rest = _template_pieces(template, noneg)
    return (first or "") + rest


def _piece_keys(piece: str) -> set[str] | None:
    m = _PLACEHOLDER.match(piece)
    if m:
        return _LIST_KEYS[m.group(1)]
    return _phrase_keys(piece)


def _token_keys(tok: str) -> tuple[set[str] | None, bool]:
    """(keys, optional) for the first word a template token can match."""
    if _GAP.match(tok):
        return None, False
    if tok.startswith("[") and tok.endswith("]"):
        alts = _split_top(tok[1:-1], "|")
        return _alts_keys(alts), True
    first = tok.split("~")[0] if not (tok.startswith("(") and tok.endswith(")") and "~" not in tok) else tok
    if first.startswith("(") and first.endswith(")"):
        return _alts_keys(_split_top(first[1:-1], "|")), False
    keys: set[str] = set()
    for piece in first.split("|"):
        k = _piece_keys(piece)
        if k is None:
            return None, False
        keys |= k
    return keys, False


def _alts_keys(alts) -> set[str] | None:
    return _union_of(alts, _template_keys)


def _template_keys(template: str) -> set[str] | None:
    template = template.strip()
    if template.startswith("re:"):
        return None
    keys: set[str] = set()
    for tok in _split_top(template, " "):
        if not tok:
            continue
        k, optional = _token_keys(tok)
        if k is None:
            return None
        keys |= k
        if not optional:
            return keys
    return None


class _Matcher:
    """A set of templates, indexed by the first word they can start with.

    Python's ``re`` cannot skip quickly through a large case-insensitive
    alternation, so instead of one big regex per category, templates are
    compiled per possible first word and tried only where such a word occurs
    in the text (wildcard first words such as ``pregnan*`` are matched by
    prefix). Templates whose first word is unknown (raw ``re:`` templates
    without ``keys``) are combined into one regex that is searched normally.
    """

    __slots__ = ("exact", "prefix", "fallback")

    def __init__(self, templates, noneg: bool):
        #: first word -> templates that can start with it
        self.exact: dict[str, list[re.Pattern]] = {}
        #: first two letters -> [(stem, template)] for wildcard first words
        self.prefix: dict[str, list[tuple[str, re.Pattern]]] = {}
        loose: list[str] = []
        # Templates with the same possible first words share one regex, so
        # each candidate word costs one match() call per key group. Within
        # it, templates that share a required first token are compiled as
        # first(?:rest1|rest2|...): the (often large) first vocabulary is
        # matched once per candidate word instead of once per template.
        by_keys: dict[frozenset, list[tuple[str | None, str]]] = {}
        for t in templates:
            if isinstance(t, tuple):  # (template, explicit first-word keys)
                t, keys = t
                keys = set(keys)
            else:
                keys = _template_keys(t)
            first, rest = _template_pieces(t, noneg)
            rest += r"(?!\w)"
            if keys is None:
                loose.append("(?:" + (first or "") + rest + ")")
            else:
                by_keys.setdefault(frozenset(keys), []).append((first, rest))
        for keys, items in by_keys.items():
            buckets: dict[str | None, list[str]] = {}
            for first, rest in items:
                buckets.setdefault(first, []).append(rest)
            alts = []
            for first, rests in buckets.items():
                if first is None:
                    alts.extend("(?:" + r + ")" for r in rests)
                elif len(rests) == 1:
                    alts.append("(?:" + first + rests[0] + ")")
                else:
                    alts.append("(?:" + first + "(?:" + "|".join(rests) + "))")
            compiled = re.compile("|".join(alts), _FLAGS)
            for k in sorted(keys):
                if k.endswith("*") and k != "*":
                    stem = k[:-1]
                    self.prefix.setdefault(stem[:2], []).append((stem, compiled))
                else:
                    self.exact.setdefault(k, []).append(compiled)
        self.fallback = (
            re.compile(r"(?<!\w)(?:" + "|".join(loose) + ")", _FLAGS) if loose else None
        )

    def spans(self, text: str, words: dict[str, list[int]], lo: int = 0, hi: int | None = None,
              by_prefix: dict[str, list] | None = None):
        """Yield (start, end) of matches.

        ``words`` maps each word key of ``text`` (see ``_word_key``) to the
        sorted start offsets of its occurrences; ``by_prefix`` is
        ``_prefix_index(words)`` if the caller already has it.
        """
        hi = len(text) if hi is None else hi
        exact = self.exact
        for key in exact.keys() & words.keys():
            rxs = exact[key]
            for pos in words[key]:
                if lo <= pos < hi:
                    for rx in rxs:
                        m = rx.match(text, pos, hi)
                        if m and m.end() > pos:
                            yield pos, m.end()
        if self.prefix:
            if by_prefix is None:
                by_prefix = _prefix_index(words)
            for pfx, cands in self.prefix.items():
                for key, positions in by_prefix.get(pfx, ()):
                    for stem, rx in cands:
                        if key.startswith(stem):
                            for pos in positions:
                                if lo <= pos < hi:
                                    m = rx.match(text, pos, hi)
                                    if m and m.end() > pos:
                                        yield pos, m.end()
        if self.fallback is not None:
            for m in self.fallback.finditer(text, lo, hi):
                if m.end() > m.start():
                    yield m.start(), m.end()


def _prefix_index(words: dict[str, list[int]]) -> dict[str, list]:
    """First two letters -> [(key, positions)], for wildcard first words."""
    out: dict[str, list] = {}
    for key, positions in words.items():
        out.setdefault(key[:2], []).append((key, positions))
    return out


def _compile(templates, noneg: bool) -> _Matcher | None:
    templates = list(templates)
    return _Matcher(templates, noneg) if templates else None


def _compile_cues(cues) -> re.Pattern:
    # Plain phrases go into one prefix trie (fast to scan); raw "re:" cues
    # are separate alternatives.
    raw = ["(?:" + c[3:] + ")" for c in cues if c.startswith("re:")]
    plain = [c for c in cues if not c.startswith("re:")]
    body = "|".join(raw + ([_alternation(plain)] if plain else []))
    return re.compile(r"(?<![\w'’])(?:" + body + r")(?![\w])", _FLAGS)


@dataclass(frozen=True)
class _Group:
    """Patterns of one category that share the same options."""

    pattern: _Matcher
    mode: str
    context: re.Pattern | None
    agents: re.Pattern | None


@dataclass(frozen=True)
class _Rule:
    category: ClaimCategory
    spec: rulefiles.CategoryRules
    groups: tuple[_Group, ...]
    veto: _Matcher | None
    #: Matches a sentence's opening subject that makes it general pharmacology
    #: (``subject_exclusions``), or None.
    subject: re.Pattern | None = None


def _context_regex(names) -> re.Pattern | None:
    if not names:
        return None
    if isinstance(names, str):
        names = [names]
    return re.compile(r"(?<!\w)(?:" + "|".join(_LISTS[n] for n in names) + r")(?!\w)", _FLAGS)


#: Words that may come before the subject of a pharmacology sentence ("Most statins", "Older antihistamines").
_SUBJECT_LEAD = (
    r"(?:(?:the|most|some|many|all|these|those|such|older|newer|modern|common|certain|other|strong|weak"
    r"|local|prescription|standard|typical)\s+){0,2}"
)


#: A short phrase in quotation marks (double, curly, or single quotes that
#: are not apostrophes).
_QUOTED = re.compile(r'["“]([^"“”\n]{1,60})["”]|‘([^‘’\n]{1,60})’|(?<!\w)\'([^\'\n]{1,60})\'(?!\w)')
#: Words that, right before or after a quoted phrase, show it is being talked
#: about rather than claimed: the *label* "doctor formulated", "clinically
#: proven" *claims*, phrases *like* "boosts immunity", reviews *saying* "zero
#: side effects".
_MENTION_WORDS = re.compile(
    r"(?:label|labels|labelled|labeled|label's|label’s|slogan|slogans|phrase|phrases|word|words|term|terms"
    r"|badge|badges|tagline|taglines|nickname|buzzword|buzzwords|claim|claims|wording|sticker|like|as|such as"
    r"|so-called|marketing|advertising|promise|promises|saying|calling|called|dubbed|branded|selling)",
    re.IGNORECASE,
)
#: Anywhere in the sentence, these show that its quoted phrases are talked about.
_MENTION_CONTEXT = re.compile(
    r"(?<!\w)(?:nickname|nicknames|slogan|slogans|buzzword|buzzwords|marketing\s+(?:phrase|term|speak|claim|claims)"
    r"|exaggeration|misleading|a\s+myth|red\s+flag|warning\s+sign|little\s+science|no\s+legal\s+meaning"
    r"|not\s+a\s+finding|glosses\s+over)(?!\w)",
    re.IGNORECASE,
)
_BEFORE_QUOTE = re.compile(r"(\S+)\s+(?:(?:the|a|an|its|their|his|her|it|them)\s+)?$")
_AFTER_QUOTE = re.compile(r"\s*(\S+?)[\s,.;:!?]")


def _mentioned_phrases(text: str, s0: int, s1: int) -> list[tuple[int, int]]:
    """Spans of quoted phrases that the sentence talks about (a label, a slogan, a claim), not makes."""
    spans = []
    context = None
    for m in _QUOTED.finditer(text, s0, s1):
        before = _BEFORE_QUOTE.search(text, max(s0, m.start() - 40), m.start())
        after = _AFTER_QUOTE.match(text + " ", m.end())
        words = [w.group(1).lower().strip("“”‘’\"'") for w in (before, after) if w]
        if context is None:
            context = bool(_MENTION_CONTEXT.search(text, s0, s1))
        if context or any(_MENTION_WORDS.fullmatch(w) for w in words):
            spans.append((m.start(), m.end()))
    return spans


def _subject_regex(names) -> re.Pattern | None:
    """A sentence that begins with an entry of one of ``names`` (``subject_exclusions``)."""
    if not names:
        return None
    return re.compile(r"[\W_]*" + _SUBJECT_LEAD + r"(?:" + "|".join(_LISTS[n] for n in names) + r")(?!\w)", _FLAGS)


def _build_rules(R: rulefiles.RuleSet) -> tuple[_Rule, ...]:
    rules = []
    for category, spec in R.categories.items():
        grouped: dict[tuple, list] = {}
        for p in spec.patterns:
            key = (p.negation, p.requires_context, p.agent_exclusions)
            grouped.setdefault(key, []).append((p.template, p.keys) if p.keys else p.template)
        try:
            groups = [
                _Group(
                    pattern=_compile(templates, mode != "never"),
                    mode=mode,
                    context=_context_regex(list(ctx)),
                    agents=_context_regex(agents) if agents else None,
                )
                for (mode, ctx, agents), templates in grouped.items()
            ]
            veto = _compile([v.template for v in spec.vetoes], False)
            subject = _subject_regex(spec.subject_exclusions)
        except (KeyError, ValueError, re.error) as error:
            raise _locate_error(spec, error) from error
        rules.append(_Rule(category=category, spec=spec, groups=tuple(groups), veto=veto, subject=subject))
    return tuple(rules)


def _locate_error(spec: rulefiles.CategoryRules, error: Exception) -> rulefiles.RuleFileError:
    """The first pattern of ``spec`` that does not compile on its own, named by file and line."""
    for p in (*spec.patterns, *spec.vetoes):
        try:
            re.compile(_template_regex(p.template, p.negation != "never"))
            for name in (*p.requires_context, *([p.agent_exclusions] if p.agent_exclusions else [])):
                if name not in _LISTS:
                    raise KeyError(f"unknown vocabulary list {{{name}}}")
        except (KeyError, ValueError, re.error) as e:
            return rulefiles.RuleFileError(f"{p.source}: {e}")
    return rulefiles.RuleFileError(f"{spec.category.value}.rules: {error}")


@dataclass(frozen=True)
class _Engine:
    """The compiled rules."""

    rules: tuple[_Rule, ...]
    negation: re.Pattern
    evidence: re.Pattern
    post_negation: re.Pattern
    qualifier: re.Pattern
    pseudo_negation: re.Pattern
    clause_break: re.Pattern
    substance: re.Pattern
    #: Anything a sentence could be promoting (products and remedy words):
    #: a sentence that names one is not general pharmacology.
    remedy: re.Pattern
    product: re.Pattern
    #: product key (``_product_key``) -> the name as the product list spells it
    product_names: dict[str, str]
    negation_window_words: int
    post_window_words: int


_compile_lock = threading.Lock()


@functools.cache
def _engine() -> _Engine:
    with _compile_lock:
        R = _ruleset()
        _IRREGULAR_VERBS.clear()
        _IRREGULAR_VERBS.update(R.irregular_verbs)
        lists, keys = _build_lists(R)
        _LISTS.clear()
        _LISTS.update(lists)
        _LIST_KEYS.clear()
        _LIST_KEYS.update(keys)
        return _Engine(
            rules=_build_rules(R),
            negation=_compile_cues(R.negation_cues + R.hedge_cues),
            evidence=_compile_cues(R.evidence_cues),
            post_negation=_compile_cues(R.post_negation_cues),
            qualifier=_compile_cues(R.sentence_qualifiers),
            pseudo_negation=_compile_cues(R.pseudo_negations),
            clause_break=re.compile(r"[;:—–]|\s-\s|(?<!\w)" + _LISTS["clause_break"] + r"(?!\w)", _FLAGS),
            substance=re.compile(r"(?<!\w)(?:" + _LISTS["substance"] + "|" + _LISTS["drug"] + r")(?!\w)", _FLAGS),
            remedy=re.compile(r"(?<!\w)(?:" + _LISTS["product"] + "|" + _LISTS["remedy"] + r")(?!\w)", _FLAGS),
            product=re.compile(r"(?<!\w)" + _LISTS["product"] + r"(?!\w)", _FLAGS),
            product_names={_product_key(name): name for name in R.words["product"]},
            negation_window_words=R.negation_window_words,
            post_window_words=R.post_window_words,
        )


def _product_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower())


class _Products:
    """Which product each sentence of a text is about, for the explanations.

    The first product a sentence names; if it names none, the last one named
    before it ("Kratom is sold as powder. It is safe in pregnancy." is about
    kratom); else ``before`` (the product named last before ``text``, when
    ``text`` is one line of a longer text), else None.
    """

    def __init__(self, eng: _Engine, text: str, before: str | None = None):
        self.eng = eng
        self.before = before
        self.mentions = [
            (m.start(), eng.product_names.get(_product_key(m.group()), m.group()))
            for m in eng.product.finditer(text)
        ]
        self.starts = [start for start, _ in self.mentions]

    def about(self, sentence_start: int, sentence_end: int) -> str | None:
        i = bisect.bisect_left(self.starts, sentence_start)
        if i < len(self.mentions) and self.mentions[i][0] < sentence_end:
            return self.mentions[i][1]
        return self.mentions[i - 1][1] if i else self.before


def general_pharmacology(sentence: str, category: str) -> bool:
    """Whether ``category``'s ``subject_exclusions`` make ``sentence`` general pharmacology (see ``scan``)."""
    eng = _engine()
    for rule in eng.rules:
        if rule.category == category and rule.subject is not None:
            return bool(rule.subject.match(sentence)) and not eng.remedy.search(sentence)
    return False


def products_of(text: str) -> _Products:
    """Which product each sentence of ``text`` is about (``.about(start, end)``, offsets into ``text``)."""
    return _Products(_engine(), text)


def last_product(text: str) -> str | None:
    """The product ``text`` names last (as the explanations name it), or None."""
    mentions = _Products(_engine(), normalise(text).text).mentions
    return mentions[-1][1] if mentions else None


def compile_rules() -> None:
    """Compile the rules now rather than on the first scan (takes 1-3 s once per process)."""
    _engine()


@functools.cache
def _question_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _ruleset().question_words)


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
    "ca", "c", "resp", "wt", "incl", "sp", "spp", "var", "gen",
}
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|$)|\n+")
_TOKEN_BEFORE_RE = re.compile(r"([\w.]+)\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of sentences, whitespace-trimmed.

    Splits at . ! ? … followed by whitespace and at line breaks, but not
    after abbreviations ("e.g.", "Dr.", "approx."), single initials, or when
    the next word starts in lower case. Decimals ("2.5 g") never split
    because the full stop is not followed by whitespace. A short verbless
    question fragment stays with its answer ("Side effects? There aren't
    any." is one sentence), because together they make the claim.
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
            if m.group()[0] == "?" and j < n and _rhetorical_fragment(text, start, m.start()):
                continue
        _push(text, start, end, spans)
        start = end
    _push(text, start, n, spans)
    return spans


_FRAGMENT_OPENERS = frozenset(
    ["what", "why", "how", "who", "when", "where", "which", "whose"]
)


def _rhetorical_fragment(text: str, start: int, end: int) -> bool:
    """ "Side effects?" / "Hangover?": at most three words, no question word."""
    words = _WORD_RE.findall(text, start, end)
    if not words or len(words) > 3:
        return False
    first = words[0].lower().replace("’", "'")
    return first not in _question_words() and first not in _FRAGMENT_OPENERS


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


#: Hard cap (characters) on how far the negation windows look; keeps the
#: cost per claim constant even for a huge unpunctuated "sentence".
_WINDOW_CHARS = 600
#: The pre-window is at most ``negation window words`` words; this many
#: characters per word is ample, so only that much text is scanned.
_CHARS_PER_WORD = 24


def _pre_window(eng: _Engine, text: str, sent_start: int, start: int, blank_spans) -> str:
    sent_start = max(sent_start, start - min(_WINDOW_CHARS, _CHARS_PER_WORD * eng.negation_window_words))
    pre = text[sent_start:start]
    last = None
    for last in eng.clause_break.finditer(pre):  # noqa: B007 - the last clause break is the one wanted
        pass
    offset = sent_start
    if last is not None:
        pre = pre[last.end():]
        offset += last.end()
    words = list(_WORD_RE.finditer(pre))
    if len(words) > eng.negation_window_words:
        cut = words[-eng.negation_window_words].start()
        pre = pre[cut:]
        offset += cut
    local = [(a - offset, b - offset) for a, b in blank_spans if b > offset and a < offset + len(pre)]
    pre = _blank(pre, local)
    pre = eng.pseudo_negation.sub(lambda m: " " * len(m.group()), pre)
    return pre


def _post_window(eng: _Engine, text: str, end: int, sent_end: int) -> str:
    post = text[end:min(sent_end, end + _WINDOW_CHARS)]
    m = eng.clause_break.search(post)
    if m:
        post = post[: m.start()]
    words = list(_WORD_RE.finditer(post))
    if len(words) > eng.post_window_words:
        post = post[: words[eng.post_window_words].start()]
    return post


def _is_question(text: str, s0: int, s1: int) -> bool:
    """A yes/no question ("Is kratom safe?") asks; it does not assert."""
    tail = text[s0:s1].rstrip("\"'”’) ")
    if not tail.endswith("?"):
        return False
    m = _WORD_RE.search(text, s0, s1)
    return bool(m) and m.group().lower().replace("’", "'") in _question_words()


def _negated(eng: _Engine, mode: str, text: str, s0: int, s1: int, start: int, end: int, blank_spans) -> bool:
    if mode == "never":
        return False
    if mode == "any" and _is_question(text, s0, s1):
        return True
    pre = _pre_window(eng, text, s0, start, blank_spans)
    if eng.evidence.search(pre):
        return True
    if mode == "any" and eng.negation.search(pre):
        return True
    if eng.post_negation.search(_post_window(eng, text, end, s1)):
        return True
    # An evidence qualification later in the sentence, even across "but":
    # "Kava eases worry, but the evidence is thin."
    return bool(eng.qualifier.search(text, end, min(s1, end + _WINDOW_CHARS)))


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _word_sequence(text: str) -> list[tuple[int, str]]:
    """[(start, key)] for every word of ``text`` (see ``_word_key``)."""
    return [
        (m.start(), "#" if (w := m.group())[0].isdigit() else w.lower())
        for m in _KEY_WORD_RE.finditer(text)
    ]


def _index(seq) -> dict[str, list[int]]:
    words: dict[str, list[int]] = {}
    for pos, key in seq:
        lst = words.get(key)
        if lst is None:
            words[key] = [pos]
        else:
            lst.append(pos)
    return words


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does any span in the sorted list overlap [start, end)? Spans are short
    (bounded by their templates), so only those starting shortly before
    ``start`` need checking."""
    i = bisect.bisect_left(spans, (start - _WINDOW_CHARS, -1))
    while i < len(spans) and spans[i][0] < end:
        if spans[i][1] > start:
            return True
        i += 1
    return False


def _index_words(text: str) -> dict[str, list[int]]:
    return _index(_word_sequence(text))


def scan(text: str, *, product_before: str | None = None) -> list[Claim]:
    """Find risky-claim phrases in ``text``. Sorted by (start, category order).

    The rules read the text as a reader sees it (see ``normalise``); offsets,
    ``Claim.text`` and the sentence span refer to ``text`` as given.
    ``product_before`` is the product named last before ``text`` when ``text``
    is one line of a longer text: the explanations of sentences that name no
    product of their own, with none named before them in ``text``, name it.
    """
    if not text or not text.strip():
        return []
    seen = normalise(text)
    claims = _scan(seen.text, product_before)
    if seen.origin is None:
        return claims
    return sorted(
        (_in_original(seen, claim) for claim in claims),
        key=lambda c: (c.start, _CATEGORY_ORDER[c.category], c.end),
    )


def _in_original(seen: NormalisedText, claim: Claim) -> Claim:
    start, end = seen.span(claim.start, claim.end)
    sentence_start, sentence_end = seen.span(claim.sentence_start, claim.sentence_end)
    return replace(
        claim, start=start, end=end, text=seen.original[start:end],
        sentence_start=sentence_start, sentence_end=sentence_end,
    )


def _scan(text: str, product_before: str | None = None) -> list[Claim]:
    if not text.strip():
        return []
    sentences = split_sentences(text)
    if not sentences:
        return []
    starts = [s for s, _ in sentences]
    seq = _word_sequence(text)
    seq_pos = [p for p, _ in seq]
    words = _index(seq)
    sentence_words: dict[int, dict[str, list[int]]] = {}

    def sentence_of(pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, pos) - 1
        return sentences[max(i, 0)]

    # 1. Raw matches for every category (used both as candidates and to blank
    #    cue words that belong to another claim, e.g. the "no" in "no side
    #    effects and is not habit-forming").
    raw: list[tuple[int, int, int, _Rule, _Group]] = []
    by_prefix = _prefix_index(words)
    eng = _engine()
    for order, rule in enumerate(eng.rules):
        for group in rule.groups:
            for start, end in group.pattern.spans(text, words, by_prefix=by_prefix):
                raw.append((start, -end, order, rule, group))
    if not raw:
        return []
    raw.sort(key=lambda r: r[:3])

    veto_cache: dict[tuple[str, int], list[tuple[int, int]]] = {}

    def vetoed(start: int, end: int, rule: _Rule) -> bool:
        if rule.veto is None:
            return False
        s0, s1 = sentence_of(start)
        key = (rule.category, s0)
        spans = veto_cache.get(key)
        if spans is None:
            sw = sentence_words.get(s0)
            if sw is None:
                sw = _index(seq[bisect.bisect_left(seq_pos, s0): bisect.bisect_left(seq_pos, s1)])
                sentence_words[s0] = sw
            spans = sorted(rule.veto.spans(text, sw, s0, s1))
            veto_cache[key] = spans
        return _overlaps(spans, start, end)

    # Vetoed matches are dropped before they can hide negation cues: in
    # "nothing to show kava works", the vetoed "nothing ... works" must not
    # blank the "nothing" that negates "works better than ibuprofen".
    raw = [r for r in raw if not vetoed(r[0], -r[1], r[3])]
    if not raw:
        return []
    all_spans = sorted({(s, -e) for s, e, *_ in raw})
    span_starts = [s for s, _ in all_spans]

    context_cache: dict[tuple[int, int], list[tuple[int, int]]] = {}
    pharmacology_cache: dict[tuple[str, int], bool] = {}
    mention_cache: dict[int, list[tuple[int, int]]] = {}
    products: _Products | None = None
    substance_cache: dict[int, bool] = {}
    claims: list[Claim] = []
    # Claims of one category never overlap. Raw matches come in start order,
    # so overlap with an earlier claim means starting before its end.
    taken_end: dict[str, int] = {}

    for start, neg_end, _, rule, group in raw:
        end = -neg_end
        cat = rule.category
        if start < taken_end.get(cat, -1):
            continue
        s0, s1 = sentence_of(start)
        if group.context is not None:
            key2 = (id(group), s0)
            ctx = context_cache.get(key2)
            if ctx is None:
                ctx = [(m.start(), m.end()) for m in group.context.finditer(text, s0, s1)]
                context_cache[key2] = ctx
            # A context word must be present that is not the whole match
            # ("children" alone is not its own context; "turn to kratom for
            # pain" contains its context word "kratom").
            if not any(not (a <= start and end <= b) for a, b in ctx):
                continue
        if group.mode != "never":
            # Claims only: a topic (an overdose, a child) is flagged even in quotes.
            mentioned = mention_cache.get(s0)
            if mentioned is None:
                mentioned = mention_cache[s0] = _mentioned_phrases(text, s0, s1)
            if any(a <= start and end <= b for a, b in mentioned):
                continue
        if rule.subject is not None:
            key3 = (cat, s0)
            general = pharmacology_cache.get(key3)
            if general is None:
                general = bool(rule.subject.match(text, s0, s1)) and not eng.remedy.search(text, s0, s1)
                pharmacology_cache[key3] = general
            if general:
                continue
        if group.agents is not None:
            clause = _pre_window(eng, text, s0, start, ())
            if group.agents.search(clause):
                has_sub = substance_cache.get(s0)
                if has_sub is None:
                    has_sub = bool(eng.substance.search(text, s0, s1))
                    substance_cache[s0] = has_sub
                if not has_sub:
                    continue
        if group.mode != "never":
            lo = bisect.bisect_left(span_starts, max(s0, start - _WINDOW_CHARS))
            others = [
                sp for sp in all_spans[lo: bisect.bisect_left(span_starts, start)]
                if sp != (start, end)
            ]
            if _negated(eng, group.mode, text, s0, s1, start, end, others):
                continue
        taken_end[cat] = end
        if products is None:
            products = _Products(eng, text, product_before)
        claims.append(
            Claim(
                category=cat,
                start=start,
                end=end,
                text=text[start:end],
                explanation=rule.spec.explain(products.about(s0, s1)),
                sentence_start=s0,
                sentence_end=s1,
            )
        )

    claims.sort(key=lambda c: (c.start, _CATEGORY_ORDER[c.category], c.end))
    return claims


_CATEGORY_ORDER = {c: i for i, c in enumerate(ClaimCategory)}


def categories_in(text: str) -> set[str]:
    """The set of categories flagged anywhere in ``text``."""
    return {c.category for c in scan(text)}


# ---------------------------------------------------------------------------
# Which pattern is behind a flag (for people changing the rules; not fast)
# ---------------------------------------------------------------------------


@functools.cache
def _pattern_matchers() -> dict[rulefiles.Pattern, _Matcher]:
    """Every pattern and veto compiled on its own."""
    _engine()  # the vocabularies must be compiled first
    return {
        p: _Matcher([(p.template, p.keys) if p.keys else p.template], p.kind != "veto" and p.negation != "never")
        for p in _ruleset().all_patterns()
    }


def patterns_matching(text: str) -> set[rulefiles.Pattern]:
    """The patterns and vetoes that match somewhere in ``text`` (before negation, context or vetoes)."""
    seen = normalise(text).text
    words = _index_words(seen)
    by_prefix = _prefix_index(words)
    return {
        p for p, matcher in _pattern_matchers().items()
        if next(matcher.spans(seen, words, by_prefix=by_prefix), None) is not None
    }


def explain(text: str) -> list[tuple[Claim, tuple[rulefiles.Pattern, ...]]]:
    """Each claim ``scan(text)`` finds, with the patterns of its category that match exactly its words."""
    seen = normalise(text)
    words = _index_words(seen.text)
    by_prefix = _prefix_index(words)
    matchers = _pattern_matchers()
    explained = []
    for claim in _scan(seen.text):
        behind = tuple(
            p for p in _ruleset().categories[ClaimCategory(claim.category)].patterns
            if any(
                (start, end) == (claim.start, claim.end)
                for start, end in matchers[p].spans(seen.text, words, lo=claim.start, hi=len(seen.text),
                                                    by_prefix=by_prefix)
            )
        )
        explained.append((claim if seen.origin is None else _in_original(seen, claim), behind))
    return explained
