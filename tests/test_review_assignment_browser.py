"""
Claiming a review from the queue in Chromium: a reviewer claims the revision,
finds it under "Mine", and releases it; a publisher assigns it with a due date
from the review page, choosing from reviewers of the topic's specialty first.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import actions
from articles.models import ReviewAssignment, Topic, WorkflowEvent

from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, WriterFactory
from .test_editorial_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def waiting(db):
    writer = WriterFactory(first_name="Sam", last_name="Okafor")
    article = ArticleFactory(authors=[writer], title="Kratom and the liver")
    article.topics.set([Topic.objects.get(slug="kratom")])
    return actions.submit_for_review(article, by=writer)


def test_a_reviewer_claims_from_the_queue_and_releases(live_server, page, waiting):
    reviewer = ReviewerFactory(first_name="Priya", last_name="Raman")
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/articles/articlerevision/queue/")
    row = page.locator(f'tr[data-revision="{waiting.pk}"]')
    expect(row.locator(".vetted-assignee")).to_contain_text("Nobody")
    expect(row).to_contain_text("your specialty")

    row.get_by_role("button", name="Claim").click()

    expect(page.locator(".messagelist")).to_contain_text("You hold the review of revision 1 of “Kratom and the liver”.")
    expect(page.locator(f'tr[data-revision="{waiting.pk}"] .vetted-assignee')).to_contain_text("You (claimed)")
    page.get_by_role("link", name="Mine").click()
    mine = page.locator(f'tr[data-revision="{waiting.pk}"]')
    expect(mine).to_be_visible()
    page.get_by_role("link", name="Unassigned").click()
    expect(page.locator(f'tr[data-revision="{waiting.pk}"]')).to_have_count(0)
    page.get_by_role("link", name="Mine").click()
    page.locator(f'tr[data-revision="{waiting.pk}"]').get_by_role("button", name="Release").click()

    expect(page.locator(".messagelist")).to_contain_text("Released the review")
    assert not ReviewAssignment.objects.exists()
    assert list(WorkflowEvent.objects.filter(revision=waiting).values_list("action", flat=True).order_by("pk")) == [
        "submitted", "review_claimed", "review_released"
    ]


def test_a_publisher_assigns_from_the_review_page_specialists_first(live_server, page, waiting):
    ReviewerFactory(first_name="Aaron", last_name="Able", profile__specialty="Sports medicine")
    toxicologist = ReviewerFactory(first_name="Tess", last_name="Tox", profile__specialty="Toxicology")
    publisher = PublisherFactory()
    due = timezone.now().date() + timedelta(days=4)
    log_in(page, live_server, publisher)
    page.goto(f"{live_server.url}/admin/articles/articlerevision/{waiting.pk}/review/#assignment")

    options = page.get_by_label("Assign to").locator("option").all_inner_texts()
    assert options[1].startswith("Tess Tox, PharmD (Toxicology) · matches")
    page.get_by_label("Assign to").select_option(label=options[1])
    page.get_by_label("Due on").fill(due.isoformat())
    page.get_by_role("button", name="Assign", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("Assigned the review of “Kratom and the liver” to Tess Tox.")
    assignment = ReviewAssignment.objects.get()
    assert (assignment.assignee, assignment.due_on) == (toxicologist, due)
