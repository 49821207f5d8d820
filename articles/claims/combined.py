"""Rules and the learned model together: what the CMS scans with.

``scan(text)`` returns every rule claim, plus one claim per sentence and
category that only the model raised (``Claim.detector == "model"``). A model
hit goes through the same hedge, question and negation test as a rule match
of its category, placed at the word that weighed most. Its span is the whole
sentence, and its explanation says it comes from the learned detector and
names the words that weighed most.

Without a usable model (no file, or one trained on other data or with another
scikit-learn), ``scan`` is the rules alone; ``model_status()`` says why, and
``manage.py check`` repeats it.

Model scores are cached per sentence text, so a writer's live flags only
score the sentences that changed since the last scan.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
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
_cache: OrderedDict[str, list] = OrderedDict()


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


def _model_hits(model, sentences: list[str]) -> list[list[tuple[str, list[str]]]]:
    """
    Per sentence: the ``(category, words that weighed most)`` the model flags
    in it, after the category's negation test. Depends only on the sentence's
    text, so it is cached per sentence: a live scan after an edit only scores
    the sentences that changed.
    """
    missing = [s for s in dict.fromkeys(sentences) if s not in _cache]
    if missing:
        scores, matrix = model.scores(missing)
        rules = engine._ruleset().categories
        eng = engine._engine()
        for i, sentence in enumerate(missing):
            hits = []
            for j, category in enumerate(claims_model.CATEGORIES):
                if scores[i, j] < model.thresholds[category]:
                    continue
                words = model.weighed_words(matrix[i], category)
                a, b = _anchor(sentence, words)
                mode = _negation_mode(rules[engine.ClaimCategory(category)])
                if not engine._negated(eng, mode, sentence, 0, len(sentence), a, b, []):
                    hits.append((category, words))
            _cache[sentence] = hits
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


def explanation(category: str, words: list[str]) -> str:
    label = CATEGORY_LABELS[category].lower()
    weighed = ", ".join(f"“{w}”" for w in words)
    return (
        f"Possible {label} claim, learned detector"
        + (f": the words that weighed most were {weighed}." if words else ".")
        + " No rule matched this sentence; check whether it makes the claim. "
        + engine.explanation_for(category)
    )


def use_model(model: claims_model.ClaimModel | None, reason: str = "set by the caller") -> None:
    """Scan with ``model`` (or none) instead of the configured file (tests, cross-validation)."""
    paths()
    with _lock:
        _state["model"] = model
        _state["reason"] = "" if model is not None else reason
        _cache.clear()


def scan(text: str, *, use_model: bool = True, use_rules: bool = True) -> list[Claim]:
    """Rule claims plus model-only claims, sorted like ``engine.scan``.

    ``use_rules=False`` gives the model's claims alone (for measuring it).
    """
    claims = engine.scan(text) if use_rules else []
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
    ruled = {(c.category, bisect.bisect_right(starts, c.start) - 1) for c in claims}
    with _lock:
        found = _model_hits(model, [text[s0:s1] for s0, s1 in sentences])
    extra = []
    for index, ((s0, s1), hits) in enumerate(zip(sentences, found)):
        for category, words in hits:
            if (category, index) in ruled:
                continue
            extra.append(
                Claim(
                    category=category,
                    start=s0,
                    end=s1,
                    text=text[s0:s1],
                    explanation=explanation(category, words),
                    sentence_start=s0,
                    sentence_end=s1,
                    detector="model",
                )
            )
    if not extra:
        return claims
    order = {c: i for i, c in enumerate(claims_model.CATEGORIES)}
    return sorted(claims + extra, key=lambda c: (c.start, order[c.category], c.end))


def categories_in(text: str) -> set[str]:
    return {c.category for c in scan(text)}
