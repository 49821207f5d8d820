"""Rules and the learned model together: what the CMS scans with.

``scan(text)`` returns every rule claim, plus one claim per sentence and
category that only the model raised (``Claim.detector == "model"``). A model
hit goes through the same hedge, question and negation test as a rule match
of its category, placed at the word that weighed most. Its span is the whole
sentence, and its explanation says it comes from the learned detector and
names the words that weighed most.

The model's clean-versus-risky gate also checks the rules: a rule flag in a
sentence the gate is very sure is clean (under ``ClaimModel.rule_veto``, set in
training so that at most 1 % of the training's risky sentences fall under it,
out of fold) is dropped. This is what keeps general pharmacology, study
descriptions and criticised claims from being flagged when a rule's words
happen to appear in them. Each category's score checks that category's rule
flags the same way (``ClaimModel.category_veto``, at most 3 % of the
training sentences labelled with the category under it, out of fold): a rule
flag for a category the model is sure the sentence does not make is dropped,
which catches a rule's wrong second category in a risky sentence.

A sentence the gate is very sure makes a risky claim (``FALLBACK_GATE`` in
``model.py``) but that neither a rule nor any category's threshold flagged
gets one model flag, for its likeliest category that passes the negation
test, so a reviewer looks at it. In a sentence a rule already flagged, a model
flag for another category needs its threshold plus ``SECOND_CATEGORY_MARGIN``
(most of the model's wrong categories were second ones on risky sentences).

Without a usable model (no file, or one trained on other data or with another
scikit-learn), ``scan`` is the rules alone; ``model_status()`` says why, and
``manage.py check`` repeats it.

Model scores are cached per sentence text, so a writer's live flags only
score the sentences that changed since the last scan. The writer's live
flags (``scan(text, live=True)``) also take the rules' claims from a cache per
line (a line break always ends a sentence, so a line's claims depend only on
its text and on the product named last before it, which its explanations
may name): an edit rescans only the lines it touched. Submission scans the
whole text afresh; both give the same claims (``tests/test_claims_model.py``).
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

from articles.claims import engine
from articles.claims import model as claims_model
from articles.claims.categories import CATEGORY_LABELS
from articles.claims.engine import Claim, split_sentences

#: Where ``manage.py train_claims_model`` writes the model (gitignored, built by
#: ``scripts/setup.sh``).
DEFAULT_MODEL_PATH = claims_model.ROOT / "var" / "claims_model.skops"
#: Reviewers' decisions, written by ``manage.py export_claim_labels``; trained on when present.
REVIEWER_LABELS_PATH = claims_model.ROOT / "var" / "claims_reviewer_labels.tsv"

_CACHE_SIZE = 20_000
_lock = threading.Lock()
_state: dict = {}
_cache: OrderedDict[str, tuple] = OrderedDict()
#: Rule claims per (line, product named before it), offsets within the line.
_line_cache: OrderedDict[tuple[str, str | None], list[Claim]] = OrderedDict()
_last_product: OrderedDict[str, str | None] = OrderedDict()
_LINE = re.compile(r"[^\n]+")


def training_files(reviewer_labels: Path | None = None) -> tuple[Path, ...]:
    """The files the model trains on: the committed ones, plus the reviewers' labels if exported."""
    return claims_model.training_files((reviewer_labels or REVIEWER_LABELS_PATH,))


def configure(*, model_path: Path | None = None, reviewer_labels: Path | None = None) -> None:
    """Point the detector at another model file or labels file (tests, other deployments)."""
    with _lock:
        _state.clear()
        _state["model_path"] = Path(model_path or DEFAULT_MODEL_PATH)
        _state["reviewer_labels"] = Path(reviewer_labels or REVIEWER_LABELS_PATH)
        _cache.clear()
        _line_cache.clear()
        _last_product.clear()


def paths() -> tuple[Path, Path]:
    if "model_path" not in _state:
        configure()
    return _state["model_path"], _state["reviewer_labels"]


