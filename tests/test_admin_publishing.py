"""Publishers in the admin: publish now, schedule, unpublish, bulk actions, history and comparisons."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import actions
from articles.models import Article, WorkflowEvent

from .admin_helpers import change_url, logged_in, messages_of
from .factories import ArticleFactory, ReviewerFactory, WriterFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def approved_article(writer, reviewer, **kwargs):
    article = ArticleFactory(authors=[writer], **kwargs)
    actions.approve(actions.submit_for_review(article, by=writer), by=reviewer)
    return article


def url(name, article):
    return reverse(f"admin:articles_article_{name}", args=[article.pk])


def test_publish_now_button_makes_the_approved_revision_live(article, approved_revision, publisher):
    client = logged_in(publisher)
    assert "Publish revision 1 now" in client.get(change_url(article)).content.decode()

    response = client.post(url("publish", article))

    assert response.status_code == 302 and response["Location"] == change_url(article)
    article.refresh_from_db()
    assert article.live_revision == approved_revision
    assert any("is live" in m for m in messages_of(response))


def test_schedule_button_sets_the_go_live_time(article, approved_revision, publisher):
    when = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)

    response = logged_in(publisher).post(
        url("schedule", article), {"go_live_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.scheduled_revision, article.go_live_at, article.live_revision) == (approved_revision, when, None)
    assert any("will go live at" in m for m in messages_of(response))


def test_scheduling_in_the_past_is_refused_with_a_clear_message(article, approved_revision, publisher):
    response = logged_in(publisher).post(url("schedule", article), {"go_live_at": "2001-01-01T09:00"})

    assert any("Choose a time in the future" in m for m in messages_of(response))
    article.refresh_from_db()
    assert article.scheduled_revision is None and article.live_revision is None


def test_unpublish_needs_a_reason_and_keeps_the_history(live_article, publisher):
    client = logged_in(publisher)

    refused = client.post(url("unpublish", live_article), {"reason": ""})
    assert any("Give a reason" in m for m in messages_of(refused))
    assert Article.objects.get(pk=live_article.pk).live_revision is not None

    response = client.post(url("unpublish", live_article), {"reason": "Guidance changed"})

    live_article.refresh_from_db()
    assert live_article.live_revision is None
    assert WorkflowEvent.objects.get(article=live_article, action="unpublished").note == "Guidance changed"
    assert any("taken off the site" in m for m in messages_of(response))


def test_publishing_an_article_without_an_approved_revision_is_refused_with_the_reason(article, writer, publisher):
    actions.submit_for_review(article, by=writer)

    response = logged_in(publisher).post(url("publish", article))

    assert any("has no approved revision" in m for m in messages_of(response))
    assert Article.objects.get(pk=article.pk).live_revision is None


def test_writer_withdraws_a_revision_from_review(article, writer):
    revision = actions.submit_for_review(article, by=writer)

    response = logged_in(writer).post(url("withdraw", article))

    assert any("withdrawn from review" in m for m in messages_of(response))
    assert revision.decision.outcome == "withdrawn"


# Bulk actions ----------------------------------------------------------------


def test_bulk_publish_reports_success_or_refusal_per_article(writer, reviewer, publisher):
    ready = approved_article(writer, reviewer, title="Ready one")
    also_ready = approved_article(writer, reviewer, title="Also ready")
    unreviewed = ArticleFactory(authors=[writer], title="Never reviewed")

    client = logged_in(publisher)
    selection = {"action": "publish_selected", "_selected_action": [ready.pk, also_ready.pk, unreviewed.pk]}

    confirmation = client.post(CHANGELIST, selection)
    page = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "Revision 1 goes live: the article appears on the site for the first time." in page
    assert "Nothing will happen: it has no approved revision waiting to be published." in page
    assert not Article.objects.filter(live_revision__isnull=False).exists()

    response = client.post(CHANGELIST, {**selection, "apply": "1"})

    assert response.status_code == 302
    reported = messages_of(response)
    assert "“Ready one”: revision 1 is live." in reported
    assert "“Also ready”: revision 1 is live." in reported
    assert any(m.startswith("“Never reviewed”: not done.") and "no approved revision" in m for m in reported)
    assert set(Article.objects.filter(live_revision__isnull=False)) == {ready, also_ready}


def test_bulk_unpublish_asks_for_a_reason_then_reports_per_article(writer, reviewer, publisher):
    live = approved_article(writer, reviewer, title="Live one")
    actions.publish(live, by=publisher)
    draft = ArticleFactory(authors=[writer], title="A draft")
    client = logged_in(publisher)
    selection = {"action": "unpublish_selected", "_selected_action": [live.pk, draft.pk]}

    form = client.post(CHANGELIST, selection)
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()
    assert Article.objects.get(pk=live.pk).live_revision is not None

    response = client.post(CHANGELIST, {**selection, "apply": "1", "reason": "Outdated guidance"})

    reported = messages_of(response)
    assert "“Live one” was taken off the site." in reported
    assert any(m.startswith("“A draft”: not done.") for m in reported)
    assert Article.objects.get(pk=live.pk).live_revision is None


def test_bulk_unpublish_without_a_reason_unpublishes_nothing(writer, reviewer, publisher):
    live = approved_article(writer, reviewer)
    actions.publish(live, by=publisher)

    response = logged_in(publisher).post(
        CHANGELIST, {"action": "unpublish_selected", "_selected_action": [live.pk], "apply": "1", "reason": ""}
    )

    assert any("Give a reason" in m for m in messages_of(response))
    assert Article.objects.get(pk=live.pk).live_revision is not None


def test_bulk_schedule_asks_for_a_time_then_schedules_each(writer, reviewer, publisher):
    first = approved_article(writer, reviewer, title="First")
    second = approved_article(writer, reviewer, title="Second")
    when = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    selection = {"action": "schedule_selected", "_selected_action": [first.pk, second.pk]}
    client = logged_in(publisher)

    assert client.post(CHANGELIST, selection).status_code == 200
    response = client.post(
        CHANGELIST,
        {**selection, "apply": "1", "go_live_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")},
    )

    assert response.status_code == 302
    assert list(Article.objects.filter(go_live_at=when).order_by("title")) == [first, second]
    assert len([m for m in messages_of(response) if "will go live at" in m]) == 2


def test_bulk_submit_for_writers(writer):
    one, two = ArticleFactory(authors=[writer]), ArticleFactory(authors=[writer])
    actions.submit_for_review(two, by=writer)

    response = logged_in(writer).post(
        CHANGELIST, {"action": "submit_selected", "_selected_action": [one.pk, two.pk]}
    )

    reported = messages_of(response)
    assert any("revision 1 submitted for review" in m for m in reported)
    assert any("already in review" in m for m in reported)
    assert one.revisions.count() == 1 and two.revisions.count() == 1


# History and comparisons -------------------------------------------------------


def test_history_lists_the_workflow_log_newest_first_with_revision_links(live_article, publisher):
    response = logged_in(publisher).get(url("history", live_article))

    html = response.content.decode()
    actions = [event.action for event in response.context["events"]]
    assert actions == ["published", "approved", "submitted"]
    revision = live_article.live_revision
    assert reverse("admin:articles_articlerevision_review", args=[revision.pk]) in html
    assert "Accurate and well sourced." in html


def test_compare_any_two_revisions(live_article, writer, reviewer):
    live_article.title = f"{live_article.title} for runners"
    live_article.save()
    second = actions.submit_for_review(live_article, by=writer)
    first = live_article.live_revision

    response = logged_in(reviewer).get(url("compare", live_article), {"old": first.pk, "new": second.pk})

    diff = response.context["diff"]
    assert [text.name for text in diff.changed_texts] == ["title"]
    assert "<ins> for runners</ins>" in response.content.decode()


def test_compare_refuses_a_revision_of_another_article(live_article, writer, reviewer):
    other = approved_article(WriterFactory(), ReviewerFactory())

    response = logged_in(reviewer).get(
        url("compare", live_article), {"old": other.revisions.get().pk, "new": live_article.live_revision_id}
    )

    assert response.context["diff"] is None
    assert "Choose two revisions of this article." in response.content.decode()
