"""Benchmark ``verify_integrity`` on 10,000 reviewed articles.

    .venv/bin/python bench/integrity_bench.py [--articles 10000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vetted .venv/bin/python bench/integrity_bench.py

Builds the volume quickly but honestly: rows are inserted in bulk, inside the
workflow token, through the models' own ``bulk_create``, so every row joins
the ledger through the same append code the actions use (and the database's
guard triggers check every insert). Per article: one submitted revision with
four sections, its topic row and disclaimer row, a "submitted" log entry, an
approval by a medical reviewer and an "approved" log entry. Then it times
``manage.py verify_integrity`` (which must find the chain intact) and the
cold integrity check of one revision, and prints the figures. It uses a
throwaway database created like the test database, so it never touches your
data.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
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
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from articles import policy  # noqa: E402
from articles.actions import verify_credentials  # noqa: E402
from articles.domain.integrity import revision_is_trustworthy  # noqa: E402
from articles.models import (  # noqa: E402
    Article,
    ArticleRevision,
    Disclaimer,
    LedgerHead,
    ReviewDecision,
    ReviewerProfile,
    RevisionDisclaimer,
    RevisionTopic,
    Topic,
    WorkflowEvent,
)
from articles.models.guards import workflow_transition  # noqa: E402
from articles.models.revisions import fingerprint  # noqa: E402

BATCH = 1000
PARAGRAPH = (
    "Sleep lets muscles repair after exercise; most adults need seven to nine hours. "
    "Talk to a clinician about pain that lasts more than a few days. "
) * 6


def _people():
    users = get_user_model().objects
    writer = users.create(username="bench-writer", first_name="Wendy", last_name="Writer")
    writer.groups.add(Group.objects.get(name=policy.WRITERS))
    reviewer = users.create(username="bench-reviewer", first_name="Rae", last_name="Viewer")
    reviewer.groups.add(Group.objects.get(name=policy.MEDICAL_REVIEWERS))
    publisher = users.create(username="bench-publisher", first_name="Pat", last_name="Lisher")
    publisher.groups.add(Group.objects.get(name=policy.PUBLISHERS))
    profile = ReviewerProfile.objects.create(
        user=reviewer, slug="rae-viewer", credentials="MD", credential_type="physician",
        licence_number="BENCH-1", issuing_body="Bench register",
    )
    verify_credentials(profile, by=publisher)
    return writer, reviewer


def _content(number, topic, disclaimer):
    return {
        "title": f"Sleep and recovery, part {number}",
        "slug": f"sleep-and-recovery-{number}",
        "summary": "Sleep helps muscles recover.",
        "standfirst": "Why rest matters after exercise.",
        "sections": [{"heading": f"Part {i}", "anchor": f"part-{i}", "body": PARAGRAPH} for i in range(1, 5)],
        "conclusion": "Rest well, and ask a clinician about persistent pain.",
        "topics": [{"slug": topic.slug, "name": topic.name}],
        "authors": [{"id": 0, "name": "Wendy Writer"}],
        "references": [{"number": 1, "title": "Sleep and muscle recovery", "url": "https://example.org/sleep"}],
        "hero": None,
        "disclaimers": [disclaimer.snapshot()],
        "change_summary": "",
        "update_kind": "update",
    }


def build(count, writer, reviewer):
    topic = Topic.objects.create(name="Sleep", slug="sleep")
    disclaimer = Disclaimer.objects.order_by("pk").first() or Disclaimer.objects.create(
        key="medical-advice", title="Not medical advice", body="Ask a clinician.", applies_to_all=True
    )
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        with transaction.atomic(), workflow_transition():
            articles = Article.objects.bulk_create(
                Article(title=f"Sleep and recovery, part {n}", slug=f"sleep-and-recovery-{n}", created_by=writer)
                for n in numbers
            )
            revisions = []
            for n, article in zip(numbers, articles):
                content = _content(n, topic, disclaimer)
                revisions.append(
                    ArticleRevision(
                        article=article, number=1, created_by=writer, content_hash=fingerprint(content), **content
                    )
                )
            revisions = ArticleRevision.objects.bulk_create(revisions)
            RevisionTopic.objects.bulk_create(RevisionTopic(revision=r, topic=topic) for r in revisions)
            RevisionDisclaimer.objects.bulk_create(
                RevisionDisclaimer(revision=r, disclaimer=disclaimer, version=disclaimer.version) for r in revisions
            )
            WorkflowEvent.objects.bulk_create(
                WorkflowEvent(article_id=r.article_id, revision=r, actor=writer, action="submitted",
                              from_state="draft", to_state="in_review")
                for r in revisions
            )
            ReviewDecision.objects.bulk_create(
                ReviewDecision(revision=r, outcome="approved", decided_by=reviewer, content_hash=r.content_hash,
                               reviewer_name="Rae Viewer", reviewer_credentials="MD")
                for r in revisions
            )
            WorkflowEvent.objects.bulk_create(
                WorkflowEvent(article_id=r.article_id, revision=r, actor=reviewer, action="approved",
                              from_state="in_review", to_state="approved")
                for r in revisions
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args(argv)

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        writer, reviewer = _people()
        start = time.perf_counter()
        build(args.articles, writer, reviewer)
        building = time.perf_counter() - start
        entries = LedgerHead.objects.get().seq

        out = io.StringIO()
        start, cpu_start = time.perf_counter(), time.process_time()
        call_command("verify_integrity", stdout=out, stderr=out)
        verifying, verifying_cpu = time.perf_counter() - start, time.process_time() - cpu_start
        if not out.getvalue().startswith("Intact"):
            raise AssertionError(out.getvalue())

        revision = ArticleRevision.objects.order_by("?").first()
        cache.clear()
        start = time.perf_counter()
        assert revision_is_trustworthy(revision)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(1000):
            revision_is_trustworthy(revision)
        warm = (time.perf_counter() - start) / 1000

        print(f"{args.articles:,} articles on {connection.vendor}: {entries:,} ledger entries")
        print(f"built through the chained bulk_create in {building:.1f} s ({entries / building:,.0f} entries/s)")
        print(
            f"manage.py verify_integrity: intact, {verifying:.1f} s ({entries / verifying:,.0f} entries/s), "
            f"{verifying_cpu:.1f} s of this process's CPU (less sensitive to other jobs on the machine)"
        )
        print(f"one revision's check for a public page: cold {cold * 1000:.1f} ms, warm (cached verdict) {warm * 1e6:.0f} µs")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
