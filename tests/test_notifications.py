"""
Workflow email: each notification goes once, to the right people, only
after the action committed (never from the editor's request, never after a
rollback); preferences (off, immediately, daily digest); retries after a
failure send exactly once; reminders once per period; the console backend
in development; the worker prunes old heartbeats.
"""

import os
import smtplib
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles import actions, worker
from articles.actions.notes import add_review_note
from articles.errors import NotPermitted
from articles.models import (
    DeliveryMode,
    DueWorkFailure,
    Notification,
    NotificationPreference,
    Topic,
    WorkerHeartbeat,
)
from articles.notifications import delivery, outbox, reminders

from .admin_helpers import article_form_data, change_url, logged_in
from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, UserFactory, WriterFactory

SITE = "https://editorial.example.org"

pytestmark = pytest.mark.usefixtures("site_url")


@pytest.fixture
def site_url(settings):
    settings.VETTED_SITE_URL = SITE


def sent_to(subject_start=""):
    """Addresses emailed so far (one list entry per message), for messages whose subject starts so."""
    return sorted(
        address for message in mail.outbox if message.subject.startswith(subject_start) for address in message.to
    )


def deliver(now=None):
    """One worker pass: queue what happened, then send."""
    return worker.run_pass(now=now)


@pytest.fixture
def team(newsroom):
    """Beside the newsroom: a second reviewer, an unverified and an inactive one, a second publisher."""
    newsroom.reviewer2 = ReviewerFactory(username="second_reviewer")
    unverified = ReviewerFactory(username="unverified_reviewer")
    unverified.reviewer_profile.verified_at = None
    unverified.reviewer_profile.save()
    ReviewerFactory(username="gone_reviewer", is_active=False)
    newsroom.publisher2 = PublisherFactory(username="second_publisher")
    return newsroom


def test_a_submission_emails_each_eligible_reviewer_once_from_the_worker_not_the_request(team):
    article = team.draft()
    response = logged_in(team.writer).post(
        change_url(article), article_form_data(article, _submit_for_review="1", submission_note="Ready for you")
    )
    assert response.status_code == 302
    assert mail.outbox == []

    deliver()

    assert sent_to() == ["reviewer@example.org", "second_reviewer@example.org"]
    message = mail.outbox[0]
    revision = article.revisions.get()
    assert message.subject == f"Review needed: “{revision.title}” (revision 1)"
    review_link = SITE + reverse("admin:articles_articlerevision_review", args=[revision.pk])
    assert review_link in message.body and "Ready for you" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{review_link}"' in html
    assert message.extra_headers["Message-ID"].startswith("<vetted.notification.")

    deliver()
    deliver(now=timezone.now() + timedelta(hours=2))
    assert len(mail.outbox) == 2


def test_a_reviewer_who_wrote_the_revision_is_not_asked_to_review_it(team):
    article = team.draft(authors=[team.writer, team.reviewer2])
    actions.submit_for_review(article, by=team.writer)
    deliver()
    assert sent_to() == ["reviewer@example.org"]


def test_a_rolled_back_action_sends_nothing(team):
    article = team.draft()
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.submit_for_review(article, by=team.writer)
        raise RuntimeError("the request failed after the submission")
    deliver()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_sent_until_the_action_commits(newsroom):
    """The worker's own connection does not see an event whose transaction is still open."""
    article = newsroom.draft()
    submitted, release, done = threading.Event(), threading.Event(), threading.Event()

    def editor():
        try:
            with transaction.atomic():
                actions.submit_for_review(article, by=newsroom.writer)
                submitted.set()
                release.wait(10)
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=editor)
    thread.start()
    assert submitted.wait(10)
    assert outbox.collect_events() == []
    release.set()
    thread.join(10)
    assert done.is_set()

    deliver()
    assert sent_to() == ["reviewer@example.org"]


def test_changes_requested_go_to_the_authors_with_the_note_and_section_notes(team):
    editor = WriterFactory(username="editor")
    article = team.draft(authors=[team.writer, editor])
    revision = actions.submit_for_review(article, by=team.writer)
    add_review_note(revision, by=team.reviewer, body="Cite the 2023 trial here.", section_index=0)
    deliver()
    mail.outbox.clear()

    actions.request_changes(revision, by=team.reviewer, note="Needs sources for section 1.")
    deliver()

    assert sent_to() == ["editor@example.org", "writer@example.org"]
    body = mail.outbox[0].body
    heading = revision.sections[0]["heading"]
    assert f"Reviewer Name requested changes to revision 1 of “{revision.title}”." in body.replace(
        team.reviewer.get_full_name(), "Reviewer Name"
    )
    assert "Needs sources for section 1." in body
    assert f"Section 1: {heading}" in body and "Cite the 2023 trial here." in body
    assert "Cite the 2023 trial here." in mail.outbox[0].alternatives[0][0]


