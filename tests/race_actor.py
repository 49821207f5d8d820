"""
One editor in a process of its own, for ``tests/test_editorial_races.py``.

    python -m tests.race_actor SYNC_DIR NAME JOBS_JSON

Runs each job (a workflow verb with its arguments) when the test says go:
before job ``i`` it creates ``SYNC_DIR/NAME-ready-i`` and waits for
``SYNC_DIR/go-i``, which the test creates once both editors are ready, so
the two processes call the action at the same moment. Prints one JSON line
per job: ``{"outcome": "ok"}``, ``{"outcome": "refused", "error": class,
"message": ...}`` for an ``ActionError``, or ``{"outcome": "crashed", ...}``
for anything else. Django's settings and database come from the environment.
"""

import json
import sys
import time
from pathlib import Path


def _run(job):
    from django.contrib.auth import get_user_model

    from articles import actions
    from articles.models import Article, ArticleRevision

    user = get_user_model().objects.get(username=job["by"])
    verb = job["verb"]
    if verb in ("approve", "request_changes"):
        revision = ArticleRevision.objects.get(pk=job["revision"])
        if verb == "approve":
            actions.approve(revision, by=user, note="Checked.")
        else:
            actions.request_changes(revision, by=user, note="Cite a source.")
        return
    article = Article.objects.get(pk=job["article"])
    if verb == "publish":
        actions.publish(article, by=user)
    elif verb == "unpublish":
        actions.unpublish(article, by=user, reason="Out of date.")
    elif verb == "submit":
        actions.submit_for_review(article, by=user)
    elif verb == "save":
        article.title = job["title"]
        section = article.sections.order_by("position").first()
        section.body = job["title"]
        actions.save_working_copy(article, by=user, expected_version=job["expected_version"], sections=[section])
    else:
        raise ValueError(f"unknown verb {verb!r}")


def main(sync_dir, name, jobs):
    import django

    django.setup()
    from django.db import connection

    from articles.errors import ActionError

    sync = Path(sync_dir)
    for index, job in enumerate(json.loads(jobs)):
        (sync / f"{name}-ready-{index}").touch()
        while not (sync / f"go-{index}").exists():
            time.sleep(0.0005)
        try:
            _run(job)
            result = {"outcome": "ok"}
        except ActionError as refusal:
            result = {"outcome": "refused", "error": type(refusal).__name__, "message": str(refusal)}
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            result = {"outcome": "crashed", "error": type(error).__name__, "message": str(error)}
        print(json.dumps(result), flush=True)
    connection.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
