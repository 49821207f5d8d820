"""What claim detection adds to the writer's feedback and to a submission.

    DEBUG=1 .venv/bin/python bench/claim_submit_bench.py [--words 5000] [--repeat 7]

Builds an article of about ``--words`` words from the seed drafts (their
sections repeated, so the text is full of real risky claims) in a throw-away
SQLite database, then times, median of ``--repeat`` runs:

- ``scan_working_copy``: the writer's live feedback (read the sections, scan);
- ``freeze_with_claims``: freezing the revision content, scanning exactly that
  text and resolving its disclaimers;
- ``submit_for_review``: the whole transaction (freeze, scan, revision,
  claim flags, disclaimer index, log), against a submission of an article of
  the same shape with no risky text, so the difference is the cost of the claims.

Wall and CPU time are both printed: on a shared machine the CPU time is the
steadier figure. It prints figures; it asserts nothing (timings belong in
benchmarks, not tests).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _setup_django():
    database = Path(tempfile.mkdtemp(prefix="vetted-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings_test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _sections(words):
    from articles.importing.parser import decode_draft, parse_draft

    pool = []
    for path in sorted((ROOT / "demo" / "drafts").glob("*.txt")):
        draft = parse_draft(decode_draft(path.read_bytes(), source_name=path.name), source_name=path.name)
        pool.extend((s.heading, s.body) for s in draft.sections)
    sections, total = [], 0
    while total < words:
        heading, body = pool[len(sections) % len(pool)]
        sections.append((f"{heading} ({len(sections) + 1})", body))
        total += len(body.split())
    return sections, total


def _article(author, sections, *, clean=False):
    from articles.actions.importing import unique_article_slug
    from articles.models import Article, Section

    article = Article.objects.create(title="Benchmark article", slug=unique_article_slug("benchmark"))
    article.authors.add(author)
    Section.objects.bulk_create(
        Section(
            article=article, position=position, heading=f"Part {position}" if clean else heading,
            body=" ".join(["Rest and fluids help sore muscles recover."] * (len(body.split()) // 7))
            if clean else body,
        )
        for position, (heading, body) in enumerate(sections, start=1)
    )
    return article


def _timed(run):
    """(wall ms, CPU ms, result); CPU time is less sensitive to a busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def _medians(timings):
    return statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    _setup_django()

    from django.contrib.auth.models import Group, User

    from articles import actions
    from articles.domain.claim_flags import freeze_with_claims, scan_working_copy

    writer = User.objects.create(username="bench-writer")
    writer.groups.add(Group.objects.get(name="Writers"))
    sections, words = _sections(args.words)
    article = _article(writer, sections)

    found = scan_working_copy(article)
    feedback = _medians([_timed(lambda: scan_working_copy(article)) for _ in range(args.repeat)])
    freezing = _medians([_timed(lambda: freeze_with_claims(article)) for _ in range(args.repeat)])

    def submit_fresh(clean):
        fresh = _article(writer, sections, clean=clean)
        return _timed(lambda: actions.submit_for_review(fresh, by=writer))

    risky = [submit_fresh(False) for _ in range(args.repeat)]
    clean = [submit_fresh(True) for _ in range(args.repeat)]
    flags_stored = risky[0][2].claim_flags.count()
    risky_ms, clean_ms = _medians(risky), _medians(clean)

    print(f"article: {words} words in {len(sections)} sections; {len(found)} claims flagged")
    print(f"medians of {args.repeat} runs, wall / CPU:")
    print(f"scan_working_copy (writer feedback): {feedback[0]:6.1f} / {feedback[1]:6.1f} ms"
          f"  ({words / feedback[1] * 1000:,.0f} words per CPU second)")
    print(f"freeze_with_claims:                  {freezing[0]:6.1f} / {freezing[1]:6.1f} ms")
    print(f"submit_for_review, risky text:       {risky_ms[0]:6.1f} / {risky_ms[1]:6.1f} ms"
          f"  ({flags_stored} flags stored)")
    print(f"submit_for_review, clean text:       {clean_ms[0]:6.1f} / {clean_ms[1]:6.1f} ms  (0 flags)")
    print(f"cost of the claims at submission:    {risky_ms[0] - clean_ms[0]:6.1f} / "
          f"{risky_ms[1] - clean_ms[1]:6.1f} ms")

if __name__ == "__main__":
    main()
