"""
Cache purges: which pages each change purges, that they go out only when the
transaction commits, and that failed ones are kept, shown and retried.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.actions import scheduling, workflow
from articles.actions.disclaimers import save_disclaimer
from articles.domain import purging
from articles.errors import ActionError
from articles.models import Disclaimer, PendingPurge

from .factories import TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


class FakeProxy:
    """An HTTP server that records PURGE and BAN requests and answers with ``status``."""

    def __init__(self):
        self.received = []
        self.status = 200
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                proxy.received.append((self.command, self.path, dict(self.headers)))
                self.send_response(proxy.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PURGE = do_BAN = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def purged(self):
        return {path for method, path, _headers in self.received if method == "PURGE"}

    def bans(self):
        return [headers["X-Ban-Url"] for method, _path, headers in self.received if method == "BAN"]


@pytest.fixture
def proxy(settings):
    fake = FakeProxy()
    settings.CACHE_PURGE_URLS = [fake.url]
    settings.CACHE_PURGE_HOST = "health.example.org"
    yield fake
    fake.server.shutdown()


@pytest.fixture
def sleep_article(newsroom):
    article = newsroom.draft(title="Sleep and recovery", slug="sleep-and-recovery")
    article.topics.add(TopicFactory(name="Sleep", slug="sleep"))
    return article


def test_publishing_purges_the_article_its_topics_reviewer_and_the_site_lists_on_commit(
    proxy, newsroom, reviewer, sleep_article, django_capture_on_commit_callbacks
):
    newsroom.approve(sleep_article)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.publish(sleep_article, by=newsroom.publisher)
    assert proxy.received == [], "a purge went out before the transaction committed"

    for callback in callbacks:
        callback()

    assert proxy.purged() >= {
        "/articles/sleep-and-recovery/",
        "/topics/sleep/",
        f"/reviewers/{reviewer.reviewer_profile.slug}/",
        "/",
        "/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
    }
    assert all(headers["Host"] == "health.example.org" for _m, _p, headers in proxy.received)
    assert any("sleep\\-and\\-recovery" in ban or "sleep-and-recovery" in ban for ban in proxy.bans())


def test_unpublishing_purges_the_page_that_was_live(proxy, newsroom, sleep_article, django_capture_on_commit_callbacks):
    newsroom.publish(sleep_article)
    proxy.received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(sleep_article, by=newsroom.publisher, reason="Safety concern.")

    assert {"/articles/sleep-and-recovery/", "/topics/sleep/", "/"} <= proxy.purged()


def test_a_new_slug_purges_the_old_address_too(proxy, newsroom, sleep_article, django_capture_on_commit_callbacks):
    newsroom.publish(sleep_article)
    newsroom.revise(sleep_article, slug="sleep-after-exercise", body="New text.")
    newsroom.approve(sleep_article)
    proxy.received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(sleep_article, by=newsroom.publisher)

    assert {"/articles/sleep-and-recovery/", "/articles/sleep-after-exercise/"} <= proxy.purged()


def test_a_scheduled_publication_purges_when_it_goes_live(
    proxy, newsroom, sleep_article, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    newsroom.approve(sleep_article)
    workflow.publish(sleep_article, by=newsroom.publisher, at=timezone.now() + timedelta(hours=1))
    proxy.received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        scheduling.publish_due(now=timezone.now() + timedelta(hours=2))

    assert "/articles/sleep-and-recovery/" in proxy.purged()


def test_a_refused_action_sends_nothing(proxy, newsroom, sleep_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionError):
        workflow.unpublish(sleep_article, by=newsroom.publisher, reason="Not live yet.")

    assert proxy.received == []


def test_changing_a_disclaimer_purges_the_pages_that_carry_it(
    proxy, newsroom, sleep_article, django_capture_on_commit_callbacks
):
    newsroom.publish(sleep_article)
    proxy.received.clear()
    disclaimer = Disclaimer.objects.get(key="emergency")

    with django_capture_on_commit_callbacks(execute=True):
        save_disclaimer(disclaimer, by=newsroom.publisher, body="Call your emergency number now.")

    assert "/articles/sleep-and-recovery/" in proxy.purged()


def test_a_failed_purge_is_kept_shown_to_publishers_and_retried(
    proxy, newsroom, sleep_article, client, django_capture_on_commit_callbacks
):
    newsroom.publish(sleep_article)
    proxy.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(sleep_article, by=newsroom.publisher, reason="Safety concern.")

    pending = PendingPurge.objects.count()
    assert pending > 0
    client.force_login(newsroom.publisher)
    dashboard = client.get(reverse("admin:index")).content.decode()
    assert "Cache purges that failed" in dashboard

    assert purging.retry_failed_purges() == (0, pending)
    assert PendingPurge.objects.get(path="/articles/sleep-and-recovery/").attempts == 2

    proxy.status = 200
    proxy.received.clear()
    assert purging.retry_failed_purges() == (pending, 0)
    assert "/articles/sleep-and-recovery/" in proxy.purged()
    assert "Cache purges that failed" not in client.get(reverse("admin:index")).content.decode()


def test_an_unreachable_proxy_does_not_hold_up_the_publisher(settings, newsroom, sleep_article, django_capture_on_commit_callbacks):
    settings.CACHE_PURGE_URLS = ["http://127.0.0.1:9"]
    newsroom.publish(sleep_article)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(sleep_article, by=newsroom.publisher, reason="Safety concern.")

    assert not sleep_article.is_live
    assert PendingPurge.objects.filter(proxy="http://127.0.0.1:9").exists()
    call_command("retry_purges", stdout=open("/dev/null", "w"))
    assert PendingPurge.objects.filter(attempts=2).exists()


def test_no_proxy_configured_sends_nothing(settings, newsroom, sleep_article, django_capture_on_commit_callbacks):
    settings.CACHE_PURGE_URLS = []
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.publish(sleep_article)

    assert not PendingPurge.objects.exists()


def test_the_worker_resends_failed_purges_by_itself(proxy, newsroom, sleep_article, django_capture_on_commit_callbacks):
    newsroom.publish(sleep_article)
    proxy.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(sleep_article, by=newsroom.publisher, reason="Safety concern.")
    assert PendingPurge.objects.exists()
    proxy.status = 200
    proxy.received.clear()

    call_command("worker", "--once", verbosity=0)

    assert "/articles/sleep-and-recovery/" in proxy.purged()
    assert not PendingPurge.objects.exists()


def test_the_failed_purges_list_follows_the_policy_not_superuser_status(newsroom, client):
    """Publishers see the failed purges; a superuser without the role does not, as everywhere else."""
    changelist = reverse("admin:articles_pendingpurge_changelist")
    client.force_login(newsroom.publisher)
    assert client.get(changelist).status_code == 200

    client.force_login(UserFactory(is_superuser=True, groups=[]))
    assert client.get(changelist).status_code == 403
