"""
The editorial workflow in a real browser (Chromium through Playwright,
against the live server): writer, medical reviewer, publisher, reader.
"""

import pytest
from playwright.sync_api import expect

from articles import actions
from articles.models import Article

from .factories import (
    ArticleFactory,
    PublisherFactory,
    ReviewerFactory,
    ReviewerProfileFactory,
    UserFactory,
    WriterFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIRST_DRAFT = "Plan two rest days each week so you can train well again."
REWRITE = "Most people feel ready to train again after a day or two."


def log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_be_visible()


def test_writer_reviewer_publisher_and_reader(live_server, page):
    writer = WriterFactory(first_name="Sam", last_name="Okafor")
    reviewer = ReviewerFactory(first_name="Priya", last_name="Raman")
    publisher = PublisherFactory()

    # The writer creates an article with two sections and submits it.
    log_in(page, live_server, writer)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_title").fill("Resting after a hard workout")
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value("resting-after-a-hard-workout")
    page.locator("#id_sections-0-heading").fill("Why rest days matter")
    page.locator("#id_sections-0-body").fill(f"**Rest** matters. {FIRST_DRAFT}")
    expect(page.locator("#sections-0 .markdownx-preview strong")).to_have_text("Rest")
    page.get_by_role("button", name="Add another Section").click()
    page.locator("#id_sections-1-heading").fill("Staying hydrated")
    page.locator("#id_sections-1-body").fill("Drink water during long sessions and eat a balanced meal afterwards.")
    expect(page.locator("#sections-1 .markdownx-preview")).to_contain_text("Drink water")
    expect(page.locator("#id_sections-1-order")).to_have_value("2")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("is in the review queue")
    expect(page.locator("#result_list")).to_contain_text("Resting after a hard workout")
    expect(page.locator("#result_list")).to_contain_text("In review")
    article = Article.objects.get(slug="resting-after-a-hard-workout")
    assert list(article.sections.values_list("position", "heading")) == [
        (1, "Why rest days matter"),
        (2, "Staying hydrated"),
    ]

    # The reviewer finds it in the queue and requests changes with a note.
    log_in(page, live_server, reviewer)
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name="Resting after a hard workout").click()
    expect(page.locator("#reviewer-profile")).to_contain_text("Priya Raman, PharmD")
    expect(page.locator("#changes")).to_contain_text("New article")
    page.get_by_label("Note to the writers").fill("Say how many rest days beginners need.")
    page.once("dialog", lambda dialog: dialog.accept())  # sending it back is confirmed
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".messagelist")).to_contain_text("back to its writers")

    # The writer sees the note, edits and resubmits.
    log_in(page, live_server, writer)
    page.get_by_role("link", name="My articles", exact=True).click()
    page.get_by_role("link", name="Resting after a hard workout").click()
    expect(page.locator("#article-status [data-state]")).to_have_text("Changes requested")
    expect(page.locator("#reviewer-note")).to_contain_text("Say how many rest days beginners need.")
    page.locator("#id_sections-0-body").fill(f"{FIRST_DRAFT} {REWRITE}")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("revision 2")

    # The reviewer sees what changed and approves.
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/articles/articlerevision/queue/")
    page.get_by_role("link", name="Resting after a hard workout").click()
    # By default against the revision this reviewer sent back, not "new article".
    expect(page.locator("#compared-with")).to_contain_text("revision 1 (changes requested): the revision you last reviewed")
    expect(page.locator("#section-1 ins")).to_have_text(" Most people feel ready to train again after a day or two.")
    expect(page.locator("#section-2")).to_have_attribute("data-section-status", "unchanged")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Approved revision 2")

    # The publisher publishes.
    log_in(page, live_server, publisher)
    page.get_by_role("link", name="Approved, ready to publish").click()
    page.get_by_role("link", name="Resting after a hard workout").click()
    page.get_by_role("button", name="Publish revision 2 now").click()
    expect(page.locator(".messagelist")).to_contain_text("is live")

    # An anonymous reader sees the approved text.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/articles/resting-after-a-hard-workout/")
    expect(page.locator("h1")).to_have_text("Resting after a hard workout")
    expect(page.locator("main")).to_contain_text(REWRITE)
    expect(page.locator("main")).to_contain_text("Priya Raman")


def test_the_author_with_reviewer_rights_gets_no_approve_button(live_server, page):
    author = UserFactory(groups=["Writers", "Medical reviewers"])
    ReviewerProfileFactory(user=author)
    article = ArticleFactory(authors=[author], title="My own article")
    actions.submit_for_review(article, by=author)

    log_in(page, live_server, author)
    page.goto(f"{live_server.url}/admin/articles/articlerevision/queue/")
    expect(page.locator("#review-queue")).to_contain_text("yours: another reviewer must review it")
    page.get_by_role("link", name="My own article").click()

    expect(page.locator("#decision")).to_contain_text("You wrote this revision, so you cannot review it.")
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Request changes")).to_have_count(0)


def test_sections_are_reordered_with_the_move_buttons(live_server, page):
    writer = WriterFactory()
    article = ArticleFactory(authors=[writer])
    first, second = article.sections.order_by("position")

    log_in(page, live_server, writer)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("#sections-1").get_by_role("button", name="Move up").click()
    expect(page.locator("#id_sections-1-order")).to_have_value("1")
    expect(page.locator("#id_sections-0-order")).to_have_value("2")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    assert list(article.sections.order_by("position").values_list("heading", flat=True)) == [
        second.heading,
        first.heading,
    ]
