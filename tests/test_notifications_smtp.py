"""
Workflow email against real local SMTP servers (aiosmtpd): one that hangs,
one that refuses with a 5xx reply. The worker records the failure and
retries later; each message arrives exactly once when the server works
again; the editor's click (a submission over HTTP) succeeds while the
worker is stuck on the hanging server. How long the click takes meanwhile
is measured by bench/notification_bench.py, not asserted here.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import worker
from articles.models import ArticleRevision, Notification

from .admin_helpers import article_form_data, change_url, logged_in
from .factories import ReviewerFactory
from .smtp_servers import Accepting, Hanging, Refusing, free_port, smtp_server


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend pointed at a port in this project's range, with a short timeout."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 1
    settings.EMAIL_USE_TLS = False
    return settings


def submit_over_http(writer, article):
    response = logged_in(writer).post(change_url(article), article_form_data(article, _submit_for_review="1"))
    assert response.status_code == 302
    assert ArticleRevision.objects.filter(article=article).exists()


def received(handler):
    return sorted(address for envelope in handler.messages for address in envelope.rcpt_tos)


def test_a_hanging_server_is_recorded_and_the_message_arrives_once_later(newsroom, smtp):
    ReviewerFactory(username="second_reviewer")
    submit_over_http(newsroom.writer, newsroom.draft())
    now = timezone.now() + timedelta(seconds=5)

    hanging = Hanging()
    with smtp_server(hanging, smtp.EMAIL_PORT):
        report = worker.run_pass(now=now)
    assert hanging.attempts == 1
    tried, waiting = Notification.objects.order_by("-attempts", "pk")
    assert (tried.status, tried.attempts) == ("pending", 1)
    assert "timed out" in tried.last_error
    assert (waiting.status, waiting.attempts) == ("pending", 0), "the pass stops at an unreachable server"
    assert [str(outcome) for outcome in report.failures] and not report.crashed

    accepting = Accepting()
    with smtp_server(accepting, smtp.EMAIL_PORT):
        worker.run_pass(now=now + timedelta(minutes=1))
        worker.run_pass(now=now + timedelta(minutes=10))
    assert received(accepting) == ["reviewer@example.org", "second_reviewer@example.org"]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_refusing_server_is_recorded_and_the_message_arrives_once_later(newsroom, smtp):
    ReviewerFactory(username="second_reviewer")
    submit_over_http(newsroom.writer, newsroom.draft())
    now = timezone.now() + timedelta(seconds=5)

    refusing = Refusing()
    with smtp_server(refusing, smtp.EMAIL_PORT):
        worker.run_pass(now=now)
        worker.run_pass(now=now + timedelta(seconds=30))
    assert refusing.attempts == 2, "each message was tried once; a refusal does not stop the others"
    for notification in Notification.objects.all():
        assert (notification.status, notification.attempts) == ("pending", 1)
        assert "554" in notification.last_error and "refused by policy" in notification.last_error

    accepting = Accepting()
    with smtp_server(accepting, smtp.EMAIL_PORT):
        worker.run_pass(now=now + timedelta(minutes=1))
        worker.run_pass(now=now + timedelta(minutes=10))
    assert received(accepting) == ["reviewer@example.org", "second_reviewer@example.org"]


def test_a_server_that_is_not_there_is_recorded_like_a_hang(newsroom, smtp):
    submit_over_http(newsroom.writer, newsroom.draft())
    worker.run_pass(now=timezone.now() + timedelta(seconds=5))
    [notification] = Notification.objects.all()
    assert notification.attempts == 1 and "refused" in notification.last_error.lower()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_submits_while_the_worker_is_stuck_on_a_hanging_server(newsroom, smtp):
    smtp.EMAIL_TIMEOUT = 600
    submit_over_http(newsroom.writer, newsroom.draft())
    hanging = Hanging()
    with smtp_server(hanging, smtp.EMAIL_PORT):
        stuck = threading.Event()

        def run_worker():
            try:
                worker.run_pass()
            finally:
                connection.close()
                stuck.set()

        thread = threading.Thread(target=run_worker)
        thread.start()
        while not hanging.attempts and not stuck.is_set():
            stuck.wait(0.05)
        assert hanging.attempts == 1 and not stuck.is_set(), "the worker is waiting for the server"

        submit_over_http(newsroom.writer, newsroom.draft(title="Second article"))

        assert not stuck.is_set(), "the click finished while the worker still waited"
        hanging.release()
        thread.join(30)
    assert ArticleRevision.objects.count() == 2
    [notification] = Notification.objects.filter(attempts=1)
    assert "451" in notification.last_error
