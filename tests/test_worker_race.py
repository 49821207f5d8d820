"""
Two workers in two processes against the same PostgreSQL database perform
each scheduled publication exactly once (``SELECT ... FOR UPDATE SKIP
LOCKED`` per item). Runs on PostgreSQL only (CI runs the suite there too):
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/vetted_x pytest tests/test_worker_race.py``.
"""

import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles import actions
from articles.models import Article, WorkflowEvent
from articles.models.guards import workflow_transition

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Row locks with SKIP LOCKED need PostgreSQL; CI runs this on PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 30


def database_url():
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def test_two_worker_processes_publish_each_scheduled_article_exactly_once(newsroom):
    pks = []
    for number in range(ARTICLES):
        article = newsroom.draft(title=f"Race {number}", slug=f"race-{number}")
        newsroom.approve(article)
        actions.publish(article, by=newsroom.publisher, at=timezone.now() + timedelta(days=1))
        pks.append(article.pk)
    with workflow_transition():
        # Make them due now without waiting a day (only the time moves; the schedule was logged).
        Article.objects.filter(pk__in=pks).update(go_live_at=timezone.now() - timedelta(minutes=1))

    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "SECRET_KEY": "race-test",
        "DEBUG": "1",
    }
    command = [sys.executable, "manage.py", "worker", "--once"]
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs

    published = Counter(
        WorkflowEvent.objects.filter(action="published", article_id__in=pks).values_list("article_id", flat=True)
    )
    assert published == Counter({pk: 1 for pk in pks})
    assert Article.objects.filter(pk__in=pks, live_revision__isnull=False).count() == ARTICLES
    lines = [line for out, _err in outputs for line in out.splitlines() if line.startswith("Published")]
    assert sorted(lines) == sorted(f"Published “Race {n}” (revision 1)." for n in range(ARTICLES))
    assert "FAILED" not in "".join(err for _out, err in outputs)