def model_status() -> tuple[claims_model.ClaimModel | None, str]:
    """``(model, "")`` when the model is usable, else ``(None, why not)``. Loaded once."""
    model_path, labels = paths()
    with _lock:
        if "model" not in _state:
            try:
                expected = claims_model.data_hash(training_files(labels))
                _state["model"] = claims_model.load(model_path, expected_hash=expected)
                _state["reason"] = ""
            except claims_model.ModelUnavailable as error:
                _state["model"] = None
                _state["reason"] = str(error)
        return _state["model"], _state["reason"]


def stored_model_problem() -> str:
    """Why scanning would fall back to the rules ("" if not), without loading the model."""
    model_path, labels = paths()
    if "model" in _state:
        return _state["reason"]
    return claims_model.check_stored(model_path, expected_hash=claims_model.data_hash(training_files(labels)))


def _model_hits(model, sentences: list[str]) -> list[tuple[list, float, tuple | None, tuple[float, ...]]]:
    """
    Per sentence: ``(hits, gate, fallback, scores)``: the ``(category, words that
    weighed most, score above the threshold)`` the model flags in it after the
    category's negation test and general-pharmacology test (as for the rules);
    the gate's probability that the sentence makes any risky claim; and, when
    the gate is sure of that (``FALLBACK_GATE``) but no category reached its
    threshold, the likeliest category that passes its negation test and scores
    at least ``FALLBACK_SCORE`` (else None), flagged if nothing else is; and
    the score per category (for the category veto of rule flags).
    Depends only on the sentence's text, so it is cached per sentence: a live
    scan after an edit only scores the sentences that changed.
    """
    missing = [s for s in dict.fromkeys(sentences) if s not in _cache]
    if missing:
        probabilities, gates, matrix = model.probabilities(missing)
        rules = engine._ruleset().categories
        eng = engine._engine()

        def passes(sentence, i, category):
            if engine.general_pharmacology(sentence, category):
                return [], False
            words = model.weighed_words(matrix[i], category)
            a, b = _anchor(sentence, words)
            mode = _negation_mode(rules[engine.ClaimCategory(category)])
            return words, not engine._negated(eng, mode, sentence, 0, len(sentence), a, b, [])

        for i, sentence in enumerate(missing):
            hits = []
            for j, category in enumerate(claims_model.CATEGORIES):
                score = min(probabilities[i, j], gates[i])
                if score < model.thresholds[category]:
                    continue
                words, asserted = passes(sentence, i, category)
                if asserted:
                    hits.append((category, words, score - model.thresholds[category]))
            fallback = None
            if not hits and gates[i] >= claims_model.FALLBACK_GATE:
                for j in sorted(range(len(claims_model.CATEGORIES)), key=lambda j: -probabilities[i, j]):
                    if probabilities[i, j] < claims_model.FALLBACK_SCORE:
                        break
                    category = claims_model.CATEGORIES[j]
                    words, asserted = passes(sentence, i, category)
                    if asserted:
                        fallback = (category, words, 0.0)
                        break
            scores = tuple(float(min(probabilities[i, j], gates[i])) for j in range(len(claims_model.CATEGORIES)))
            _cache[sentence] = (hits, float(gates[i]), fallback, scores)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    result = []
    for sentence in sentences:
        _cache.move_to_end(sentence)
        result.append(_cache[sentence])
    return result


def _anchor(sentence: str, words: list[str]) -> tuple[int, int]:
    """Offsets in ``sentence`` of the first of ``words`` found there (the whole sentence if none)."""
    spans = claims_model.word_spans(sentence)
    for term in words:
        first = term.split()[0]
        for start, end, word in spans:
            if word == first:
                return start, end
    return 0, len(sentence)


def _negation_mode(category_rules) -> str:
    """The category's own negation setting (its plain patterns' mode)."""
    for pattern in category_rules.patterns:
        if pattern.kind == "pattern":
            return pattern.negation
    return "any"


def explanation(category: str, words: list[str], product: str | None = None) -> str:
    """A model-only flag's explanation, about ``product`` (the product its sentence is about) if known."""
    label = CATEGORY_LABELS[category].lower()
    weighed = ", ".join(f"“{w}”" for w in words)
    return (
        f"Possible {label} claim, learned detector"
        + (f": the words that weighed most were {weighed}." if words else ".")
        + " No rule matched this sentence; check whether it makes the claim. "
        + engine.explanation_for(category, product)
    )


