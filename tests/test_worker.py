"""
The worker: scheduled publication and unpublication on a frozen clock, a
poisoned item that fails without blocking the others and is retried later,
the re-check of the scheduler's permission at go-live, the heartbeat and
the dashboard's warnings.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from articles import errors, policy, worker
from articles.actions import scheduling, workflow
from articles.domain.worker_status import worker_alerts
from articles.models import Article, DueWorkFailure, WorkerHeartbeat, WorkflowEvent

from .factories import PublisherFactory

NOW = timezone.now().replace(microsecond=0) + timedelta(days=1)


def scheduled_steps(report):
    """The pass's outcomes of scheduled publication and unpublication (not its email)."""
    return [outcome for outcome in report.outcomes if isinstance(outcome, scheduling.Outcome)]


def events(article, action):
    return list(WorkflowEvent.objects.filter(article=article, action=action).order_by("pk"))


def scheduled(newsroom, at, **kwargs):
    article = newsroom.draft(**kwargs)
    newsroom.approve(article)
    workflow.publish(article, by=newsroom.publisher, at=at)
    return article


def test_a_scheduled_article_goes_live_when_its_time_comes_and_not_before(newsroom, client):
    article = scheduled(newsroom, NOW)

    worker.run_pass(now=NOW - timedelta(seconds=1))
    assert client.get(f"/articles/{article.slug}/").status_code == 404

    report = worker.run_pass(now=NOW)

    assert [str(outcome) for outcome in scheduled_steps(report)] == [
        f"Published “{article.title}” (revision 1)."
    ]
    assert client.get(f"/articles/{article.slug}/").status_code == 200
    [published] = events(article, WorkflowEvent.Action.PUBLISHED)
    assert (published.actor, published.created_at.date()) == (newsroom.publisher, timezone.now().date())
    article.refresh_from_db()
    assert article.first_published_at == NOW

    worker.run_pass(now=NOW + timedelta(minutes=5))
    assert len(events(article, WorkflowEvent.Action.PUBLISHED)) == 1


def test_a_scheduled_unpublication_takes_the_page_down_with_its_reason(newsroom, client):
    article = newsroom.publish()
    workflow.unpublish(article, by=newsroom.publisher, reason="Study withdrawn.", at=NOW)
    article.refresh_from_db()
    assert (article.unpublish_at, article.unpublish_reason) == (NOW, "Study withdrawn.")
    assert events(article, WorkflowEvent.Action.UNPUBLISH_SCHEDULED)[0].details == {
        "unpublish_at": NOW.isoformat()
    }

    worker.run_pass(now=NOW - timedelta(seconds=1))
    assert client.get(f"/articles/{article.slug}/").status_code == 200

    worker.run_pass(now=NOW)

    assert client.get(f"/articles/{article.slug}/").status_code == 404
    [unpublished] = events(article, WorkflowEvent.Action.UNPUBLISHED)
    assert (unpublished.actor, unpublished.note) == (newsroom.publisher, "Study withdrawn.")
    article.refresh_from_db()
    assert article.unpublish_at is None


def test_an_article_can_be_scheduled_to_go_live_and_to_expire(newsroom, client):
    article = scheduled(newsroom, NOW)
    with pytest.raises(scheduling.ScheduleRefused, match="choose an unpublication time after that"):
        workflow.unpublish(article, by=newsroom.publisher, reason="Seasonal.", at=NOW - timedelta(hours=1))
    workflow.unpublish(article, by=newsroom.publisher, reason="Seasonal.", at=NOW + timedelta(days=7))

    worker.run_pass(now=NOW)
    assert client.get(f"/articles/{article.slug}/").status_code == 200
    worker.run_pass(now=NOW + timedelta(days=7))
    assert client.get(f"/articles/{article.slug}/").status_code == 404


def test_scheduled_publication_and_unpublication_can_be_cancelled(newsroom):
    going_live = scheduled(newsroom, NOW)
    expiring = newsroom.publish()
    workflow.unpublish(expiring, by=newsroom.publisher, reason="Seasonal.", at=NOW)

    scheduling.cancel_scheduled_publish(going_live, by=newsroom.publisher, note="Embargo moved.")
    scheduling.cancel_scheduled_unpublish(expiring, by=newsroom.publisher, note="Still accurate.")
    worker.run_pass(now=NOW + timedelta(hours=1))

    going_live.refresh_from_db()
    expiring.refresh_from_db()
    assert (going_live.live_revision, going_live.go_live_at) == (None, None)
    assert expiring.is_live and expiring.unpublish_at is None
    assert events(expiring, WorkflowEvent.Action.UNPUBLISH_CANCELLED)[0].note == "Still accurate."


def test_only_publishers_schedule_an_unpublication_and_a_reason_is_required(newsroom):
    article = newsroom.publish()
    with pytest.raises(errors.NotPermitted):
        workflow.unpublish(article, by=newsroom.writer, reason="x", at=NOW)
    with pytest.raises(errors.NoteRequired):
        workflow.unpublish(article, by=newsroom.publisher, reason=" ", at=NOW)


