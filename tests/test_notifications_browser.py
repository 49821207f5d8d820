"""
Workflow email in a real browser: a writer submits a kratom article; the two
reviewers each receive an email, open its link and approve (the kratom
policy needs both, one in pharmacology); the publisher publishes; the page
names both reviewers. The worker runs one pass at a time, as
``manage.py worker --once`` does.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from articles import actions, worker
from articles.models import Topic

from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, WriterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_be_visible()


def link_in_email_to(user, subject_start):
    [message] = [m for m in mail.outbox if m.to == [user.email] and m.subject.startswith(subject_start)]
    return re.search(r"Open the review page: (\S+)", message.body).group(1)


def test_two_reviewers_are_emailed_follow_the_link_and_approve_a_kratom_article(live_server, page, settings):
    settings.VETTED_SITE_URL = live_server.url
    writer = WriterFactory(first_name="Sam", last_name="Okafor")
    pharmacologist = ReviewerFactory(
        first_name="Priya", last_name="Raman", profile__credentials="PharmD", profile__specialty="Clinical pharmacology"
    )
    physician = ReviewerFactory(
        first_name="Daniel", last_name="Cho", profile__credentials="MD", profile__specialty="Family medicine"
    )
    publisher = PublisherFactory()
    article = ArticleFactory(authors=[writer], title="Kratom and sleep", slug="kratom-and-sleep")
    article.topics.add(Topic.objects.get(slug="kratom"))

    log_in(page, live_server, writer)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("is in the review queue")
    assert mail.outbox == []
    revision = article.revisions.get()
    for flag in revision.claim_flags.unresolved():
        actions.resolve_claim(
            flag, by=pharmacologist, reason="Accurate as written.",
            reference_number=1 if flag.needs_reference else None,
        )

    worker.run_pass()

    for reviewer in (physician, pharmacologist):
        link = link_in_email_to(reviewer, "Review needed:")
        assert link.startswith(live_server.url)
        log_in(page, live_server, reviewer)
        page.goto(link)
        page.get_by_role("button", name="Approve", exact=True).click()
        expect(page.locator(".messagelist")).to_be_visible()
    revision.refresh_from_db()
    assert revision.decision.outcome == "approved"

    worker.run_pass()
    assert any(m.to == [writer.email] and m.subject.startswith("Approved:") for m in mail.outbox)

    log_in(page, live_server, publisher)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("button", name="Publish revision 1 now").click()
    expect(page.locator(".messagelist")).to_contain_text("is live")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/articles/kratom-and-sleep/")
    expect(page.locator("main")).to_contain_text("Priya Raman")
    expect(page.locator("main")).to_contain_text("Daniel Cho")
