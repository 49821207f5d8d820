"""The learned second opinion beside the rules (plain library, no Django).

A TF-IDF model (word 1-2-grams and character 2-4-grams) with one logistic
regression per category and a clean-versus-risky gate, trained on the
project's labelled sentences (``TRAINING_FILES`` plus the reviewers' exported
labels). Each category's threshold, the gate value under which a rule flag is
dropped, and each category's score under which a rule flag for that category
is dropped, are chosen by cross-validation on the training data only.

The model is stored as a ``skops`` file (no pickle; only the vocabulary, the
idf weights and the coefficients, as NumPy arrays and lists) with the hash of
the data it was trained on and the scikit-learn version. ``load()`` refuses a
file whose hash or version does not match, and callers then fall back to the
rules alone (``articles.claims.combined``).

Training is deterministic: the same rows give the same coefficients and the
same artefact bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from articles.claims.categories import ClaimCategory

# OpenMP worker threads spin while they wait. On a small sparse problem they
# only compete with each other and with other processes: with them, training
# took 15-60 s on the shared 2-core machine; with one thread, 1-3 s. Set before
# NumPy or scikit-learn are first imported (they are imported lazily below).
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"

#: The labelled files the model learns from. The spent blind sets
#: (``data/blind_2026_12.tsv``, ``bench/claims_blind2.tsv``,
#: ``bench/claims_blind3.tsv``, ``bench/claims_blind4.tsv``) are here since
#: they were scored; a blind set still to be scored never is.
TRAINING_FILES: tuple[Path, ...] = (
    ROOT / "bench" / "claims_eval_set.tsv",
    ROOT / "bench" / "claims_holdout.tsv",
    ROOT / "bench" / "claims_tuning_r3.tsv",
    ROOT / "bench" / "claims_blind.tsv",
    DATA_DIR / "train_registers_2026_12.tsv",
    DATA_DIR / "train_hard_2026_12.tsv",
    DATA_DIR / "blind_2026_12.tsv",
    ROOT / "bench" / "claims_blind2.tsv",
    DATA_DIR / "train_r3_2026_12.tsv",
    ROOT / "bench" / "claims_blind3.tsv",
    DATA_DIR / "train_r4_2026_12.tsv",
    ROOT / "bench" / "claims_blind4.tsv",
    DATA_DIR / "train_r5_2026_12.tsv",
)

#: Labels corrected to ``data/LABELLING.md`` for sentences in files whose bytes
#: stay as they are (the spent blind sets, whose hashes and scores are the
#: record, and the rules' tuning files): ``sentence<TAB>categories``, applied
#: to every training row with exactly that sentence (``training_rows``).
LABEL_CORRECTIONS = DATA_DIR / "label_corrections.tsv"

FORMAT_VERSION = 3
CATEGORIES: tuple[str, ...] = tuple(c.value for c in ClaimCategory)
_FOLDS = 3
_C = 4.0
_WORD_RE = re.compile(r"\w[\w'’-]*")


class ModelUnavailable(Exception):
    """No usable model: missing, trained on other data, or from another scikit-learn."""


def read_labelled(path: Path) -> list[tuple[str, frozenset[str]]]:
    """Rows of a ``sentence<TAB>categories`` file (header and ``#`` lines skipped)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if lineno == 1 and line.lower().startswith("sentence\t"):
                continue
            sentence, _, cats = line.partition("\t")
            labels = frozenset(c.strip() for c in cats.split(",") if c.strip())
            unknown = labels - set(CATEGORIES)
            if unknown:
                raise ValueError(f"{path}:{lineno}: unknown categories {sorted(unknown)}")
            rows.append((sentence, labels))
    return rows


def label_corrections() -> dict[str, frozenset[str]]:
    if not LABEL_CORRECTIONS.exists():
        return {}
    return dict(read_labelled(LABEL_CORRECTIONS))


def training_rows(path: Path, corrections: dict[str, frozenset[str]] | None = None) -> list[tuple[str, frozenset[str]]]:
    """A training file's rows with ``LABEL_CORRECTIONS`` applied."""
    if corrections is None:
        corrections = label_corrections()
    return [(sentence, corrections.get(sentence, labels)) for sentence, labels in read_labelled(Path(path))]


def training_files(extra: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    return TRAINING_FILES + tuple(p for p in extra if p.exists())


def data_hash(files) -> str:
    """SHA-256 over the training files' names and bytes, in order, and the label corrections."""
    digest = hashlib.sha256()
    for path in (*files, *([LABEL_CORRECTIONS] if LABEL_CORRECTIONS.exists() else [])):
        digest.update(Path(path).name.encode() + b"\0")
        digest.update(Path(path).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def sklearn_version() -> str:
    """The installed scikit-learn's version, read without importing it (that takes seconds)."""
    from importlib.metadata import version

    return version("scikit-learn")


_WORD_OPTIONS = dict(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w[\w'’]*\b")
#: Character 2-4-grams inside word boundaries: they carry typos, slang and
#: inflections ("detoxx", "withdrawls", "non-habit") to the words they resemble.
#: 2-5-grams scored the same out of fold and took half as long again to train.
_CHAR_OPTIONS = dict(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2)
#: Thresholds maximise F-beta with beta < 1: precision weighs more than recall,
#: because the rules already find most claims and a model flag on a clean
#: sentence costs a reviewer's time.
_BETA = 0.7
#: A rule flag is dropped when the gate is this sure the sentence is clean:
#: at most this share of the training's risky sentences score under the veto
#: (out of fold).
_RULE_VETO_RISKY_SHARE = 0.01
#: A sentence the gate is this sure makes a risky claim, but in which neither
#: a rule nor any category's threshold flagged anything, gets a model flag for
#: its likeliest category if that scores at least ``FALLBACK_SCORE``: a
#: reviewer looks at it rather than nobody. Chosen by cross-validation on the
#: training files (docs/claims.md).
FALLBACK_GATE = 0.85
FALLBACK_SCORE = 0.3
#: In a sentence a rule already flagged, a model flag for another category
#: needs its threshold plus this much: out of fold, most of the model's wrong
#: categories were second ones on risky sentences.
SECOND_CATEGORY_MARGIN = 0.1
_THRESHOLD_GRID = [round(0.30 + 0.025 * i, 3) for i in range(27)]
_VETO_GRID = [0.0, 0.02, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3]
#: A rule flag for a category is dropped when the model's score for that
#: category in its sentence is under the category's veto: the highest value
#: under which at most this share of the training sentences labelled with the
#: category score (out of fold). It catches a rule's wrong category in a risky
#: sentence, which the gate's veto cannot.
_CATEGORY_VETO_SHARE = 0.03
_CATEGORY_VETO_GRID = [0.0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3]


def _vectorizer(options, vocabulary=None, idf=None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    if vocabulary is None:
        return TfidfVectorizer(**options)
    vectorizer = TfidfVectorizer(vocabulary=vocabulary, **options)
    vectorizer.fit([""])  # sets up the fixed vocabulary; the idf comes from training
    vectorizer.idf_ = idf
    return vectorizer


@dataclass
class ClaimModel:
    """
    TF-IDF features (word 1-2-grams and character 2-4-grams), one logistic
    regression per category, a clean-versus-risky gate, and thresholds.

    A category's score is the smaller of its own probability and the gate's
    (the probability that the sentence makes any risky claim at all), so a
    sentence the gate finds clean gets no model flag.
    """

    terms: list[str]
    idf: object  # numpy array, one weight per word term
    char_terms: list[str]
    char_idf: object
    coef: object  # numpy array (categories x (word terms + char terms))
    intercept: object  # numpy array (categories)
    gate_coef: object  # numpy array (word terms + char terms)
    gate_intercept: float
    thresholds: dict[str, float]
    rule_veto: float
    data_hash: str
    sklearn_version: str
    category_veto: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        self._word = _vectorizer(_WORD_OPTIONS, self.terms, self.idf)
        self._char = _vectorizer(_CHAR_OPTIONS, self.char_terms, self.char_idf)

    def features(self, sentences: list[str]):
        import scipy.sparse as sp

        return sp.hstack([self._word.transform(sentences), self._char.transform(sentences)]).tocsr()

    def probabilities(self, sentences: list[str]):
        """``(per-category probabilities (n, 11), gate probabilities (n,), features)``."""
        import numpy as np

        matrix = self.features(sentences)
        categories = 1.0 / (1.0 + np.exp(-(matrix @ self.coef.T + self.intercept)))
        gate = 1.0 / (1.0 + np.exp(-(matrix @ self.gate_coef + self.gate_intercept)))
        return categories, np.asarray(gate).ravel(), matrix

    def scores(self, sentences: list[str]):
        """``(scores, gates, matrix)``: score per (sentence, category), shape (n, 11), the gate per sentence, the features."""
        import numpy as np

        categories, gate, matrix = self.probabilities(sentences)
        return np.minimum(categories, gate[:, None]), gate, matrix

    def categories(self, sentence: str) -> set[str]:
        scores, _, _ = self.scores([sentence])
        return {c for j, c in enumerate(CATEGORIES) if scores[0, j] >= self.thresholds[c]}

    def weighed_words(self, row, category: str, limit: int = 3) -> list[str]:
        """The words (not character n-grams) of one sentence that pushed it most towards ``category``."""
        coef = self.coef[CATEGORIES.index(category)]
        words = len(self.terms)
        row = row.tocoo()
        contributions = sorted(
            ((value * coef[col], self.terms[col]) for col, value in zip(row.col, row.data)
             if col < words and value * coef[col] > 0),
            reverse=True,
        )
        return [term for _, term in contributions[:limit]]


def _fit(sentences, labels):
    """``(word terms, word idf, char terms, char idf, coef, intercept, gate coef, gate intercept)``."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    word, char = _vectorizer(_WORD_OPTIONS), _vectorizer(_CHAR_OPTIONS)
    matrix = sp.hstack([word.fit_transform(sentences), char.fit_transform(sentences)]).tocsr()

    def fit(target):
        return LogisticRegression(C=_C, class_weight="balanced", solver="liblinear", random_state=0).fit(
            matrix, target
        )

    classifiers = [fit(labels[:, j]) for j in range(labels.shape[1])]
    gate = fit(labels.any(axis=1).astype(int))
    return (
        _terms(word), word.idf_, _terms(char), char.idf_,
        np.vstack([clf.coef_[0] for clf in classifiers]),
        np.array([clf.intercept_[0] for clf in classifiers]),
        gate.coef_[0], float(gate.intercept_[0]),
    )


def _terms(vectorizer) -> list[str]:
    terms = [""] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        terms[index] = term
    return terms


def _choose_thresholds(sentences, labels) -> tuple[dict[str, float], float, dict[str, float]]:
    """
    Per category, the threshold with the best F-beta (beta ``_BETA``) on
    out-of-fold scores; the rule veto: the highest gate value under which
    at most ``_RULE_VETO_RISKY_SHARE`` of the risky sentences fall, out of
    fold; and per category, the category veto: the highest score under which
    at most ``_CATEGORY_VETO_SHARE`` of the sentences labelled with it fall,
    out of fold. Training data only.
    """
    import numpy as np
    from sklearn.model_selection import KFold

    out_of_fold = np.zeros(labels.shape)
    gate_out_of_fold = np.zeros(labels.shape[0])
    for train, test in KFold(_FOLDS, shuffle=True, random_state=0).split(sentences):
        fold = ClaimModel(*_fit([sentences[i] for i in train], labels[train]), {}, 0.0, "", "")
        scores, gate, _ = fold.scores([sentences[i] for i in test])
        out_of_fold[test], gate_out_of_fold[test] = scores, gate
    beta2 = _BETA**2
    thresholds = {}
    for j, category in enumerate(CATEGORIES):
        gold = labels[:, j] == 1
        best = (-1.0, 0.5)
        for threshold in _THRESHOLD_GRID:
            predicted = out_of_fold[:, j] >= threshold
            tp = int((predicted & gold).sum())
            precision, recall = tp / max(int(predicted.sum()), 1), tp / max(int(gold.sum()), 1)
            f = (1 + beta2) * precision * recall / (beta2 * precision + recall) if tp else 0.0
            if f > best[0]:
                best = (f, threshold)
        thresholds[category] = best[1]
    risky_gates = gate_out_of_fold[labels.any(axis=1)]
    veto = max(v for v in _VETO_GRID if (risky_gates < v).mean() <= _RULE_VETO_RISKY_SHARE)
    category_veto = {}
    for j, category in enumerate(CATEGORIES):
        positives = out_of_fold[labels[:, j] == 1, j]
        category_veto[category] = max(
            v for v in _CATEGORY_VETO_GRID if (positives < v).mean() <= _CATEGORY_VETO_SHARE
        )
    return thresholds, veto, category_veto


def train(rows, *, source_hash: str = "") -> ClaimModel:
    """Train on ``rows`` (``(sentence, categories)`` pairs). Deterministic."""
    import numpy as np

    sentences = [s for s, _ in rows]
    labels = np.array([[c in cats for c in CATEGORIES] for _, cats in rows], dtype=int)
    thresholds, veto, category_veto = _choose_thresholds(sentences, labels)
    fitted = _fit(sentences, labels)
    return ClaimModel(*fitted, thresholds, veto, source_hash, sklearn_version(), category_veto)


def train_from_files(files) -> ClaimModel:
    corrections = label_corrections()
    rows = [row for path in files for row in training_rows(path, corrections)]
    return train(rows, source_hash=data_hash(files))


# -- storage -----------------------------------------------------------------


def dumps(model: ClaimModel) -> bytes:
    import skops.io as sio

    payload = {
        "format": FORMAT_VERSION,
        "data_hash": model.data_hash,
        "sklearn_version": model.sklearn_version,
        "categories": list(CATEGORIES),
        "thresholds": [model.thresholds[c] for c in CATEGORIES],
        "terms": "\n".join(model.terms),
        "idf": model.idf,
        "char_terms": "\n".join(model.char_terms),
        "char_idf": model.char_idf,
        "coef": model.coef,
        "intercept": model.intercept,
        "gate_coef": model.gate_coef,
        "gate_intercept": model.gate_intercept,
        "rule_veto": model.rule_veto,
        "category_veto": [model.category_veto[c] for c in CATEGORIES],
    }
    return sio.dumps(payload, compression=zipfile.ZIP_DEFLATED)


def save(model: ClaimModel, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(dumps(model))
    tmp.replace(path)
    _summary_path(path).write_text(
        json.dumps(
            {"format": FORMAT_VERSION, "data_hash": model.data_hash, "sklearn_version": model.sklearn_version}
        )
    )


def _summary_path(path: Path) -> Path:
    return Path(path).with_suffix(".json")


def check_stored(path: Path, *, expected_hash: str) -> str:
    """
    Why the stored model cannot be used ("" if it can), from the small summary
    written beside it: cheap enough for ``manage.py check``, with no NumPy or
    scikit-learn import. ``load()`` checks the model file itself again.
    """
    path = Path(path)
    if not path.exists() or not _summary_path(path).exists():
        return f"no model file at {path}; run `manage.py train_claims_model`"
    try:
        summary = json.loads(_summary_path(path).read_text())
    except ValueError:
        return f"the model summary {_summary_path(path)} cannot be read; retrain the model"
    return _mismatch(summary, expected_hash)


def _mismatch(stored: dict, expected_hash: str) -> str:
    if stored.get("format") != FORMAT_VERSION:
        return "the model file is from another version of the detector; retrain it"
    if stored.get("sklearn_version") != sklearn_version():
        return (
            f"the model was trained with scikit-learn {stored.get('sklearn_version')}, "
            f"this is {sklearn_version()}; retrain it"
        )
    if stored.get("data_hash") != expected_hash:
        return "the training data changed since the model was trained; retrain it"
    return ""


def _trusted(untrusted: list[str]) -> list[str]:
    """Only NumPy arrays and plain Python values, never arbitrary code."""
    allowed = ("numpy.", "builtins.")
    refused = [t for t in untrusted if not t.startswith(allowed)]
    if refused:
        raise ModelUnavailable(f"the model file contains types that are not trusted: {refused}")
    return untrusted


def load(path: Path, *, expected_hash: str) -> ClaimModel:
    """Load a stored model, or raise ``ModelUnavailable`` saying why it cannot be used."""
    import skops.io as sio

    path = Path(path)
    if not path.exists():
        raise ModelUnavailable(f"no model file at {path}; run `manage.py train_claims_model`")
    data = path.read_bytes()
    try:
        payload = sio.loads(data, trusted=_trusted(sio.get_untrusted_types(data=data)))
    except ModelUnavailable:
        raise
    except Exception as error:  # a damaged or foreign file
        raise ModelUnavailable(f"the model file {path} cannot be read ({error})") from error
    if payload.get("categories") != list(CATEGORIES):
        raise ModelUnavailable("the model file is from another version of the detector; retrain it")
    reason = _mismatch(payload, expected_hash)
    if reason:
        raise ModelUnavailable(reason)
    return ClaimModel(
        terms=payload["terms"].split("\n"),
        idf=payload["idf"],
        char_terms=payload["char_terms"].split("\n"),
        char_idf=payload["char_idf"],
        coef=payload["coef"],
        intercept=payload["intercept"],
        gate_coef=payload["gate_coef"],
        gate_intercept=float(payload["gate_intercept"]),
        thresholds=dict(zip(CATEGORIES, payload["thresholds"])),
        rule_veto=float(payload["rule_veto"]),
        data_hash=payload["data_hash"],
        sklearn_version=payload["sklearn_version"],
        category_veto=dict(zip(CATEGORIES, (float(v) for v in payload["category_veto"]))),
    )


def artefact_digest(model: ClaimModel) -> str:
    """SHA-256 of what the model is (vocabulary, weights, thresholds, data hash).

    Not of the file's bytes: a skops file is a zip archive, which records when
    it was written.
    """
    digest = hashlib.sha256()
    digest.update("\n".join(model.terms + ["\0"] + model.char_terms).encode())
    for array in (model.idf, model.char_idf, model.coef, model.intercept, model.gate_coef):
        digest.update(array.tobytes())
    digest.update(
        repr(
            (sorted(model.thresholds.items()), model.gate_intercept, model.rule_veto, sorted(model.category_veto.items()))
        ).encode()
    )
    digest.update(model.data_hash.encode())
    return digest.hexdigest()


def word_spans(sentence: str):
    """(start, end, lowercased word) for each word of ``sentence``."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(sentence)]


__all__ = [
    "CATEGORIES",
    "ClaimModel",
    "ModelUnavailable",
    "TRAINING_FILES",
    "artefact_digest",
    "data_hash",
    "load",
    "read_labelled",
    "training_rows",
    "save",
    "train",
    "train_from_files",
    "training_files",
]
