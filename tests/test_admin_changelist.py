"""The articles changelist: columns, filters, search, and a query count that does not grow with rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from articles import actions
from articles.actions import save_disclaimer
from articles.models import Article, Disclaimer

from .admin_helpers import logged_in
from .factories import ArticleFactory, PublisherFactory, SectionFactory, TopicFactory, WriterFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def listed(client, query=""):
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return {article.title for article in response.context["cl"].result_list}


@pytest.fixture
def articles_in_every_state(writer, reviewer, publisher):
    def make(title, *steps):
        article = ArticleFactory(authors=[writer], title=title)
        for step in steps:
            step(article)
        return article

    def submit(article):
        actions.submit_for_review(article, by=writer)

    def approve(article):
        actions.approve(article.revisions.in_review().get(), by=reviewer)

    def request_changes(article):
        actions.request_changes(article.revisions.in_review().get(), by=reviewer, note="Sources?")

    def publish(article):
        actions.publish(article, by=publisher)

    def schedule(article):
        actions.publish(article, by=publisher, at=timezone.now() + timedelta(days=1))

    def withdraw(article):
        actions.withdraw(article.revisions.in_review().get(), by=writer)

    def edit_and_submit(article):
        article.title = article.title + " (updated)"
        article.save()
        submit(article)

    return {
        "draft": make("Draft"),
        "in_review": make("In review", submit),
        "changes_requested": make("Changes requested", submit, request_changes),
        "withdrawn": make("Withdrawn", submit, withdraw),
        "approved": make("Approved", submit, approve),
        "scheduled": make("Scheduled", submit, approve, schedule),
        "live": make("Live", submit, approve, publish),
        "live_update_in_review": make("Live update", submit, approve, publish, edit_and_submit),
    }


def test_state_filter_and_column(articles_in_every_state, writer):
    client = logged_in(writer)

    assert listed(client, "?state=draft") == {"Draft"}
    assert listed(client, "?state=in_review") == {"In review", "Live update (updated)"}
    assert listed(client, "?state=changes_requested") == {"Changes requested"}
    assert listed(client, "?state=withdrawn") == {"Withdrawn"}
    assert listed(client, "?state=approved") == {"Approved"}
    assert listed(client, "?state=scheduled") == {"Scheduled"}
    assert listed(client, "?state=live") == {"Live"}
    html = client.get(CHANGELIST).content.decode()
    assert '<span class="vetted-state vetted-state-changes_requested">Changes requested</span>' in html


def test_live_filter_and_live_revision_column(articles_in_every_state, writer):
    client = logged_in(writer)

    assert listed(client, "?live=yes") == {"Live", "Live update (updated)"}
    assert "Draft" in listed(client, "?live=no")
    assert "Revision 1" in client.get(CHANGELIST + "?live=yes").content.decode()


def test_topic_and_author_filters(writer):
    sleep = TopicFactory(name="Sleep", slug="sleep")
    other_writer = WriterFactory()
    on_sleep = ArticleFactory(authors=[writer], title="On sleep")
    on_sleep.topics.add(sleep)
    ArticleFactory(authors=[other_writer], title="By someone else")
    client = logged_in(writer)

    assert listed(client, f"?topics__id__exact={sleep.pk}") == {"On sleep"}
    assert listed(client, f"?author={other_writer.pk}") == {"By someone else"}


@override_settings(VETTED_REVIEW_INTERVAL_DAYS=365)
def test_review_falls_due_once_the_interval_since_approval_has_passed(live_article, writer, reviewer):
    approved_unpublished = ArticleFactory(authors=[writer])
    actions.approve(actions.submit_for_review(approved_unpublished, by=writer), by=reviewer)
    approved_at = live_article.live_revision.decision.decided_at

    assert list(Article.objects.review_due(now=approved_at + timedelta(days=364))) == []
    assert list(Article.objects.review_due(now=approved_at + timedelta(days=366))) == [live_article]


@override_settings(VETTED_REVIEW_INTERVAL_DAYS=0)
def test_review_due_filter_and_status_panel(live_article, writer, reviewer, publisher):
    not_live = ArticleFactory(authors=[writer], title="Approved, never published")
    actions.approve(actions.submit_for_review(not_live, by=writer), by=reviewer)
    client = logged_in(publisher)

    assert listed(client, "?review_due=yes") == {live_article.title}
    page = client.get(f"/admin/articles/article/{live_article.pk}/change/")
    assert page.context["status"].review_due
    assert "A medical reviewer can re-certify it as still accurate" in page.content.decode()


def test_search_by_title_and_by_text_in_sections(writer):
    ArticleFactory(authors=[writer], title="Magnesium and cramps")
    hidden = ArticleFactory(authors=[writer], title="Night-time muscle pain", sections=0)
    SectionFactory(article=hidden, position=1, heading="Causes", body="Low electrolytes are one cause.")
    SectionFactory(article=hidden, position=2, heading="More", body="Electrolytes again.")
    client = logged_in(writer)

    assert listed(client, "?q=magnesium") == {"Magnesium and cramps"}
    assert listed(client, "?q=electrolytes") == {"Night-time muscle pain"}
    assert len(client.get(CHANGELIST + "?q=electrolytes").context["cl"].result_list) == 1


def test_changelist_query_count_does_not_grow_with_rows(writer, reviewer, publisher):
    topic = TopicFactory()
    client = logged_in(publisher)

    def add_live_articles(count):
        for _ in range(count):
            article = ArticleFactory(authors=[writer, WriterFactory()])
            article.topics.add(topic)
            actions.approve(actions.submit_for_review(article, by=writer), by=reviewer)
            actions.publish(article, by=publisher)

    add_live_articles(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHANGELIST).status_code == 200
    add_live_articles(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == 10
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_publishers_see_publish_actions_and_writers_do_not(writer):
    publisher = PublisherFactory()

    writer_actions = logged_in(writer).get(CHANGELIST).context["action_form"].fields["action"].choices
    publisher_actions = logged_in(publisher).get(CHANGELIST).context["action_form"].fields["action"].choices

    assert {name for name, _ in writer_actions} >= {"submit_selected"}
    assert not {"publish_selected", "schedule_selected", "unpublish_selected"} & {n for n, _ in writer_actions}
    assert {"publish_selected", "schedule_selected", "unpublish_selected"} <= {n for n, _ in publisher_actions}
    assert "submit_selected" not in {n for n, _ in publisher_actions}


def test_live_articles_whose_disclaimers_changed_are_listed_and_explained(live_article, publisher):
    save_disclaimer(Disclaimer.objects.get(key="emergency"), by=publisher, body="Call 911 now.")
    client = logged_in(publisher)

    assert listed(client, "?review_due=disclaimers") == {live_article.title}
    page = client.get(f"/admin/articles/article/{live_article.pk}/change/").content.decode()
    assert "Out of date on the live page:" in page and "has changed since this page was approved" in page
    dashboard = client.get("/admin/").content.decode()
    assert "?review_due=disclaimers" in dashboard


def test_front_page_shows_each_role_its_work(article, writer, reviewer, publisher):
    actions.submit_for_review(article, by=writer)

    def your_work(user):
        html = logged_in(user).get("/admin/").content.decode()
        return html[html.index('id="your-work"'):html.index("</table>", html.index('id="your-work"'))]

    assert "My articles" in your_work(writer) and "Review queue" not in your_work(writer)
    reviewer_panel = your_work(reviewer)
    assert "Review queue" in reviewer_panel and "<td>1</td>" in reviewer_panel
    assert "My articles" not in reviewer_panel
    publisher_panel = your_work(publisher)
    assert "Approved, ready to publish" in publisher_panel and "Review queue" not in publisher_panel
