"""Review expiry per topic: intervals, the review-due list and the optional auto-unpublish."""

from datetime import timedelta

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from articles import worker
from articles.domain.review_expiry import review_due
from articles.models import Article, Topic

from .factories import TopicFactory


def test_the_seeded_kratom_topic_is_reviewed_every_180_days(db):
    assert Topic.objects.get(slug="kratom").review_interval_days == 180


@override_settings(VETTED_REVIEW_INTERVAL_DAYS=730, VETTED_REVIEW_DUE_SOON_DAYS=0)
def test_a_topic_interval_shortens_the_review_cycle_and_the_list_is_soonest_first(newsroom):
    fast = TopicFactory(slug="fast", name="Fast", review_interval_days=30)
    faster = TopicFactory(slug="faster", name="Faster", review_interval_days=10)
    plain = newsroom.publish(title="Plain")
    monthly = newsroom.draft(title="Monthly")
    monthly.topics.add(fast)
    newsroom.publish(monthly)
    ten_days = newsroom.draft(title="Ten days")
    ten_days.topics.add(faster, fast)
    newsroom.publish(ten_days)
    now = timezone.now()

    assert review_due(now=now + timedelta(days=9)) == []
    assert [item.article.pk for item in review_due(now=now + timedelta(days=31))] == [ten_days.pk, monthly.pk]
    assert set(Article.objects.review_due(now=now + timedelta(days=31))) == {ten_days, monthly}
    assert plain not in Article.objects.review_due(now=now + timedelta(days=729))


def test_pages_whose_disclaimers_changed_are_due_now(newsroom):
    article = newsroom.publish()
    newsroom.set_disclaimer("not_medical_advice", body="New wording of the general notice.")
    due = review_due()
    assert [item.article.pk for item in due] == [article.pk]
    assert "has changed since this page was approved" in " ".join(due[0].reasons)


@override_settings(VETTED_REVIEW_INTERVAL_DAYS=1)
def test_the_review_due_command_lists_overdue_pages(newsroom, capsys, monkeypatch):
    article = newsroom.publish()
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("review_due")
    out = capsys.readouterr().out
    assert "OVERDUE" in out and article.live_revision.title in out


@override_settings(VETTED_REVIEW_INTERVAL_DAYS=10)
def test_auto_unpublish_is_off_by_default_and_takes_lapsed_pages_down_when_on(newsroom):
    article = newsroom.publish()
    later = timezone.now() + timedelta(days=20)

    worker.run_pass(now=later)
    assert Article.objects.get(pk=article.pk).is_live

    with override_settings(VETTED_REVIEW_GRACE_DAYS=5):
        worker.run_pass(now=later - timedelta(days=6))
        assert Article.objects.get(pk=article.pk).is_live
        worker.run_pass(now=later)
    assert not Article.objects.get(pk=article.pk).is_live
