"""
An article's editorial state has two forms: Python (``ArticleRevision.state``
of its latest revision, for the status panel) and SQL
(``Article.objects.with_editorial_state()``, for the changelist and its
filters). This proves they agree on every case the workflow can produce.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import actions
from articles.models import Article, RevisionState

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _edit(article, by):
    article.refresh_from_db()
    article.conclusion = f"{article.conclusion} Updated."
    actions.save_working_copy(article, by=by, expected_version=article.edit_version)


def _scenarios(writer, reviewer, publisher):
    def submitted():
        article = ArticleFactory(authors=[writer])
        return article, actions.submit_for_review(article, by=writer)

    def approved():
        article, revision = submitted()
        actions.approve(revision, by=reviewer)
        return article, revision

    def live():
        article, revision = approved()
        actions.publish(article, by=publisher)
        return article, revision

    def live_with_update(step):
        article, _ = live()
        _edit(article, writer)
        update = actions.submit_for_review(article, by=writer)
        step(article, update)
        return article

    later = timezone.now() + timedelta(days=3)
    return {
        "draft": ArticleFactory(authors=[writer]),
        "in review": submitted()[0],
        "changes requested": (lambda a, r: (actions.request_changes(r, by=reviewer, note="Cite."), a)[1])(*submitted()),
        "withdrawn": (lambda a, r: (actions.withdraw(r, by=writer), a)[1])(*submitted()),
        "approved": approved()[0],
        "scheduled": (lambda a, r: (actions.publish(a, by=publisher, at=later), a)[1])(*approved()),
        "live": live()[0],
        "unpublished": (lambda a, r: (actions.unpublish(a, by=publisher, reason="Outdated"), a)[1])(*live()),
        "live, update in review": live_with_update(lambda a, r: None),
        "live, update sent back": live_with_update(lambda a, r: actions.request_changes(r, by=reviewer, note="No.")),
        "live, update withdrawn": live_with_update(lambda a, r: actions.withdraw(r, by=writer)),
        "live, update approved": live_with_update(lambda a, r: actions.approve(r, by=reviewer)),
        "live, update scheduled": live_with_update(
            lambda a, r: (actions.approve(r, by=reviewer), actions.publish(a, by=publisher, at=later))
        ),
    }


#: Where the article-level SQL form deliberately differs from the latest revision's
#: state: a withdrawn update leaves a live article live.
_ARTICLE_LEVEL = {("live, update withdrawn", RevisionState.WITHDRAWN): RevisionState.LIVE}


def test_python_and_sql_states_agree_on_every_case(writer, reviewer, publisher):
    scenarios = _scenarios(writer, reviewer, publisher)
    annotated = {a.pk: a.editorial_state for a in Article.objects.with_editorial_state()}

    seen = set()
    for name, article in scenarios.items():
        article = Article.objects.get(pk=article.pk)
        latest = article.revisions.order_by("-number").first()
        python_state = latest.state if latest else RevisionState.DRAFT
        expected = _ARTICLE_LEVEL.get((name, python_state), python_state)
        assert annotated[article.pk] == expected, name
        seen.add(annotated[article.pk])

    assert seen == {state.value for state in RevisionState} - {RevisionState.UNPUBLISHED}
