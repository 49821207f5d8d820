"""Rules alone, the learned model alone, and both, on the labelled sentence files.

Usage (from the repo root)::

    python bench/claims_model_eval.py                      # training files, cross-validated
    python bench/claims_model_eval.py --blind PATH.tsv     # and a blind set, scored once

For each file it prints the four figures issue 14 sets targets for:

* risky sentences flagged (a risky sentence with at least one flag, any category);
* category recall (labelled (sentence, category) pairs found);
* precision (flagged (sentence, category) pairs that are labelled);
* clean sentences flagged (a clean sentence with any flag);

and recall per category, per file and over all training files together. Files the model trains on are scored out of fold
(5-fold cross-validation: each sentence is scored by a model that did not see
it). A blind set (``--blind``, any number of times) is scored with the model
trained on all training files; it must not be one of them. Every blind set
so far has been scored once and is spent; all but the newest are training
files now (see ``docs/claims.md``). ``--no-blind`` is accepted and changes nothing (the
training files are always scored).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.claims import combined  # noqa: E402
from articles.claims import model as claims_model  # noqa: E402

TARGETS = {"risky flagged": 0.97, "category recall": 0.92, "precision": 0.90, "clean flagged": 0.05}
DETECTORS = {
    "rules": dict(use_model=False),
    "model": dict(use_rules=False),
    "both": dict(),
}


def predictions(rows, detector):
    return [{c.category for c in combined.scan(s, **DETECTORS[detector])} for s, _ in rows]


def figures(rows, predicted):
    risky = [(g, p) for (_, g), p in zip(rows, predicted) if g]
    clean = [p for (_, g), p in zip(rows, predicted) if not g]
    tp = sum(len(g & p) for (_, g), p in zip(rows, predicted))
    npred = sum(len(p) for p in predicted)
    ngold = sum(len(g) for _, g in rows)
    per_cat = {}
    for c in claims_model.CATEGORIES:
        gold = [(g, p) for (_, g), p in zip(rows, predicted) if c in g]
        per_cat[c] = (sum(1 for g, p in gold if c in p), len(gold))
    return {
        "risky flagged": sum(1 for _, p in risky if p) / max(len(risky), 1),
        "category recall": tp / max(ngold, 1),
        "precision": tp / max(npred, 1),
        "clean flagged": sum(1 for p in clean if p) / max(len(clean), 1),
    }, per_cat


def out_of_fold(rows_by_file, folds=5):
    """Predictions for every training sentence from models that did not see it."""
    import numpy as np
    from sklearn.model_selection import KFold

    everything = [(f, i, row) for f, rows in rows_by_file.items() for i, row in enumerate(rows)]
    result = {d: {f: [None] * len(rows) for f, rows in rows_by_file.items()} for d in DETECTORS}
    for train, test in KFold(folds, shuffle=True, random_state=1).split(np.arange(len(everything))):
        combined.use_model(claims_model.train([everything[i][2] for i in train]))
        for detector in DETECTORS:
            test_rows = [everything[i][2] for i in test]
            for k, pred in zip(test, predictions(test_rows, detector)):
                f, i, _ = everything[k]
                result[detector][f][i] = pred
    return result


def show(name, rows, preds_by_detector):
    print(f"\n== {name}: {len(rows)} sentences ({sum(1 for _, g in rows if not g)} clean)")
    print(f"{'':18}" + "".join(f"{k:>17}" for k in TARGETS))
    per = {}
    for detector, predicted in preds_by_detector.items():
        figs, per[detector] = figures(rows, predicted)
        print(f"{detector:18}" + "".join(f"{figs[k]:17.3f}" for k in TARGETS))
    print(f"{'target':18}" + "".join(f"{('>= ' if k != 'clean flagged' else '<= ') + str(v):>17}" for k, v in TARGETS.items()))
    print("recall per category (rules / model / both):")
    for c in claims_model.CATEGORIES:
        cells = " / ".join(f"{per[d][c][0]}/{per[d][c][1]}" for d in preds_by_detector)
        print(f"  {c:32} {cells}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--blind", action="append", type=Path, default=[], help="a blind set to score once")
    ap.add_argument("--no-blind", action="store_true", help="training data only (the default)")
    args = ap.parse_args(argv)
    files = combined.training_files()
    trained = {f.resolve() for f in files}
    for path in args.blind:
        if path.resolve() in trained:
            ap.error(f"{path} is a training file, not a blind set")
    rows_by_file = {f.name: claims_model.training_rows(f) for f in files}
    t = time.perf_counter()
    oof = out_of_fold(rows_by_file)
    print(f"(5-fold cross-validation on the training files: {time.perf_counter() - t:.1f} s)")
    for f, rows in rows_by_file.items():
        show(f"{f} [training data, out of fold]", rows, {d: oof[d][f] for d in DETECTORS})
    every_row = [row for rows in rows_by_file.values() for row in rows]
    show(
        "all training files [out of fold]",
        every_row,
        {d: [p for f in rows_by_file for p in oof[d][f]] for d in DETECTORS},
    )
    if args.blind:
        combined.use_model(claims_model.train_from_files(files))
        for path in args.blind:
            rows = claims_model.read_labelled(path)
            show(f"{path.name} [blind: never trained on]", rows, {d: predictions(rows, d) for d in DETECTORS})
    return 0


if __name__ == "__main__":
    sys.exit(main())
