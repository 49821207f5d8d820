"""Scan time for a 5,000-word article: rules, model, both, and the writer's live path.

Usage (from the repo root, after ``manage.py train_claims_model``)::

    python bench/claims_model_speed.py [--words 5000] [--runs 15]

Prints the median (p50) and best of several runs for:

* rules: ``articles.claims.scan`` (the rule engine alone);
* model: the learned detector alone, every sentence scored (cold cache);
* both, cold: rules plus model with nothing cached (a submission, or the
  first live scan after a restart);
* both, live: rules plus model after one sentence in the middle of the
  article changed (the writer's live flags, ``scan(text, live=True)``: model
  scores are cached per sentence and rule claims per line, so only the
  changed line is rescanned and only the changed sentence scored).

Figures only; no assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from claims_throughput import load_corpus  # noqa: E402

from articles.claims import combined, engine  # noqa: E402


def article(words: int) -> str:
    corpus, _ = load_corpus()
    text = corpus
    while len(text.split()) < words:
        text += "\n" + corpus
    return " ".join(text.split(" ")[:words])


def timed(fn, runs):
    times = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args(argv)
    model, reason = combined.model_status()
    if model is None:
        print(f"no model ({reason})")
        return 1
    text = article(args.words)
    engine.scan(text)  # compile the rules
    print(f"{len(text.split())} words, {len(engine.split_sentences(text))} sentences, "
          f"{text.count(chr(10)) + 1} lines; {args.runs} runs; load average {os.getloadavg()[0]:.1f}")

    def cold(_):
        combined._cache.clear()
        combined._line_cache.clear()
        combined._last_product.clear()

    rows = {
        "rules": timed(lambda i: engine.scan(text), args.runs),
        "model": timed(lambda i: (cold(i), combined.scan(text, use_rules=False)), args.runs),
        "both, cold": timed(lambda i: (cold(i), combined.scan(text)), args.runs),
    }
    lines = text.split("\n")
    middle = len(lines) // 2

    def edited(i):
        changed = lines[:middle] + [lines[middle] + f" Edit number {i}: the writer adds one new sentence."]
        return "\n".join(changed + lines[middle + 1:])

    combined.scan(text, live=True)
    rows["both, live (one sentence changed)"] = timed(lambda i: combined.scan(edited(i), live=True), args.runs)
    for name, (p50, best) in rows.items():
        print(f"{name:36} p50 {p50:7.1f} ms   best {best:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
