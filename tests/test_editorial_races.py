"""
Two editors in two processes call the same editorial verb at the same moment
against one PostgreSQL database (issue 10, "races on PostgreSQL with real
processes"): approve vs approve, approve vs request changes, publish vs
unpublish, save vs save of the working copy, submit vs submit. Each pair is
released together (``tests/race_actor.py``) several times; every time the
outcome is one the workflow allows, nothing is lost or recorded twice, and
the ledger stays intact.

PostgreSQL only: SQLite serialises writers with one database lock, so there
is no race to see there. CI runs the suite on PostgreSQL too:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/vetted_x pytest tests/test_editorial_races.py``.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles import actions
from articles.domain.integrity import verify_ledger
from articles.models import Article, ReviewDecision, WorkflowEvent

from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, WriterFactory
from .test_worker_race import database_url

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Races between processes need PostgreSQL's row locks (SQLite serialises all writers); "
        "CI runs this on PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 4


@pytest.fixture
def people(db):
    return {
        "writer": WriterFactory(username="race-writer"),
        "co_writer": WriterFactory(username="race-co-writer"),
        "reviewer": ReviewerFactory(username="race-reviewer"),
        "second_reviewer": ReviewerFactory(username="race-second-reviewer"),
        "publisher": PublisherFactory(username="race-publisher"),
        "second_publisher": PublisherFactory(username="race-second-publisher"),
    }


def race(pairs):
    """
    Run each (job for editor A, job for editor B) with both released at once,
    in two processes that stay up for all the pairs; return [(A's result, B's result)].
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "cms.settings_test",
        # The same keys as this process, so their ledger entries verify here.
        "SECRET_KEY": settings.SECRET_KEY,
        "VETTED_LEDGER_KEY": settings.VETTED_LEDGER_KEY,
    }
    with tempfile.TemporaryDirectory(prefix="vetted-race-") as sync:
        editors = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.race_actor", sync, name, json.dumps([pair[i] for pair in pairs])],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for i, name in enumerate("ab")
        ]
        for index in range(len(pairs)):
            deadline = time.monotonic() + 120
            while not all((Path(sync) / f"{name}-ready-{index}").exists() for name in "ab"):
                if time.monotonic() > deadline or any(editor.poll() not in (None, 0) for editor in editors):
                    outputs = [editor.communicate(timeout=10) for editor in editors]
                    pytest.fail(f"an editor process did not get ready: {outputs}")
                time.sleep(0.005)
            (Path(sync) / f"go-{index}").touch()
        outputs = [editor.communicate(timeout=300) for editor in editors]
    assert [editor.returncode for editor in editors] == [0, 0], outputs
    results = [[json.loads(line) for line in out.splitlines()] for out, _err in outputs]
    assert all(result["outcome"] != "crashed" for side in results for result in side), results
    return list(zip(*results, strict=True))


def outcomes(pair):
    return sorted(result["outcome"] for result in pair)


def in_review(people, **fields):
    article = ArticleFactory(authors=[people["writer"]], **fields)
    return article, actions.submit_for_review(article, by=people["writer"])


def approved(people, **fields):
    article, revision = in_review(people, **fields)
    actions.approve(revision, by=people["reviewer"], note="Checked.")
    return article, revision


def test_two_reviewers_approving_at_once_record_one_approval(people):
    revisions = [in_review(people)[1] for _ in range(ROUNDS)]

    results = race([
        ({"verb": "approve", "by": "race-reviewer", "revision": r.pk},
         {"verb": "approve", "by": "race-second-reviewer", "revision": r.pk})
        for r in revisions
    ])

    for revision, pair in zip(revisions, results, strict=True):
        assert outcomes(pair) == ["ok", "refused"], pair
        assert [r["error"] for r in pair if r["outcome"] == "refused"] == ["InvalidTransition"]
        assert ReviewDecision.objects.filter(revision=revision).count() == 1
        assert WorkflowEvent.objects.filter(revision=revision, action="approved").count() == 1
    assert verify_ledger() == []


