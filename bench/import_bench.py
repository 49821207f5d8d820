"""Benchmark importing plain-text drafts into the database, end to end.

    .venv/bin/python bench/import_bench.py [--count 1000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vetted .venv/bin/python bench/import_bench.py

Writes ``--count`` drafts made by ``generate_drafts`` (see
``import_parse_bench.py``) to a temporary folder, then runs ``manage.py
import_articles`` on the folder, first with ``--dry-run`` (read, parse,
validate) and then for real (one transaction per file, then the risky-claim
scan of each stored draft), and prints the throughput of each in articles per
second, and how long the claim scan alone takes. It uses a throwaway database
created like the test database (``test_`` + the configured name, or a
temporary SQLite file), so it never touches your data. A wrong import is not
a fast import: the run fails unless every draft became one draft article with
the expected number of sections.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings_test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from articles import policy  # noqa: E402
from articles.domain.claim_flags import scan_working_copy  # noqa: E402
from articles.models import Article, Section, Topic  # noqa: E402
from bench.import_parse_bench import generate_drafts  # noqa: E402


def _timed_import(folder: Path, *options: str) -> tuple[float, str]:
    out = io.StringIO()
    start = time.perf_counter()
    call_command("import_articles", str(folder), "--author", "bench-writer", *options, stdout=out, stderr=out)
    return time.perf_counter() - start, out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="draft files to import (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the variations")
    args = parser.parse_args(argv)

    drafts = generate_drafts(args.count, seed=args.seed)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory(prefix="vetted-import-bench-") as tmp:
            folder = Path(tmp)
            for draft in drafts:
                (folder / draft.source_name).write_bytes(draft.raw)
            size = sum(len(d.raw) for d in drafts)
            writer = get_user_model().objects.create(username="bench-writer")
            writer.groups.add(Group.objects.get(name=policy.WRITERS))
            for name in ("Pain", "Sleep"):  # the topics the generated front matter names
                Topic.objects.get_or_create(slug=name.lower(), defaults={"name": name})

            dry, _ = _timed_import(folder, "--dry-run", "--verbosity", "0")
            if Article.objects.exists():
                raise AssertionError("the dry run wrote articles")
            real, summary = _timed_import(folder)

            sections = dict(Article.objects.annotate(n=Count("sections")).values_list("slug", "n"))
            expected = sorted(d.sections for d in drafts)
            if len(sections) != len(drafts) or sorted(sections.values()) != expected:
                raise AssertionError(f"expected {len(drafts)} articles with {expected[:5]}… sections; got:\n{summary}")
            start = time.perf_counter()
            for article in Article.objects.all():
                scan_working_copy(article)
            scanning = time.perf_counter() - start

            vendor = connection.vendor
            print(f"{len(drafts):,} draft files ({size / 1e6:.1f} MB) on {vendor}, {Section.objects.count():,} sections")
            print(f"dry run (read, parse, validate): {len(drafts) / dry:,.0f} articles/s ({dry:.2f} s)")
            print(f"import (one transaction per file, then the claim scan): {len(drafts) / real:,.0f} articles/s ({real:.2f} s)")
            print(f"  of which the claim scan alone takes about {scanning:.2f} s ({len(drafts) / scanning:,.0f} articles/s)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