def use_model(model: claims_model.ClaimModel | None, reason: str = "set by the caller") -> None:
    """Scan with ``model`` (or none) instead of the configured file (tests, cross-validation)."""
    paths()
    with _lock:
        _state["model"] = model
        _state["reason"] = "" if model is not None else reason
        _cache.clear()


def _rule_claims_by_line(text: str) -> list[Claim]:
    """``engine.scan(text)``, each line's claims taken from the cache when it is unchanged."""
    claims: list[Claim] = []
    before = None
    with _lock:
        for m in _LINE.finditer(text):
            line = m.group()
            if not line.strip():
                continue
            key = (line, before)
            found = _line_cache.get(key)
            if found is None:
                found = _line_cache[key] = engine.scan(line, product_before=before)
            else:
                _line_cache.move_to_end(key)
            offset = m.start()
            claims.extend(
                replace(c, start=c.start + offset, end=c.end + offset,
                        sentence_start=c.sentence_start + offset, sentence_end=c.sentence_end + offset)
                for c in found
            )
            if line not in _last_product:
                _last_product[line] = engine.last_product(line)
            before = _last_product[line] or before
        for cache in (_line_cache, _last_product):
            while len(cache) > _CACHE_SIZE:
                cache.popitem(last=False)
    return claims


def scan(text: str, *, use_model: bool = True, use_rules: bool = True, live: bool = False) -> list[Claim]:
    """Rule claims plus model-only claims, sorted like ``engine.scan``.

    ``use_rules=False`` gives the model's claims alone (for measuring it).
    ``live=True`` (the writer's live flags) reuses the rules' claims of lines
    scanned before.
    """
    if not use_rules:
        claims = []
    elif live:
        claims = _rule_claims_by_line(text)
    else:
        claims = engine.scan(text)
    model, _ = model_status() if use_model else (None, "")
    if model is None or not text or not text.strip():
        return claims
    sentences = []
    for s0, s1 in split_sentences(text):
        stripped = text[s0:s1].strip()
        if stripped:
            s0 += text[s0:s1].index(stripped)
            sentences.append((s0, s0 + len(stripped)))
    if not sentences:
        return claims
    starts = [s0 for s0, _ in sentences]
    with _lock:
        found = _model_hits(model, [text[s0:s1] for s0, s1 in sentences])
    if use_rules and model.rule_veto > 0:
        claims = [c for c in claims if found[_sentence_index(starts, c.start)][1] >= model.rule_veto]
    if use_rules and model.category_veto:
        index = {c: j for j, c in enumerate(claims_model.CATEGORIES)}
        claims = [
            c for c in claims
            if found[_sentence_index(starts, c.start)][3][index[c.category]] >= model.category_veto[c.category]
        ]
    ruled = {(c.category, _sentence_index(starts, c.start)) for c in claims}
    flagged = {index for _, index in ruled}
    extra = []
    products = None
    for index, ((s0, s1), (hits, _, fallback, _)) in enumerate(zip(sentences, found)):
        if fallback is not None and index not in flagged:
            hits = [fallback]
        for category, words, margin in hits:
            if (category, index) in ruled:
                continue
            if index in flagged and margin < claims_model.SECOND_CATEGORY_MARGIN:
                continue
            if products is None:
                products = engine.products_of(text)
            extra.append(
                Claim(
                    category=category,
                    start=s0,
                    end=s1,
                    text=text[s0:s1],
                    explanation=explanation(category, words, products.about(s0, s1)),
                    sentence_start=s0,
                    sentence_end=s1,
                    detector="model",
                )
            )
    if not extra:
        return claims
    order = {c: i for i, c in enumerate(claims_model.CATEGORIES)}
    return sorted(claims + extra, key=lambda c: (c.start, order[c.category], c.end))


def _sentence_index(starts: list[int], position: int) -> int:
    return max(bisect.bisect_right(starts, position) - 1, 0)


def categories_in(text: str) -> set[str]:
    return {c.category for c in scan(text)}