def test_approve_and_request_changes_at_once_record_one_decision(people):
    revisions = [in_review(people)[1] for _ in range(ROUNDS)]

    results = race([
        ({"verb": "approve", "by": "race-reviewer", "revision": r.pk},
         {"verb": "request_changes", "by": "race-second-reviewer", "revision": r.pk})
        for r in revisions
    ])

    for revision, pair in zip(revisions, results, strict=True):
        assert outcomes(pair) == ["ok", "refused"], pair
        decision = ReviewDecision.objects.get(revision=revision)
        winner = "approved" if pair[0]["outcome"] == "ok" else "changes_requested"
        assert decision.outcome == winner
        events = Counter(
            WorkflowEvent.objects.filter(revision=revision).exclude(action="submitted").values_list("action", flat=True)
        )
        assert events == Counter({winner: 1})
    assert verify_ledger() == []


def test_publish_and_unpublish_at_once_leave_the_state_the_log_describes(people):
    articles = []
    for _ in range(ROUNDS):
        article, _first = approved(people)
        actions.publish(article, by=people["publisher"])
        article.refresh_from_db()
        article.title = f"{article.title}, revised"
        article.save()
        second = actions.submit_for_review(article, by=people["writer"])
        actions.approve(second, by=people["reviewer"], note="Checked.")
        articles.append((article, second))

    results = race([
        ({"verb": "publish", "by": "race-publisher", "article": a.pk},
         {"verb": "unpublish", "by": "race-second-publisher", "article": a.pk})
        for a, _second in articles
    ])

    for (article, second), pair in zip(articles, results, strict=True):
        # Either order is allowed, and both succeed: publishing the approved
        # revision 2 over revision 1, and taking the page down.
        assert outcomes(pair) == ["ok", "ok"], pair
        article.refresh_from_db()
        last = WorkflowEvent.objects.filter(article=article, action__in=["published", "unpublished"]).order_by("pk")
        actions_logged = list(last.values_list("action", flat=True))
        assert actions_logged[0] == "published" and sorted(actions_logged[1:]) == ["published", "unpublished"]
        if actions_logged[-1] == "published":
            assert article.live_revision_id == second.pk
        else:
            assert article.live_revision_id is None
    assert verify_ledger() == []


def test_two_saves_from_the_same_loaded_version_lose_nothing(people):
    articles = [ArticleFactory(authors=[people["writer"], people["co_writer"]]) for _ in range(ROUNDS)]

    results = race([
        ({"verb": "save", "by": "race-writer", "article": a.pk, "expected_version": a.edit_version,
          "title": f"Version A of {a.pk}"},
         {"verb": "save", "by": "race-co-writer", "article": a.pk, "expected_version": a.edit_version,
          "title": f"Version B of {a.pk}"})
        for a in articles
    ])

    for article, pair in zip(articles, results, strict=True):
        assert outcomes(pair) == ["ok", "refused"], pair
        assert [r["error"] for r in pair if r["outcome"] == "refused"] == ["EditConflict"]
        stored = Article.objects.get(pk=article.pk)
        winner = "A" if pair[0]["outcome"] == "ok" else "B"
        assert stored.edit_version == article.edit_version + 1
        assert stored.title == f"Version {winner} of {article.pk}"
        assert stored.sections.order_by("position").first().body == stored.title


def test_two_submissions_at_once_make_one_revision(people):
    articles = [ArticleFactory(authors=[people["writer"], people["co_writer"]]) for _ in range(ROUNDS)]

    results = race([
        ({"verb": "submit", "by": "race-writer", "article": a.pk},
         {"verb": "submit", "by": "race-co-writer", "article": a.pk})
        for a in articles
    ])

    for article, pair in zip(articles, results, strict=True):
        assert outcomes(pair) == ["ok", "refused"], pair
        assert article.revisions.count() == 1
        assert WorkflowEvent.objects.filter(article=article, action="submitted").count() == 1
    assert verify_ledger() == []
    assert connection.vendor == "postgresql"