def test_an_approval_goes_to_the_authors_and_not_to_the_reviewer_who_gave_it(team):
    article = team.draft()
    revision = actions.submit_for_review(article, by=team.writer)
    deliver()
    mail.outbox.clear()
    actions.approve(revision, by=team.reviewer, note="Accurate and well sourced.")
    deliver()
    assert sent_to() == ["writer@example.org"]
    assert mail.outbox[0].subject.startswith("Approved:") and "Accurate and well sourced." in mail.outbox[0].body


def test_a_partial_approval_asks_the_reviewers_who_have_not_signed_off(team):
    ReviewerFactory(username="third_reviewer", profile__specialty="Toxicology")
    article = team.draft(title="Kratom and sleep")
    article.topics.add(Topic.objects.get(slug="kratom"))
    revision = actions.submit_for_review(article, by=team.writer)
    for flag in revision.claim_flags.unresolved():
        actions.resolve_claim(flag, by=team.reviewer, reason="Accurate.", reference_number=1 if flag.needs_reference else None)
    deliver()
    mail.outbox.clear()

    actions.approve(revision, by=team.reviewer2, note="Fine by me.")
    deliver()

    assert sent_to("Another approval needed") == ["reviewer@example.org", "third_reviewer@example.org"]
    assert "still needs" in mail.outbox[0].body and "Fine by me." in mail.outbox[0].body
    assert sent_to("Approved:") == []


def test_publishing_scheduling_and_unpublishing_tell_the_authors_and_the_other_publishers(team):
    article = team.draft()
    team.approve(article)
    deliver()
    mail.outbox.clear()

    actions.publish(article, by=team.publisher, at=timezone.now() + timedelta(days=1))
    deliver()
    assert sent_to("Scheduled:") == ["second_publisher@example.org", "writer@example.org"]

    actions.publish(article, by=team.publisher)
    deliver()
    assert sent_to("Published:") == ["second_publisher@example.org", "writer@example.org"]
    assert f"{SITE}/articles/{article.slug}/" in mail.outbox[-1].body

    actions.unpublish(article, by=team.publisher2, reason="Study retracted.")
    deliver()
    assert sent_to("Unpublished:") == ["publisher@example.org", "writer@example.org"]
    assert "Study retracted." in mail.outbox[-1].body


def test_one_notification_per_event_and_recipient_even_when_two_passes_race(team):
    article = team.draft()
    actions.submit_for_review(article, by=team.writer)
    outbox.collect_events()
    outbox.collect_events()
    assert Notification.objects.count() == 2
    delivery.send_due()
    delivery.send_due()
    assert len(mail.outbox) == 2


# Preferences -------------------------------------------------------------------


def test_off_sends_nothing_and_immediate_is_the_default(team):
    actions.set_notification_preference(team.reviewer2, by=team.reviewer2, mode=DeliveryMode.OFF)
    actions.submit_for_review(team.draft(), by=team.writer)
    deliver()
    assert sent_to() == ["reviewer@example.org"]
    assert not Notification.objects.filter(recipient=team.reviewer2).exists()


def test_a_daily_digest_is_one_email_listing_the_days_notifications(team, settings):
    settings.VETTED_DIGEST_HOUR = 7
    actions.set_notification_preference(team.reviewer2, by=team.reviewer2, mode=DeliveryMode.DAILY)
    first, second = team.draft(title="Rest days"), team.draft(title="Cold water")
    actions.submit_for_review(first, by=team.writer)
    actions.submit_for_review(second, by=team.writer)
    deliver()
    assert sent_to() == ["reviewer@example.org", "reviewer@example.org"]

    next_morning = timezone.localtime(timezone.now() + timedelta(days=1)).replace(hour=7, minute=5)
    deliver(now=next_morning)
    deliver(now=next_morning + timedelta(hours=1))

    digests = [message for message in mail.outbox if message.to == ["second_reviewer@example.org"]]
    assert len(digests) == 1
    assert digests[0].subject.startswith("Vetted daily digest") and "2 notifications" in digests[0].subject
    assert "Rest days" in digests[0].body and "Cold water" in digests[0].body
    assert set(Notification.objects.filter(recipient=team.reviewer2).values_list("status", flat=True)) == {"sent"}


