"""Throughput of the risky-claim detector.

Usage (from the repo root)::

    python bench/claims_throughput.py [--words 5000] [--runs 15]

Builds a long article (about ``--words`` words) by concatenating the demo
drafts (``demo/drafts/*.txt``, falling back to ``/work/shared/seeds``, then
to a bundled paragraph) and times ``articles.claims.scan`` on it. Prints the
median and best of several runs, words per second and ms per 5,000-word
article. Prints figures only; no assertions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SOURCES = [ROOT / "demo" / "drafts", Path("/work/shared/seeds")]
FALLBACK = (
    "Kratom is non-addictive and provides significant pain reduction without "
    "opioid addiction. Start with 1-3 grams, e.g. half a teaspoon, twice daily. "
    "Avoid combining it with benzodiazepines. It stimulates prolactin and is "
    "FDA approved, safe during pregnancy, and eases opioid withdrawal. Call 911 "
    "after an overdose. Most adults need seven to nine hours of sleep.\n"
)


def load_corpus() -> tuple[str, str]:
    for folder in SOURCES:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return "\n".join(f.read_text(encoding="utf-8") for f in files), str(folder)
    return FALLBACK, "bundled sample"


def build_article(words: int) -> tuple[str, str]:
    corpus, source = load_corpus()
    parts, count = [], 0
    while count < words:
        parts.append(corpus)
        count += len(corpus.split())
    text = "\n".join(parts)
    # Trim to roughly the requested number of words, at a line break.
    tokens = text.split(" ")
    text = " ".join(tokens[:words])
    return text, source


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Time articles.claims.scan on a long article")
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    from articles import claims  # noqa: E402  (import time is part of the report)

    import_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    claims.compile_rules()
    compile_ms = (time.perf_counter() - t0) * 1000

    text, source = build_article(args.words)
    n_words = len(text.split())
    claims.scan(text)  # warm-up

    times, cpu = [], []
    for _ in range(args.runs):
        t, c = time.perf_counter(), time.process_time()
        found = claims.scan(text)
        cpu.append(time.process_time() - c)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    best = min(times)
    per_5k = med * 1000 * 5000 / n_words
    cpu_med = statistics.median(cpu)

    sents = len(claims.split_sentences(text))
    print(f"source: {source}")
    print(f"article: {n_words} words, {len(text)} chars, {sents} sentences")
    print(f"import: {import_ms:.1f} ms; rule compilation: {compile_ms:.1f} ms (once per process, on the first scan)")
    print(f"runs: {args.runs}; wall median {med * 1000:.2f} ms, best {best * 1000:.2f} ms")
    print(f"CPU time median {cpu_med * 1000:.2f} ms (less sensitive to a busy machine)")
    print(f"throughput: {n_words / med:,.0f} words/s (wall median)")
    print(f"ms per 5,000-word article: {per_5k:.2f} wall, {cpu_med * 1000 * 5000 / n_words:.2f} CPU (median)")
    print(f"claims found: {len(found)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