def test_a_poisoned_item_fails_alone_is_reported_and_retried_with_backoff(newsroom, monkeypatch, client):
    poisoned = scheduled(newsroom, NOW, title="Poisoned")
    healthy = scheduled(newsroom, NOW, title="Healthy")
    real_make_live = workflow.make_live

    def make_live(locked, revision, **kwargs):
        if locked.pk == poisoned.pk:
            raise RuntimeError("disk on fire")
        return real_make_live(locked, revision, **kwargs)

    monkeypatch.setattr(workflow, "make_live", make_live)

    report = worker.run_pass(now=NOW)

    assert [(o.article.title, o.ok) for o in scheduled_steps(report)] == [("Poisoned", False), ("Healthy", True)]
    assert Article.objects.get(pk=healthy.pk).is_live
    assert not Article.objects.get(pk=poisoned.pk).is_live
    failure = DueWorkFailure.objects.get(article=poisoned)
    assert (failure.attempts, failure.error, failure.next_attempt_at) == (
        1, "RuntimeError: disk on fire", NOW + timedelta(minutes=1)
    )

    worker.run_pass(now=NOW + timedelta(seconds=30))
    assert DueWorkFailure.objects.get(article=poisoned).attempts == 1

    worker.run_pass(now=NOW + timedelta(minutes=1))
    failure = DueWorkFailure.objects.get(article=poisoned)
    assert (failure.attempts, failure.next_attempt_at) == (2, NOW + timedelta(minutes=3))

    client.force_login(newsroom.publisher)
    dashboard = client.get("/admin/").content.decode()
    assert "Scheduled work that failed" in dashboard and "disk on fire" in dashboard

    monkeypatch.setattr(workflow, "make_live", real_make_live)
    worker.run_pass(now=NOW + timedelta(minutes=3))
    assert Article.objects.get(pk=poisoned.pk).is_live
    assert not DueWorkFailure.objects.exists()


def test_the_worker_refuses_when_the_scheduler_lost_the_publish_permission(newsroom):
    publisher = PublisherFactory()
    article = newsroom.draft()
    newsroom.approve(article)
    workflow.publish(article, by=publisher, at=NOW)
    publisher.groups.remove(Group.objects.get(name=policy.PUBLISHERS))

    [outcome] = scheduled_steps(worker.run_pass(now=NOW))

    assert not outcome.ok
    assert "no longer holds the publish permission" in str(outcome)
    assert not Article.objects.get(pk=article.pk).is_live
    assert DueWorkFailure.objects.get(article=article).kind == DueWorkFailure.Kind.PUBLISH


def test_the_worker_refuses_when_the_scheduler_is_no_longer_active(newsroom):
    publisher = PublisherFactory()
    article = newsroom.publish()
    workflow.unpublish(article, by=publisher, reason="Outdated.", at=NOW)
    publisher.is_active = False
    publisher.save()

    [outcome] = scheduled_steps(worker.run_pass(now=NOW))

    assert not outcome.ok and "account is inactive" in str(outcome)
    assert Article.objects.get(pk=article.pk).is_live


def test_a_pass_records_a_heartbeat(db):
    worker.run_pass(now=NOW, name="host-a:1")
    worker.run_pass(now=NOW + timedelta(seconds=30), name="host-a:1")

    beat = WorkerHeartbeat.objects.get(name="host-a:1")
    assert (beat.passes, beat.last_beat_at) == (2, NOW + timedelta(seconds=30))


@override_settings(VETTED_WORKER_STALE_SECONDS=300, VETTED_WORKER_OVERDUE_SECONDS=120)
def test_alerts_when_no_worker_ran_for_five_minutes_or_an_item_is_overdue(newsroom):
    assert "No worker has run on this site" in worker_alerts(now=NOW)[0]

    worker.beat(name="host-a:1", now=NOW)
    assert worker_alerts(now=NOW + timedelta(minutes=5)) == []
    assert "No worker has finished a pass since" in worker_alerts(now=NOW + timedelta(minutes=6))[0]

    going_live = timezone.now() + timedelta(hours=1)
    article = scheduled(newsroom, going_live)
    worker.beat(name="host-a:1", now=going_live + timedelta(minutes=2))
    assert worker_alerts(now=going_live + timedelta(minutes=2)) == []
    assert worker_alerts(now=going_live + timedelta(minutes=2, seconds=1)) == [
        f"The scheduled publication of “{article.title}” is overdue "
        f"(due {timezone.localtime(going_live):%Y-%m-%d %H:%M} (UTC))."
    ]


def test_the_dashboard_shows_the_warning_in_red(newsroom):
    client = Client()
    client.force_login(newsroom.writer)
    dashboard = client.get("/admin/").content.decode()
    assert '<div class="worker-alert" role="alert">' in dashboard and "No worker has run" in dashboard
    assert "admin/vetted/css/editorial.css" in dashboard

    worker.beat(name="host-a:1", now=timezone.now())
    assert "worker-alert" not in client.get("/admin/").content.decode()

    WorkerHeartbeat.objects.update(last_beat_at=timezone.now() - timedelta(minutes=6))
    assert "No worker has finished a pass since" in client.get("/admin/").content.decode()


def test_the_worker_command_once_prints_what_it_did(newsroom, capsys, monkeypatch):
    article = scheduled(newsroom, NOW)
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    call_command("worker", "--once")
    assert f"Published “{article.title}”" in capsys.readouterr().out
    assert Article.objects.get(pk=article.pk).is_live
    assert WorkerHeartbeat.objects.count() == 1