def test_people_change_their_own_preference_in_the_admin_and_nobody_elses(team):
    client = logged_in(team.reviewer)
    response = client.get(reverse("admin:articles_notificationpreference_changelist"))
    own = NotificationPreference.objects.get(user=team.reviewer)
    assert response["Location"] == reverse("admin:articles_notificationpreference_change", args=[own.pk])

    client.post(response["Location"], {"mode": "daily"})
    own.refresh_from_db()
    assert own.mode == "daily"

    other = actions.notification_preference(team.writer)
    url = reverse("admin:articles_notificationpreference_change", args=[other.pk])
    assert client.post(url, {"mode": "off"}).status_code in (302, 403, 404)
    other.refresh_from_db()
    assert other.mode == "immediate"
    with pytest.raises(NotPermitted):
        actions.set_notification_preference(team.writer, by=team.reviewer, mode="off")


# Retries -----------------------------------------------------------------------


class FlakyBackend:
    """An email backend whose first sends fail as an unreachable server would."""

    failures_left = 0
    sent = []

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        if FlakyBackend.failures_left:
            FlakyBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        FlakyBackend.sent.extend(messages)
        return len(messages)

    def close(self):
        pass


@override_settings(EMAIL_BACKEND="tests.test_notifications.FlakyBackend")
def test_a_failed_send_is_retried_later_and_delivered_exactly_once(newsroom):
    FlakyBackend.failures_left, FlakyBackend.sent = 1, []
    actions.submit_for_review(newsroom.draft(), by=newsroom.writer)
    now = timezone.now() + timedelta(seconds=5)

    report = deliver(now=now)
    [notification] = Notification.objects.all()
    assert (notification.status, notification.attempts) == ("pending", 1)
    assert "SMTPServerDisconnected" in notification.last_error
    assert notification.next_attempt_at == now + delivery.RETRY_FIRST
    assert any("will retry" in str(outcome) for outcome in report.failures)

    deliver(now=now + timedelta(seconds=30))
    assert FlakyBackend.sent == []

    deliver(now=now + timedelta(minutes=1))
    deliver(now=now + timedelta(minutes=5))
    assert [message.to for message in FlakyBackend.sent] == [["reviewer@example.org"]]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == ("sent", 2, "")


@override_settings(EMAIL_BACKEND="tests.test_notifications.FlakyBackend", VETTED_NOTIFICATION_MAX_ATTEMPTS=2)
def test_after_the_last_attempt_the_notification_is_given_up_and_shown_to_publishers(newsroom):
    FlakyBackend.failures_left, FlakyBackend.sent = 5, []
    actions.submit_for_review(newsroom.draft(), by=newsroom.writer)
    now = timezone.now() + timedelta(seconds=5)
    deliver(now=now)
    deliver(now=now + timedelta(minutes=1))
    deliver(now=now + timedelta(hours=2))
    [notification] = Notification.objects.all()
    assert (notification.status, notification.attempts) == ("failed", 2)
    assert FlakyBackend.sent == []

    page = logged_in(newsroom.publisher).get(reverse("admin:articles_notification_changelist"))
    assert page.status_code == 200 and "SMTPServerDisconnected" in page.content.decode()
    assert logged_in(newsroom.writer).get(reverse("admin:articles_notification_changelist")).status_code == 403


def test_a_message_left_sending_by_a_dead_worker_is_sent_later(newsroom):
    actions.submit_for_review(newsroom.draft(), by=newsroom.writer)
    outbox.collect_events()
    now = timezone.now()
    Notification.objects.update(status="sending", claimed_at=now)
    delivery.send_due(now=now)
    assert mail.outbox == []
    delivery.send_due(now=now + delivery.CLAIM_TIMEOUT + timedelta(seconds=1))
    assert sent_to() == ["reviewer@example.org"]


# Reminders ---------------------------------------------------------------------


@override_settings(VETTED_REVIEW_INTERVAL_DAYS=30, VETTED_REVIEW_DUE_SOON_DAYS=7, VETTED_REVIEW_REMINDER_DAYS=7)
def test_review_due_soon_and_overdue_reach_reviewers_and_publishers_once_per_period(team):
    article = team.publish()
    deliver()
    mail.outbox.clear()
    now = timezone.now()

    deliver(now=now + timedelta(days=10))
    assert mail.outbox == []

    deliver(now=now + timedelta(days=25))
    deliver(now=now + timedelta(days=25, hours=3))
    soon = sent_to("Review due")
    assert soon == [
        "publisher@example.org", "reviewer@example.org", "second_publisher@example.org",
        "second_reviewer@example.org",
    ]
    assert article.live_revision.title in mail.outbox[0].subject
    assert SITE + reverse("admin:articles_article_review_due") in mail.outbox[0].body

    deliver(now=now + timedelta(days=31))
    deliver(now=now + timedelta(days=32))
    assert len(sent_to("Review overdue")) == 4
    deliver(now=now + timedelta(days=38))
    assert len(sent_to("Review overdue")) == 8


