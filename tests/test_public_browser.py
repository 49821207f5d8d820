"""The readers' site in a real browser: navigation, what is visible, and axe-core accessibility checks."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .factories import ReferenceFactory, TopicFactory
from .live_content import Newsroom, set_sections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def site(db):
    """A small live site: one article with everything a page can show, in a topic."""
    newsroom = Newsroom()
    topic = TopicFactory(name="Sleep", slug="sleep", description="Sleep problems and sleep hygiene.")
    newsroom.set_disclaimer(
        "sedatives", title="Sleeping pills and alcohol do not mix", severity="critical",
        body="Taking sleeping pills with alcohol can slow your breathing dangerously.", topics=[topic],
    )
    article = newsroom.draft(
        title="Sleeping pills: what to know before you take one",
        slug="sleeping-pills",
        summary="- They help for a short time.\n- They can cause next-day drowsiness.",
        standfirst="Most sleep problems get better without medicine.",
        conclusion="Talk to a pharmacist before you start a sleeping pill, and again before you change how you take it.",
        sections=0,
    )
    article.topics.add(topic)
    set_sections(article, [
        ("How sleeping pills work", "They slow the brain down [ref:1]. " + "Some background text. " * 60),
        ("Side effects", "Drowsiness the next morning is common [ref:2]. " + "More detail follows. " * 60),
        # Wording chosen to raise no flagged claim, so only the topic's disclaimers apply.
        ("Stopping safely", "Ask a pharmacist for a plan [ref:1]. " + "A longer explanation. " * 60),
    ])
    ReferenceFactory(article=article, position=1, title="Hypnotics review", url="https://example.org/hypnotics")
    ReferenceFactory(article=article, position=2, title="Next-day effects", url="https://example.org/next-day")
    newsroom.publish(article)
    return {"newsroom": newsroom, "article": article, "topic": topic}


def axe_violations(page):
    """Serious and critical axe-core violations on the current page."""
    page.evaluate(AXE.read_text())  # evaluate, not a script tag: the CSP forbids injected scripts
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_reader_follows_the_table_of_contents_and_sees_byline_and_disclaimers(live_server, page, site):
    page.goto(f"{live_server.url}/articles/sleeping-pills/")

    expect(page.locator("h1")).to_have_text("Sleeping pills: what to know before you take one")
    byline = page.locator(".article-header .byline")
    expect(byline).to_be_visible()
    expect(byline).to_contain_text("Medically reviewed by")
    expect(byline).to_contain_text("PharmD")
    critical = page.locator('.disclaimer--prominent[data-disclaimer="sedatives"]')
    expect(critical).to_be_in_viewport()
    expect(critical).to_contain_text("can slow your breathing dangerously")

    page.get_by_role("navigation", name="In this article").get_by_role("link", name="Stopping safely").click()

    expect(page).to_have_url(f"{live_server.url}/articles/sleeping-pills/#stopping-safely")
    expect(page.get_by_role("heading", name="Stopping safely", level=2)).to_be_in_viewport()

    page.locator('#stopping-safely ~ p sup.citation a').first.click()
    expect(page.locator("#ref-1")).to_be_in_viewport()

    expect(page.locator('[data-disclaimer]')).to_have_count(3)
    expect(page.locator('[data-disclaimer="sedatives"]')).to_have_count(1)
    expect(page.locator('#important-information ~ [data-disclaimer]')).to_have_count(1)


def test_reviewer_byline_leads_to_the_reviewers_bio(live_server, page, site):
    page.goto(f"{live_server.url}/articles/sleeping-pills/")

    page.locator(".article-header .byline a").click()

    profile = site["newsroom"].reviewer.reviewer_profile
    expect(page).to_have_url(f"{live_server.url}/reviewers/{profile.slug}/")
    expect(page.locator("h1")).to_have_text(f"{profile.name}, PharmD")
    expect(page.get_by_role("link", name="Sleeping pills: what to know before you take one")).to_be_visible()


def test_keyboard_users_can_skip_to_the_content_and_see_where_focus_is(live_server, page, site):
    page.goto(f"{live_server.url}/articles/sleeping-pills/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_search_finds_the_article_and_highlights_the_words(live_server, page, site):
    page.goto(f"{live_server.url}/")

    page.get_by_role("search", name="Site search").get_by_role("searchbox").fill("drowsiness")
    page.keyboard.press("Enter")

    expect(page.locator("h2#results-heading")).to_have_text("1 article matches “drowsiness”")
    expect(page.locator(".hit-snippet mark").first).to_have_text("drowsiness")


def test_the_page_fits_a_phone_screen_and_the_stylesheet_is_allowed_by_the_csp(live_server, page, site):
    blocked = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{live_server.url}/articles/sleeping-pills/")

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    header_colour = page.locator(".site-header").evaluate("element => getComputedStyle(element).backgroundColor")
    assert header_colour == "rgb(13, 59, 102)"
    assert blocked == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/sleeping-pills/",
        "/topics/sleep/",
        "/search/?q=sleep",
        "/reviewers/{reviewer}/",
        "/articles/no-such-article/",
    ],
    ids=["home", "article", "topic", "search", "reviewer", "not found"],
)
def test_no_serious_or_critical_accessibility_violations(live_server, page, site, path):
    reviewer = site["newsroom"].reviewer.reviewer_profile.slug
    page.goto(live_server.url + path.format(reviewer=reviewer))

    assert axe_violations(page) == []


def test_no_serious_or_critical_accessibility_violations_on_a_phone(live_server, page, site):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/articles/sleeping-pills/")

    assert axe_violations(page) == []


def test_the_accessibility_check_itself_reports_a_real_violation(live_server, page, site):
    """Guards the check above: a picture without alt text must be reported."""
    page.goto(f"{live_server.url}/")
    page.evaluate("document.querySelector('main').append(Object.assign(new Image(), {src: '/x.png'}))")

    assert any(violation.startswith("image-alt (critical)") for violation in axe_violations(page))


def test_printing_an_article_keeps_the_text_and_warnings_and_drops_the_navigation(live_server, page, site):
    page.goto(f"{live_server.url}/articles/sleeping-pills/")
    page.emulate_media(media="print")

    expect(page.get_by_role("search", name="Site search")).to_be_hidden()
    expect(page.locator("nav.toc")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator('[data-disclaimer="sedatives"]')).to_be_visible()
    expect(page.locator('#important-information ~ [data-disclaimer="not_medical_advice"]')).to_be_visible()
    link_suffix = page.locator("#ref-1 a").evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://example.org/hypnotics" in link_suffix
