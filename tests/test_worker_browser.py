"""
A newcomer's scheduled article goes live on time: the worker started the way
``scripts/run.sh`` starts it (``scripts/worker.sh``), a reader's browser, and
an article scheduled a few seconds ahead.
"""

import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from articles import actions

from .live_content import Newsroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parent.parent


def worker_database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def test_a_scheduled_article_goes_live_when_the_worker_from_run_sh_is_running(live_server, page):
    newsroom = Newsroom()
    article = newsroom.draft(title="Sleep before a race", slug="sleep-before-a-race")
    newsroom.approve(article)
    actions.publish(article, by=newsroom.publisher, at=timezone.now() + timedelta(seconds=3))
    url = f"{live_server.url}/articles/sleep-before-a-race/"
    assert page.goto(url).status == 404

    worker = subprocess.Popen(
        [str(ROOT / "scripts" / "worker.sh")],
        env={
            **os.environ,
            "WORKER_INTERVAL": "1",
            "DATABASE_URL": worker_database_url(),
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "SECRET_KEY": "browser-test",
            "DEBUG": "1",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _attempt in range(60):
            if page.goto(url).status == 200:
                break
            page.wait_for_timeout(500)
        expect(page.get_by_role("heading", level=1)).to_have_text("Sleep before a race")
        expect(page.locator(".byline").first).to_contain_text("Medically reviewed by")
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "Published “Sleep before a race” (revision 1)." in output
    assert worker.returncode == 0
