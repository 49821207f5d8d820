"""
How long the renderer takes on pathological Markdown, and whether the bounds
check (``check_markdown_bounds``) refuses it first. Prints one line per input:

    .venv/bin/python bench/markdown_bounds_bench.py

Each input is rendered once, even when the bounds check refuses it (the
public page renders whatever was approved, so rendering must be bounded on
its own too). No assertion: the tests check refusals, this prints figures.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from articles.domain.rendering import (  # noqa: E402
    MAX_MARKDOWN_CHARS,
    MarkdownTooComplex,
    check_markdown_bounds,
    markdownify,
)

SIZE = MAX_MARKDOWN_CHARS  # the largest text accepted: the worst case that is rendered


def repeat(unit):
    return unit * (SIZE // len(unit))


INPUTS = {
    "cap of '[a]('": repeat("[a]("),
    "cap of '[a](()'": repeat("[a](()"),
    "cap of '['": repeat("["),
    "cap of '![a]('": repeat("![a]("),
    "cap of '[a]['": repeat("[a]["),
    "cap of '*a'": repeat("*a"),
    "cap of '_a'": repeat("_a"),
    "cap of '`a'": repeat("`a"),
    "cap of '<a'": repeat("<a"),
    "cap of '&#'": repeat("&#"),
    "cap of '[ref:1]'": repeat("[ref:1]"),
    "cap of '[^1]'": repeat("[^1]"),
    "cap of '|a'": repeat("|a") + "\n|-|-|\n",
    "cap of ordinary prose": repeat("Statins lower LDL cholesterol [ref:1]. See [the trial](https://example.org/t). "),
    "80 KB of '[a](' (over the cap)": "[a](" * 20_000,
    "400 nested list levels": "\n".join("    " * i + "- x" for i in range(400)),
    "400 nested quotes": ">" * 400 + " x",
    "400 nested list markers": "- " * 400 + "x",
}


def main():
    print(f"cap: {MAX_MARKDOWN_CHARS:,} characters")
    print(f"{'input':34} {'bounds check':>14} {'render (s)':>11}")
    for name, text in INPUTS.items():
        try:
            check_markdown_bounds(text)
            verdict = "accepted"
        except MarkdownTooComplex:
            verdict = "refused"
        started = time.perf_counter()
        try:
            markdownify(text)
            outcome = f"{time.perf_counter() - started:.2f}"
        except MarkdownTooComplex:
            outcome = f"{time.perf_counter() - started:.2f} (refused)"
        print(f"{name:34} {verdict:>14} {outcome:>11}")


if __name__ == "__main__":
    main()
