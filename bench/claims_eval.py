"""Evaluate the risky-claim detector against the labelled sentence sets.

Usage (from the repo root)::

    python bench/claims_eval.py                # tuning sets + holdout + blind
    python bench/claims_eval.py --no-blind     # tuning data only (use while tuning)
    python bench/claims_eval.py --verbose      # also list misclassified sentences
    python bench/claims_eval.py --file bench/claims_holdout.tsv
    python bench/claims_eval.py --explain      # misclassified sentences, with the pattern behind each flag
    python bench/claims_eval.py --explain --text "Kratom cures anxiety."
    python bench/claims_eval.py --unused       # patterns no labelled sentence exercises
    python bench/claims_eval.py --with-model --file PATH.tsv
                                               # rules + the learned model (var/claims_model.skops),
                                               # with issue 14's four figures; --explain then also
                                               # prints the words behind each model flag

Files are TSV with a header ``sentence<TAB>categories``; categories is a
comma-separated list of category keys, empty for a clean sentence.

A sentence counts as predicted-positive for category C when ``scan()``
returns at least one claim of C in it. Per category we report per-sentence
precision and recall; "micro" pools the counts over all categories.

``bench/claims_eval_set.tsv`` is the set the rules were tuned on: 275
sentences written before any rule existed, plus 167 written after rules v1
and scored blind (micro P=0.87, R=0.56) before they joined the tuning set.

``bench/claims_holdout.tsv`` was held out until round 3. Its first 70 rows
were split off at random from the first batch before any rule was written;
the same person wrote them alongside the tuning sentences, so they are
optimistic (they score like the tuning set). Rows 71+ (162 sentences) were
written after rules v2 and scored once, blind (micro P=0.95, R=0.50). In
round 3 it became tuning data (its name is kept so history stays readable).

``bench/claims_tuning_r3.tsv`` (round 3 tuning data): paraphrases, number
grammar and near-miss clean sentences written for round 3, in four batches;
batches 2-4 were each scored once before they were tuned on (see
``docs/claims-history.md``).

``bench/claims_blind.tsv`` (section "blind") was written in round 3 of the
rules before any rule changed and scored once at its end. It is spent: the
model trains on it, and the model's third round used it as development data.
It is still printed last, apart from the tuning files; a fresh blind set is
scored with ``--file``. Run with ``--no-blind`` while tuning.
Figures and provenance: ``docs/claims-history.md``; how to change a rule: ``docs/claims.md``.

Labelling policy (written before the rules; labels are not edited to fit
the detector):

* Assertion categories (absolute_safety, disease_treatment,
  efficacy_overstatement, drug_substitution, mechanism, regulatory_status)
  are positive only when the sentence asserts the risky claim; clear denials
  or evidence-qualifications ("no study has shown it to be risk-free") are
  clean.
* Topic categories are positive whenever the topic is present, cautions
  included: dosage (amounts, frequency, titration), interaction (any
  combination, including "does not interact with SSRIs"), vulnerable_groups
  (pregnancy/children/older adults *in connection with a product or its
  use*), withdrawal_stopping_medication (withdrawal, detox, taper, stopping
  drugs), emergency (any emergency symptom, including "you can't overdose").
* disease_treatment is about products: lifestyle advice ("exercise lowers
  the risk of diabetes") is clean.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.claims import (  # noqa: E402
    CATEGORY_LABELS,
    ClaimCategory,
    combined,  # noqa: E402
    explain,
    patterns_matching,
)
from articles.claims import scan as rules_scan  # noqa: E402

#: What ``evaluate`` scans with: the rules alone unless ``--with-model``.
_detector = {"scan": rules_scan}


def scan(text):
    return _detector["scan"](text)

TUNING_FILES = [
    ROOT / "bench" / "claims_eval_set.tsv",
    ROOT / "bench" / "claims_holdout.tsv",
    ROOT / "bench" / "claims_tuning_r3.tsv",
]
BLIND_FILE = ROOT / "bench" / "claims_blind.tsv"
DEFAULT_FILES = TUNING_FILES + [BLIND_FILE]
SECTION_LABELS = {
    "claims_holdout.tsv": "claims_holdout.tsv [tuning data since round 3]",
    "claims_tuning_r3.tsv": "claims_tuning_r3.tsv [round 3 tuning data]",
    "claims_blind.tsv": "blind (claims_blind.tsv, round 3 of the rules; spent)",
}
TARGET_RECALL = 0.95
TARGET_PRECISION = 0.85


def load(path: Path) -> list[tuple[str, set[str]]]:
    """A labelled file's rows; a training file's with ``label_corrections.tsv`` applied (its labels to the guide)."""
    from articles.claims import model as claims_model

    trained = {f.resolve() for f in claims_model.TRAINING_FILES}
    corrections = claims_model.label_corrections() if Path(path).resolve() in trained else {}
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if lineno == 1 and line.lower().startswith("sentence\t"):
                continue
            sentence, _, cats = line.partition("\t")
            labels = {c.strip() for c in cats.split(",") if c.strip()}
            unknown = labels - set(CATEGORY_LABELS)
            if unknown:
                raise SystemExit(f"{path}:{lineno}: unknown categories {sorted(unknown)}")
            rows.append((sentence, set(corrections.get(sentence, labels))))
    return rows


def evaluate(rows):
    counts = {c: {"tp": 0, "fp": 0, "fn": 0, "support": 0} for c in ClaimCategory}
    errors = []
    for sentence, gold in rows:
        claims = scan(sentence)
        pred = {c.category for c in claims}
        for c in ClaimCategory:
            if c in gold:
                counts[c]["support"] += 1
            if c in pred and c in gold:
                counts[c]["tp"] += 1
            elif c in pred:
                counts[c]["fp"] += 1
            elif c in gold:
                counts[c]["fn"] += 1
        if pred != gold:
            errors.append((sentence, gold, pred, claims))
    return counts, errors


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _describe(pattern) -> str:
    return f"{pattern.source} [{pattern.category}] {pattern.template}"


def print_explained(text: str, categories=None, indent: str = "    ") -> None:
    """
    Each flag in ``text`` (of ``categories``, if given) and the pattern(s)
    behind it; with the model, also each model flag and the words that
    weighed most, and each rule flag the model dropped (its gate finds the
    sentence clean, or its category score is under the category's veto).
    """
    kept = {(c.category, c.start, c.end) for c in scan(text)}
    for claim, patterns in explain(text):
        if categories is not None and claim.category not in categories:
            continue
        dropped = (claim.category, claim.start, claim.end) not in kept
        print(f"{indent}{claim.category}={claim.text!r}" + ("  [dropped: the model finds the sentence clean"
                                                            " or without this category]" if dropped else ""))
        for pattern in patterns or ():
            print(f"{indent}    {_describe(pattern)}")
        if not patterns:
            print(f"{indent}    (no single pattern matches exactly these words)")
    for claim in scan(text):
        if claim.detector == "model" and (categories is None or claim.category in categories):
            print(f"{indent}{claim.category}={claim.text!r}")
            print(f"{indent}    learned detector: {claim.explanation.split(' No rule matched')[0]}")


def report_unused(files) -> None:
    """Patterns and vetoes that match no sentence of ``files``."""
    from articles.claims.engine import _ruleset

    used = set()
    sentences = 0
    for path in files:
        for sentence, _ in load(path):
            sentences += 1
            used |= patterns_matching(sentence)
    everything = list(_ruleset().all_patterns())
    for kind in ("pattern", "veto"):
        of_kind = [p for p in everything if (p.kind == "veto") == (kind == "veto")]
        unused = [p for p in of_kind if p not in used]
        kinds = "vetoes" if kind == "veto" else "patterns"
        print(f"\n{len(unused)} of {len(of_kind)} {kinds} match none of the {sentences} labelled sentences:")
        for p in unused:
            print(f"  {_describe(p)}")


def report(name: str, rows, verbose: bool, explain_flags: bool = False) -> bool:
    counts, errors = evaluate(rows)
    clean = sum(1 for _, g in rows if not g)
    print(f"\n== {name}: {len(rows)} sentences ({clean} clean)")
    print(f"{'category':32} {'supp':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6}")
    ok = True
    tot = {"tp": 0, "fp": 0, "fn": 0, "support": 0}
    for c in ClaimCategory:
        k = counts[c]
        for key in tot:
            tot[key] += k[key]
        p = _ratio(k["tp"], k["tp"] + k["fp"])
        r = _ratio(k["tp"], k["tp"] + k["fn"])
        flag = "" if (p >= TARGET_PRECISION and r >= TARGET_RECALL) else "  <- below target"
        ok = ok and not flag
        print(f"{c:32} {k['support']:5d} {k['tp']:4d} {k['fp']:4d} {k['fn']:4d} {p:6.3f} {r:6.3f}{flag}")
    p = _ratio(tot["tp"], tot["tp"] + tot["fp"])
    r = _ratio(tot["tp"], tot["tp"] + tot["fn"])
    print(f"{'micro':32} {tot['support']:5d} {tot['tp']:4d} {tot['fp']:4d} {tot['fn']:4d} {p:6.3f} {r:6.3f}")
    exact = len(rows) - len(errors)
    clean_fp = sum(1 for s, g, pr, _ in errors if not g and pr)
    print(f"exact-match sentences: {exact}/{len(rows)}; clean sentences flagged: {clean_fp}/{clean}")
    risky = [(g, pr) for (_, g), (_, _, pr, _) in zip(rows, _all_predictions(rows, errors)) if g]
    flagged = sum(1 for _, pr in risky if pr)
    print(f"issue 14 figures: risky sentences flagged {_ratio(flagged, len(risky)):.3f}, category recall {r:.3f}, "
          f"precision {p:.3f}, clean sentences flagged {_ratio(clean_fp, clean):.3f} "
          f"(targets >= 0.97, >= 0.92, >= 0.90, <= 0.05)")
    if verbose and errors:
        print("\nmisclassified:")
        for sentence, gold, pred, claims in errors:
            missing = sorted(gold - pred)
            extra = sorted(pred - gold)
            print(f"- {sentence}")
            if missing:
                print(f"    missed: {', '.join(missing)}")
            if extra and explain_flags:
                print("    extra:")
                print_explained(sentence, extra, indent="      ")
            elif extra:
                hits = "; ".join(f"{c.category}={c.text!r}" for c in claims if c.category in extra)
                print(f"    extra:  {hits}")
    return ok


def _all_predictions(rows, errors):
    """``(sentence, gold, predicted, None)`` for every row (``errors`` holds the wrong ones)."""
    wrong = {sentence: pred for sentence, _, pred, _ in errors}
    return [(s, g, wrong.get(s, g), None) for s, g in rows]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list misclassified sentences")
    ap.add_argument("--file", action="append", type=Path, help="TSV file(s) to evaluate")
    ap.add_argument("--no-blind", action="store_true", help="skip the blind set (use while tuning)")
    ap.add_argument("--explain", action="store_true",
                    help="with the misclassified sentences, print the pattern behind each extra flag "
                         "(or, with --text, behind each flag in that text)")
    ap.add_argument("--text", action="append", help="explain the flags in this text instead of evaluating")
    ap.add_argument("--unused", action="store_true", help="list the patterns no labelled sentence exercises")
    ap.add_argument("--with-model", action="store_true",
                    help="scan with the rules and the learned model (var/claims_model.skops) as the CMS does")
    args = ap.parse_args(argv)
    if args.with_model:
        model, reason = combined.model_status()
        if model is None:
            raise SystemExit(f"no usable model: {reason}")
        _detector["scan"] = combined.scan
    files = args.file or (TUNING_FILES if args.no_blind else DEFAULT_FILES)
    if args.text:
        for text in args.text:
            print(text)
            print_explained(text)
        return 0
    if args.unused:
        report_unused([path for path in files if path.exists()])
        return 0
    print(f"targets: recall >= {TARGET_RECALL}, precision >= {TARGET_PRECISION} per category")
    for path in files:
        if not path.exists():
            print(f"\n(missing: {path})")
            continue
        label = SECTION_LABELS.get(path.name, path.name)
        report(label, load(path), args.verbose or args.explain, args.explain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