def test_a_reviewer_who_wrote_the_live_text_gets_no_review_reminder(team, settings):
    settings.VETTED_REVIEW_INTERVAL_DAYS = 1
    article = team.draft(authors=[team.writer, team.reviewer2])
    team.publish(article)
    deliver()
    mail.outbox.clear()
    deliver(now=timezone.now() + timedelta(days=2))
    assert "second_reviewer@example.org" not in sent_to("Review overdue")


def test_a_changed_disclaimer_puts_the_page_in_the_reminders_at_once(team):
    team.publish()
    team.set_disclaimer("not_medical_advice", body="New wording of the general notice.")
    deliver()
    assert "reviewer@example.org" in sent_to("Review overdue")
    assert "has changed since this page was approved" in mail.outbox[-1].body


def test_an_overdue_schedule_and_a_failed_one_are_reported_to_publishers_once(team, settings):
    settings.VETTED_WORKER_OVERDUE_SECONDS = 60
    article = team.draft()
    team.approve(article)
    go_live = timezone.now() + timedelta(minutes=1)
    actions.publish(article, by=team.publisher, at=go_live)
    reminders.collect_reminders(now=go_live + timedelta(minutes=5))
    delivery.send_due(now=go_live + timedelta(minutes=5))
    assert sent_to("Overdue:") == ["publisher@example.org", "second_publisher@example.org"]
    reminders.collect_reminders(now=go_live + timedelta(minutes=10))
    delivery.send_due(now=go_live + timedelta(minutes=10))
    assert len(sent_to("Overdue:")) == 2

    failure = DueWorkFailure.objects.create(article=article, kind="publish", attempts=1, error="Fingerprint mismatch")
    deliver()
    deliver()
    assert sent_to("Failed:") == ["publisher@example.org", "second_publisher@example.org"]
    assert "Fingerprint mismatch" in mail.outbox[-1].body
    failure.attempts = 2
    failure.save()
    deliver()
    assert len(sent_to("Failed:")) == 2


def test_expiring_credentials_reach_the_reviewer_and_the_verifier_once(team, settings):
    settings.VETTED_CREDENTIALS_NOTICE_DAYS = 30
    verifier = UserFactory(username="verifier")
    profile = team.reviewer2.reviewer_profile
    profile.verified_by = verifier
    profile.credentials_expire_on = timezone.now().date() + timedelta(days=20)
    profile.save()
    deliver()
    deliver()
    assert sent_to("Reviewer credentials expire") == ["second_reviewer@example.org", "verifier@example.org"]


# Development and the worker --------------------------------------------------


def test_development_prints_email_to_the_console_and_production_uses_smtp_from_the_environment():
    def email_settings(**env):
        code = (
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'cms.settings'; django.setup();"
            "from django.conf import settings as s;"
            "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_TIMEOUT)"
        )
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DEBUG", "DJANGO_"))}
        return subprocess.run(
            [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, check=True
        ).stdout.split()

    assert email_settings(DEBUG="1")[0] == "django.core.mail.backends.console.EmailBackend"
    assert email_settings(
        SECRET_KEY="x", EMAIL_HOST="smtp.example.org", EMAIL_PORT="587", EMAIL_USE_TLS="1", EMAIL_TIMEOUT="5"
    ) == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.org", "587", "True", "5.0"]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_the_worker_prints_the_demos_email_with_the_console_backend(newsroom, capsys):
    actions.submit_for_review(newsroom.draft(), by=newsroom.writer)
    deliver()
    out = capsys.readouterr().out
    assert "To: reviewer@example.org" in out and "submitted revision 1 of" in out
    assert "/admin/articles/articlerevision/" in out


def test_the_worker_prunes_heartbeats_of_long_gone_workers(db, settings):
    settings.VETTED_HEARTBEAT_KEEP_DAYS = 7
    now = timezone.now()
    WorkerHeartbeat.objects.create(name="old-host:1", started_at=now - timedelta(days=30), last_beat_at=now - timedelta(days=8))
    WorkerHeartbeat.objects.create(name="recent-host:2", last_beat_at=now - timedelta(days=1))
    worker.run_pass(now=now, name="new-host:3")
    assert set(WorkerHeartbeat.objects.values_list("name", flat=True)) == {"recent-host:2", "new-host:3"}


def test_an_article_factory_needs_no_notification_setup(db):
    """Creating content alone (no workflow event) queues nothing."""
    ArticleFactory()
    assert outbox.collect_events() == [] and Notification.objects.count() == 0
