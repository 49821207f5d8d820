"""``manage.py generate_articles``: benchmark content made through the real workflow."""

import pytest
from django.core.management import call_command

from articles.models import Article, WorkflowEvent

pytestmark = pytest.mark.django_db


def test_generated_articles_are_published_through_review_by_someone_other_than_the_writer():
    call_command("generate_articles", "--count", "2", stdout=open("/dev/null", "w"))

    live = list(Article.objects.published())
    assert len(live) == 2
    for article in live:
        revision = article.live_revision
        assert len(revision.sections) == 5
        assert revision.decision.decided_by_id not in revision.author_ids
        actions = set(WorkflowEvent.objects.filter(article=article).values_list("action", flat=True))
        assert {"submitted", "approved", "published"} <= actions
