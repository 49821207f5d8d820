"""
The editors' desk and the readers' pages as a newcomer meets them in
Chromium: layouts that fit at 1280 px and 390 px, no accessibility
blockers, refusals that explain themselves, read-only pages without junk.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles import actions
from articles.models import Reference

from .factories import PublisherFactory, ReviewerFactory, UserFactory, WriterFactory
from .live_content import Newsroom
from .test_editorial_browser import log_in
from .test_public_browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LONG_URL = "https://example.org/" + "very-long-path-segment/" * 6


@pytest.fixture
def desk(db):
    newsroom = Newsroom(
        writer=WriterFactory(first_name="Sam", last_name="Okafor"),
        reviewer=ReviewerFactory(first_name="Priya", last_name="Raman"),
        publisher=PublisherFactory(),
    )
    live = newsroom.draft(title="Sleep after a hard workout", slug="sleep-after-a-hard-workout")
    Reference.objects.create(
        article=live, position=1, title="Sleep and muscle recovery: a systematic review of trials",
        url=LONG_URL, doi="10.1000/very.long.doi.identifier.2024.12345", pmid="12345678",
    )
    newsroom.publish(live)
    draft = newsroom.draft(title="Creatine for older adults", slug="creatine-older-adults")
    draft.sections.filter(position=1).update(body="Creatine is completely safe for everyone and cures fatigue.")
    Reference.objects.create(article=draft, position=1, title="Creatine review", url=LONG_URL, doi="10.1000/x", pmid="1")
    in_review = actions.submit_for_review(draft, by=newsroom.writer)
    return {"newsroom": newsroom, "live": live, "draft": draft, "in_review": in_review}


def _pages(live_server, desk):
    base = live_server.url
    return {
        "change page": f"{base}/admin/articles/article/{desk['draft'].pk}/change/",
        "review page": f"{base}/admin/articles/articlerevision/{desk['in_review'].pk}/review/",
        "review queue": f"{base}/admin/articles/articlerevision/queue/",
        "public article": f"{base}/articles/sleep-after-a-hard-workout/",
        "home": f"{base}/",
    }


def _horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_fit_the_window_without_horizontal_scrolling(live_server, page, desk, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, desk["newsroom"].writer)
    overflowing = {}
    for name, url in _pages(live_server, desk).items():
        page.goto(url)
        excess = _horizontal_overflow(page)
        if excess > 0:
            overflowing[name] = excess
    assert overflowing == {}
    if width == 390:
        page.goto(_pages(live_server, desk)["review queue"])
        expect(page.locator("#review-queue")).to_contain_text("1 open")


def test_no_serious_accessibility_violations_on_the_pages_editors_use(live_server, page, desk):
    log_in(page, live_server, desk["newsroom"].reviewer)
    found = {}
    for name in ("change page", "review page", "review queue"):
        page.goto(_pages(live_server, desk)[name])
        found[name] = axe_violations(page)
    assert found == {name: [] for name in found}


def test_newcomers_meet_explanations_not_dead_ends(live_server, page, desk):
    newsroom, draft = desk["newsroom"], desk["draft"]

    # The writer's "View on site" for a draft opens its preview, not a 404.
    log_in(page, live_server, newsroom.writer)
    page.goto(_pages(live_server, desk)["change page"])
    page.get_by_role("link", name="View on site").click()
    expect(page.locator("body")).to_contain_text("Creatine for older adults")
    expect(page.locator("h1")).not_to_have_text("Page not found")

    # On the review page of their own revision, the writer is told what happens next.
    page.goto(_pages(live_server, desk)["review page"])
    expect(page.locator("#writer-waiting")).to_contain_text("waiting for a medical reviewer")
    expect(page.locator("#decision")).not_to_contain_text("Another medical reviewer must")

    # A forged publish gets an admin page that says why and what to do.
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    page.evaluate(
        """url => { const form = document.createElement('form'); form.method = 'post'; form.action = url;
        const token = document.querySelector('[name=csrfmiddlewaretoken]').cloneNode();
        form.appendChild(token); document.body.appendChild(form); form.submit(); }""",
        f"/admin/articles/article/{draft.pk}/workflow/publish/",
    )
    expect(page.locator("#refusal-reason")).to_be_visible()
    expect(page.locator("#refusal-advice")).to_contain_text("Writers")
    expect(page.locator("#site-name")).to_be_visible()  # the admin's own header

    # A publisher's read-only page: no empty Order boxes, authors by name, no writer advice.
    log_in(page, live_server, newsroom.publisher)
    page.goto(_pages(live_server, desk)["change page"])
    content = page.locator("#content")
    expect(content).not_to_contain_text("Order")
    expect(content).to_contain_text("Sam Okafor")
    expect(content).not_to_contain_text("Rewording them now saves a round of review")


def test_readers_see_each_notice_once_one_search_box_and_the_sites_own_pages(live_server, page, desk):
    page.goto(f"{live_server.url}/articles/sleep-after-a-hard-workout/")
    expect(page.locator('[data-disclaimer="emergency"]')).to_have_count(1)
    expect(page.locator('[data-disclaimer="emergency"]')).to_be_in_viewport()
    expect(page.locator('#important-information ~ [data-disclaimer="not_medical_advice"]')).to_have_count(1)

    page.goto(f"{live_server.url}/search/?q=sleep")
    expect(page.get_by_role("searchbox")).to_have_count(1)

    icon = page.request.get(f"{live_server.url}/favicon.ico")
    assert icon.ok and icon.headers["content-type"] == "image/x-icon"


def test_workflow_buttons_are_ranked_destructive_ones_confirmed_and_bulk_publish_shows_a_plan(live_server, page, desk):
    newsroom, in_review = desk["newsroom"], desk["in_review"]
    log_in(page, live_server, newsroom.reviewer)
    page.goto(_pages(live_server, desk)["review page"])
    approve = page.get_by_role("button", name="Approve", exact=True)
    request_changes = page.get_by_role("button", name="Request changes")
    colour = "el => getComputedStyle(el).backgroundColor"
    assert approve.evaluate(colour) != request_changes.evaluate(colour)
    assert approve.evaluate("el => getComputedStyle(el).borderRadius") == "4px"  # the admin's buttons, not the browser's

    page.get_by_label("Note to the writers").fill("Please cite a trial.")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    request_changes.click()
    expect(page.locator("#decision")).to_be_visible()
    assert asked and "back to its writers" in asked[0]
    in_review.refresh_from_db()
    assert in_review.state == "in_review"

    # Bulk publish first shows each article and what will happen to it.
    log_in(page, live_server, newsroom.publisher)
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.get_by_role("button", name="Go").click()
    plan = page.locator("#bulk-plan")
    expect(plan).to_contain_text("Creatine for older adults")
    expect(plan).to_contain_text("Nothing will happen: it has no approved revision waiting to be published.")
    expect(plan).to_contain_text("Sleep after a hard workout")


DRAFTS = Path(__file__).resolve().parent.parent / "demo" / "drafts"
SAME_HEADING = "Understanding Muscle Soreness and Its Causes"  # drafts 000 and 004 both open with it


@pytest.mark.parametrize("width", [1280, 390])
def test_the_changelist_dates_approvals_and_the_import_warns_about_duplicate_titles(live_server, page, desk, width):
    newsroom = desk["newsroom"]
    page.set_viewport_size({"width": width, "height": 900})

    # Two drafts whose titles are derived from the same first heading: warned at import ...
    log_in(page, live_server, newsroom.writer)
    for name in ("000_a51d1180bd8a0850.txt", "004_36aacb3b517d2d82.txt"):
        page.goto(f"{live_server.url}/admin/articles/article/import/")
        page.get_by_label("Draft files").set_input_files(str(DRAFTS / name))
        page.get_by_role("button", name="Import").click()
    expect(
        page.locator(".messagelist .warning").filter(has_text="another article already has this title")
    ).to_contain_text(f"another article already has this title: “{SAME_HEADING}”")
    # ... and told apart in the changelist.
    page.goto(f"{live_server.url}/admin/articles/article/?q=soreness")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Duplicate title")).to_have_count(2)
    expect(rows.nth(0).locator(".vetted-slug")).not_to_have_text(rows.nth(1).locator(".vetted-slug").inner_text())
    assert _horizontal_overflow(page) <= 0

    # An approved article not yet live shows when it was approved, not "—".
    approved = newsroom.draft(title="Magnesium and cramps", slug="magnesium-and-cramps")
    revision = newsroom.approve(approved)
    log_in(page, live_server, newsroom.publisher)
    page.goto(f"{live_server.url}/admin/articles/article/?q=magnesium")
    cell = page.locator("#result_list tbody tr").first.locator("td.field-reviewed_on")
    decided = revision.decision.decided_at
    expect(cell).not_to_have_text("—")
    expect(cell).to_contain_text(str(decided.year))

    # The publisher's Publish button is the admin's primary button.
    page.goto(f"{live_server.url}/admin/articles/article/{approved.pk}/change/")
    publish = page.get_by_role("button", name="Publish revision 1 now")
    assert publish.evaluate("el => el.classList.contains('default') && getComputedStyle(el).borderRadius") == "4px"
    assert _horizontal_overflow(page) <= 0


def test_a_superuser_gets_explanations_and_working_previews(live_server, page, desk):
    # Without an editorial role: the article is refused on an admin page that says why.
    superuser = UserFactory(is_superuser=True, is_staff=True, first_name="Ada", last_name="Root")
    log_in(page, live_server, superuser)
    page.goto(_pages(live_server, desk)["change page"])
    expect(page.locator("#refusal-reason")).to_be_visible()
    expect(page.locator("#site-name")).to_be_visible()

    # With the writers' role, the editor's Markdown previews render (no "Preview unavailable (403)").
    writing_superuser = UserFactory(is_superuser=True, is_staff=True, groups=["Writers"])
    desk["draft"].authors.add(writing_superuser)
    log_in(page, live_server, writing_superuser)
    page.goto(_pages(live_server, desk)["change page"])
    preview = page.locator("#sections-0 .markdownx-preview")
    expect(preview).to_contain_text("Creatine is completely safe")
    expect(preview).not_to_contain_text("Preview unavailable")
    expect(page.locator(".markdownx-preview[data-error]")).to_have_count(0)
