"""The learned second opinion beside the rules (plain library, no Django).

A TF-IDF model (word 1-2-grams) with one logistic regression per category, trained on the project's labelled sentences
(``TRAINING_FILES`` plus the reviewers' exported labels). Each category's
threshold is chosen by cross-validation on the training data only.

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
from dataclasses import dataclass
from pathlib import Path

from articles.claims.categories import ClaimCategory

# OpenMP worker threads spin while they wait. On a small sparse problem they
# only compete with each other and with other processes: with them, training
# took 15-60 s on the shared 2-core machine; with one thread, 1-3 s. Set before
# NumPy or scikit-learn are first imported (they are imported lazily below).
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"

#: The labelled files the model learns from. The December 2026 blind set
#: (``data/blind_2026_12.tsv``) is deliberately not here.
TRAINING_FILES: tuple[Path, ...] = (
    ROOT / "bench" / "claims_eval_set.tsv",
    ROOT / "bench" / "claims_holdout.tsv",
    ROOT / "bench" / "claims_tuning_r3.tsv",
    ROOT / "bench" / "claims_blind.tsv",
    DATA_DIR / "train_registers_2026_12.tsv",
)

FORMAT_VERSION = 1
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


def training_files(extra: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    return TRAINING_FILES + tuple(p for p in extra if p.exists())


def data_hash(files) -> str:
    """SHA-256 over the training files' names and bytes, in order."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(Path(path).name.encode() + b"\0")
        digest.update(Path(path).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def sklearn_version() -> str:
    """The installed scikit-learn's version, read without importing it (that takes seconds)."""
    from importlib.metadata import version

    return version("scikit-learn")


_VECTORIZER_OPTIONS = dict(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w[\w'’]*\b")


@dataclass
class ClaimModel:
    """Word 1-2-gram TF-IDF vocabulary, one logistic regression per category, thresholds."""

    terms: list[str]
    idf: object  # numpy array, one weight per term
    coef: object  # numpy array (categories x terms)
    intercept: object  # numpy array (categories)
    thresholds: dict[str, float]
    data_hash: str
    sklearn_version: str

    def __post_init__(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(vocabulary=self.terms, **_VECTORIZER_OPTIONS)
        vectorizer.fit([""])  # sets up the fixed vocabulary; the idf comes from training
        vectorizer.idf_ = self.idf
        self._vectorizer = vectorizer

    def scores(self, sentences: list[str]):
        """``(scores, matrix)``: probability per (sentence, category), shape (n, 11), and the TF-IDF rows."""
        import numpy as np

        matrix = self._vectorizer.transform(sentences)
        logits = matrix @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-logits)), matrix

    def categories(self, sentence: str) -> set[str]:
        scores, _ = self.scores([sentence])
        return {c for j, c in enumerate(CATEGORIES) if scores[0, j] >= self.thresholds[c]}

    def weighed_words(self, row, category: str, limit: int = 3) -> list[str]:
        """The words of one vectorised sentence that pushed it most towards ``category``."""
        coef = self.coef[CATEGORIES.index(category)]
        row = row.tocoo()
        contributions = sorted(
            ((value * coef[col], self.terms[col]) for col, value in zip(row.col, row.data)
             if value * coef[col] > 0),
            reverse=True,
        )
        return [term for _, term in contributions[:limit]]


def _fit(sentences, labels):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(**_VECTORIZER_OPTIONS)
    matrix = vectorizer.fit_transform(sentences)
    classifiers = [
        LogisticRegression(C=_C, class_weight="balanced", solver="liblinear", random_state=0).fit(
            matrix, labels[:, j]
        )
        for j in range(labels.shape[1])
    ]
    terms = [""] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        terms[index] = term
    coef = np.vstack([clf.coef_[0] for clf in classifiers])
    intercept = np.array([clf.intercept_[0] for clf in classifiers])
    return terms, vectorizer.idf_, coef, intercept


def _choose_thresholds(sentences, labels) -> dict[str, float]:
    """Per category, the threshold with the best F1 on out-of-fold scores (training data only)."""
    import numpy as np
    from sklearn.model_selection import KFold

    out_of_fold = np.zeros(labels.shape)
    for train, test in KFold(_FOLDS, shuffle=True, random_state=0).split(sentences):
        fold = ClaimModel(*_fit([sentences[i] for i in train], labels[train]), {}, "", "")
        out_of_fold[test] = fold.scores([sentences[i] for i in test])[0]
    thresholds = {}
    for j, category in enumerate(CATEGORIES):
        gold = labels[:, j] == 1
        best = (-1.0, 0.5)
        for threshold in np.arange(0.30, 0.951, 0.025):
            predicted = out_of_fold[:, j] >= threshold
            tp = int((predicted & gold).sum())
            f1 = 2 * tp / (predicted.sum() + gold.sum()) if gold.any() else 0.0
            if f1 > best[0]:
                best = (f1, round(float(threshold), 3))
        thresholds[category] = best[1]
    return thresholds


def train(rows, *, source_hash: str = "") -> ClaimModel:
    """Train on ``rows`` (``(sentence, categories)`` pairs). Deterministic."""
    import numpy as np

    sentences = [s for s, _ in rows]
    labels = np.array([[c in cats for c in CATEGORIES] for _, cats in rows], dtype=int)
    thresholds = _choose_thresholds(sentences, labels)
    fitted = _fit(sentences, labels)
    return ClaimModel(*fitted, thresholds, source_hash, sklearn_version())


def train_from_files(files) -> ClaimModel:
    rows = [row for path in files for row in read_labelled(Path(path))]
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
        "coef": model.coef,
        "intercept": model.intercept,
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
        payload["terms"].split("\n"),
        payload["idf"],
        payload["coef"],
        payload["intercept"],
        dict(zip(CATEGORIES, payload["thresholds"])),
        payload["data_hash"],
        payload["sklearn_version"],
    )


def artefact_digest(model: ClaimModel) -> str:
    """SHA-256 of what the model is (vocabulary, weights, thresholds, data hash).

    Not of the file's bytes: a skops file is a zip archive, which records when
    it was written.
    """
    digest = hashlib.sha256()
    digest.update("\n".join(model.terms).encode())
    for array in (model.idf, model.coef, model.intercept):
        digest.update(array.tobytes())
    digest.update(repr(sorted(model.thresholds.items())).encode())
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
    "save",
    "train",
    "train_from_files",
    "training_files",
]
