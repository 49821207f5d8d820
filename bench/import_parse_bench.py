"""Benchmark the plain-text draft parser on generated drafts.

    .venv/bin/python bench/import_parse_bench.py [--count 1000] [--repeat 5]

Drafts are generated in memory from the seeds in ``demo/drafts`` by
:func:`generate_drafts`, which the full (database) import benchmark can
reuse: every draft is valid, distinct and deterministic for a given ``seed``,
and exercises the variations the parser must absorb (front matter or not,
CRLF/CR line endings, a BOM, blank lines, trailing whitespace, other bullet
styles, straight quotes, a missing summary, reordered sections).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from articles.importing.parser import decode_draft, parse_draft  # noqa: E402

SEED_DIR = ROOT / "demo" / "drafts"


class GeneratedDraft(NamedTuple):
    source_name: str
    raw: bytes  # what a file on disk would hold (UTF-8, sometimes with a BOM)
    sections: int  # how many sections the parser must find


class _Seed(NamedTuple):
    preamble: list[str]  # [summary, intro] or [intro]
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs)
    conclusion: str


def _load_seeds(folder: Path) -> list[_Seed]:
    # The seeds are parsed with the parser under test; tests/test_import_parsing.py checks that parse.
    seeds = []
    for path in sorted(folder.glob("*.txt")):
        draft = parse_draft(decode_draft(path.read_bytes(), source_name=path.name), source_name=path.name)
        preamble = [draft.summary, draft.standfirst] if draft.summary else [draft.standfirst]
        sections = [(s.heading, s.body.split("\n\n")) for s in draft.sections]
        seeds.append(_Seed(preamble, sections, draft.conclusion))
    if not seeds:
        raise SystemExit(f"no seed drafts in {folder}")
    return seeds


def generate_drafts(n: int, *, seed: int = 0, folder: Path = SEED_DIR) -> list[GeneratedDraft]:
    """Return ``n`` valid, distinct drafts made by varying the seed drafts.

    Deterministic for a given ``seed``. Half carry front matter with a unique
    title and slug; the others get a provisional title (so a database import
    must make their slugs unique itself).
    """
    rng = random.Random(seed)
    seeds = _load_seeds(folder)
    drafts = []
    for i in range(n):
        base = seeds[i % len(seeds)]
        preamble = list(base.preamble)
        if len(preamble) == 2 and rng.random() < 0.2:
            preamble = preamble[1:]  # no summary
        intro = preamble[-1]
        preamble[-1] = rng.choice([intro, f"“{intro}”", f'"{intro}"'])
        sections = [(heading, list(paragraphs)) for heading, paragraphs in base.sections]
        if rng.random() < 0.3:
            rng.shuffle(sections)  # every section has a paragraph, so any order stays valid
        bullet = rng.choice(["- ", "- ", "* ", "– "])
        conclusion = f"{base.conclusion} (Draft {i:05d}.)"

        lines = list(preamble)
        lines += [bullet + heading for heading, _ in sections]
        for heading, paragraphs in sections:
            lines.append(heading.upper() if rng.random() < 0.05 else heading)
            lines += paragraphs
        lines.append(conclusion)

        if rng.random() < 0.2:
            lines = [line + rng.choice([" ", "\t", "  \t"]) for line in lines]
        if rng.random() < 0.2:
            lines = [part for line in lines for part in (line, "")]
        if i % 2 == 0:
            lines[:0] = [f"title: Bench draft {i:05d}", f"slug: bench-draft-{i:05d}", "topics: Pain, Sleep", ""]
            if rng.random() < 0.3:
                lines[:0] = ["---"]
                lines[4] = "---"
        text = rng.choice(["\n", "\n", "\r\n", "\r"]).join(lines)
        raw = text.encode("utf-8")
        if rng.random() < 0.1:
            raw = b"\xef\xbb\xbf" + raw
        drafts.append(GeneratedDraft(f"bench_{i:05d}.txt", raw, len(sections)))
    return drafts


def _parse_all(drafts: list[GeneratedDraft]) -> None:
    for draft in drafts:
        parsed = parse_draft(decode_draft(draft.raw, source_name=draft.source_name), source_name=draft.source_name)
        if len(parsed.sections) != draft.sections:  # a wrong parse is not a fast parse
            raise AssertionError(f"{draft.source_name}: {len(parsed.sections)} sections, expected {draft.sections}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="drafts to generate (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the variations")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    drafts = generate_drafts(args.count, seed=args.seed)
    generated = time.perf_counter() - start
    size = sum(len(d.raw) for d in drafts)
    print(f"generated {len(drafts):,} drafts ({size / 1e6:.1f} MB) in {generated:.2f} s")

    _parse_all(drafts[:50])  # warm up
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        _parse_all(drafts)
        timings.append(time.perf_counter() - start)
    best, median = min(timings), statistics.median(timings)
    print(
        f"decode + parse, {args.repeat} passes: best {len(drafts) / best:,.0f} drafts/s "
        f"({size / best / 1e6:.1f} MB/s, {best / len(drafts) * 1e6:.0f} µs/draft), "
        f"median {len(drafts) / median:,.0f} drafts/s"
    )


if __name__ == "__main__":
    main()
