"""``manage.py generate_articles``: benchmark content made through the real workflow."""

import pytest
from django.core.management import call_command

from articles.actions import workflow
from articles.models import Article, WorkflowEvent

pytestmark = pytest.mark.django_db


def _generate(count):
    call_command("generate_articles", "--count", str(count), stdout=open("/dev/null", "w"))


def test_generated_articles_are_published_through_review_by_someone_other_than_the_writer():
    _generate(2)

    live = list(Article.objects.published())
    assert len(live) == 2
    for article in live:
        revision = article.live_revision
        assert len(revision.sections) == 5
        assert revision.decision.decided_by_id not in revision.author_ids
        assert revision.claim_flags.exists()
        assert all(flag.is_resolved for flag in revision.claim_flags.with_resolution())
        actions = set(WorkflowEvent.objects.filter(article=article).values_list("action", flat=True))
        assert {"submitted", "claim_resolved", "approved", "published"} <= actions


def test_count_tops_up_to_n_and_an_interrupted_run_resumes(monkeypatch):
    _generate(1)
    real_publish = workflow.publish
    calls = []

    def publish_then_fail(article, **kwargs):
        calls.append(article)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_publish(article, **kwargs)

    monkeypatch.setattr(workflow, "publish", publish_then_fail)
    with pytest.raises(KeyboardInterrupt):
        _generate(3)
    assert Article.objects.count() == 3
    assert Article.objects.published().count() == 2
    monkeypatch.setattr(workflow, "publish", real_publish)

    _generate(3)

    assert Article.objects.count() == 3
    assert Article.objects.published().count() == 3
    assert sorted(Article.objects.values_list("slug", flat=True)) == sorted(
        ["sleep-guide-1", "hydration-guide-2", "walking-guide-3"]
    )
    _generate(2)
    assert Article.objects.count() == 3

