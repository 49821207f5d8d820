"""
The review page of a resubmission as the medical reviewer meets it in
Chromium, at 1280 px and 390 px: compared by default with the revision they
sent back, its section notes beside their sections, one card per flagged
sentence that says when a reference is needed, and accepting a card without
losing their place, with JavaScript and without.
"""

import re

import pytest
from playwright.sync_api import expect

from articles import actions
from articles.domain import claim_flags
from articles.models import Section

from .factories import ReferenceFactory, ReviewerFactory, WriterFactory
from .live_content import Newsroom, set_sections
from .test_desk_browser import _horizontal_overflow
from .test_editorial_browser import log_in
from .test_public_browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = [1280, 390]
SELLERS = (
    "It is clinically proven to cure anxiety and is non-addictive. "
    "Kratom is non-addictive and safe for everyone."
)
STOPPING = "Stopping suddenly is safe for everyone."


@pytest.fixture
def resubmission(db):
    """
    Revision 1 sent back by the reviewer (one sentence accepted, a note on
    section 2), then revision 2 with section 1 edited: two open sentences in
    section 1 (five flags), and section 2's accepted sentence carried forward.
    """
    newsroom = Newsroom(
        writer=WriterFactory(first_name="Sam", last_name="Okafor"),
        reviewer=ReviewerFactory(first_name="Priya", last_name="Raman"),
    )
    article = newsroom.draft(title="Kratom: what sellers claim", slug="kratom-what-sellers-claim", sections=0)
    set_sections(article, [("What sellers say", SELLERS), ("Stopping", STOPPING)])
    ReferenceFactory(article=article, position=1, title="Kratom dependence: a case series")
    first = actions.submit_for_review(article, by=newsroom.writer)
    stopping = [flag for flag in first.claim_flags.all() if flag.section_index == 1]
    actions.resolve_claims(stopping, by=newsroom.reviewer, reason="Quoted to refute it in the next sentence.")
    actions.add_review_note(first, by=newsroom.reviewer, body="Name the withdrawal symptoms.", section_index=1)
    actions.request_changes(first, by=newsroom.reviewer, note="Say who should ask a doctor first.")
    Section.objects.filter(article=article, position=1).update(body=SELLERS + " Ask a doctor before you try it.")
    second = actions.submit_for_review(article, by=newsroom.writer)
    cards = claim_flags.by_sentence(claim_flags.flags_for_review(second))
    return {"newsroom": newsroom, "revision": second, "cards": cards}


def _review_page(live_server, resubmission):
    return f"{live_server.url}/admin/articles/articlerevision/{resubmission['revision'].pk}/review/"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_resubmission_opens_against_the_revision_the_reviewer_sent_back(live_server, page, resubmission, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, resubmission["newsroom"].reviewer)
    page.goto(_review_page(live_server, resubmission))

    expect(page.locator("#compared-with")).to_contain_text(
        "revision 1 (changes requested): the revision you last reviewed"
    )
    expect(page.locator("#section-1 ins")).to_have_text(" Ask a doctor before you try it.")
    expect(page.locator("#section-1")).not_to_contain_text("New article")
    earlier = page.locator("#section-2 .vetted-earlier-notes")
    expect(earlier).to_be_visible()
    expect(earlier).to_contain_text("Notes on revision 1")
    expect(earlier).to_contain_text("Name the withdrawal symptoms.")
    assert _horizontal_overflow(page) <= 0
    if width == 1280:
        assert axe_violations(page) == []

    # The other bases stay one click away.
    page.get_by_role("link", name="nothing (show it all as new)").click()
    expect(page.locator("#changes")).to_contain_text("New article")
    page.get_by_role("link", name="revision 1 (the revision you last reviewed, the default)").click()
    expect(page.locator("#section-1 ins")).to_have_text(" Ask a doctor before you try it.")


@pytest.mark.parametrize("width", WIDTHS)
def test_one_card_per_sentence_says_up_front_when_a_reference_is_needed(live_server, page, resubmission, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, resubmission["newsroom"].reviewer)
    page.goto(_review_page(live_server, resubmission))
    evidence, safety, carried = resubmission["cards"]

    expect(page.locator("#claims [data-claim-card]")).to_have_count(3)
    expect(page.locator("#claims-heading")).to_have_text("Flagged claims (2 open of 3)")
    card = page.locator(f"#{evidence.anchor}")
    expect(card).to_contain_text("Efficacy overstatement, Disease treatment or cure, Absolute safety")
    expect(card.locator("[data-needs-reference]")).to_be_visible()
    expect(card.locator("[data-needs-reference]")).to_contain_text("Needs a cited reference")
    expect(page.locator(f"#{safety.anchor} mark")).to_have_text(["non-addictive", "safe for everyone"])
    expect(page.locator(f"#{safety.anchor} [data-needs-reference]")).to_have_count(0)

    card.get_by_text("Acceptable as written…").click()
    reference = card.get_by_label("Supporting reference (required for this kind of claim)")
    expect(reference.locator("option")).to_have_text(
        ["Choose the reference that supports it", "[1] Kratom dependence: a case series"]
    )

    # The sentence accepted in revision 1 arrives accepted, collapsed, and can be reopened.
    collapsed = page.locator(f"#{carried.anchor}")
    expect(collapsed).to_have_attribute("data-carried", "yes")
    reopen = collapsed.get_by_role("button", name=re.compile("^Reopen “Stopping suddenly”"))
    expect(reopen).to_be_hidden()
    collapsed.locator("summary").click()
    reopen.click()
    expect(page.locator(f"#{carried.anchor}")).to_have_attribute("data-open", "yes")
    expect(page.locator("#claims-heading")).to_have_text("Flagged claims (3 open of 3)")
    assert page.url.endswith(f"#{carried.anchor}")
    assert _horizontal_overflow(page) <= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_accepting_a_card_with_javascript_replaces_it_in_place(live_server, page, resubmission, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, resubmission["newsroom"].reviewer)
    page.goto(_review_page(live_server, resubmission))
    evidence, safety, _carried = resubmission["cards"]
    page.evaluate("window.stillTheSamePage = true")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)

    card = page.locator(f"#{safety.anchor}")
    card.get_by_text("Acceptable as written…").click()
    card.get_by_label("Why this sentence is acceptable as written").fill("Quoted as what sellers claim, then refuted.")
    card.get_by_role("button", name="Acceptable as written").click()

    expect(page.locator(f"#{safety.anchor}")).to_have_attribute("data-open", "no")
    expect(page.locator(f"#{safety.anchor}")).to_contain_text("accepted as written by Priya Raman")
    expect(page.locator("#claims-heading")).to_have_text("Flagged claims (1 open of 3)")
    expect(page.locator("#decision [data-open-count]")).to_have_text("1")
    expect(page.locator("#claims-status")).to_contain_text("Accepted")

    # The sentence that needs evidence: the browser asks for the reference before sending.
    card = page.locator(f"#{evidence.anchor}")
    card.get_by_text("Acceptable as written…").click()
    card.get_by_label("Why this sentence is acceptable as written").fill("The case series supports the warning.")
    card.get_by_role("button", name="Acceptable as written").click()
    expect(page.locator(f"#{evidence.anchor}")).to_have_attribute("data-open", "yes")
    card.get_by_label("Supporting reference (required for this kind of claim)").select_option("1")
    card.get_by_role("button", name="Acceptable as written").click()

    expect(page.locator(f"#{evidence.anchor}")).to_have_attribute("data-open", "no")
    expect(page.locator("#claims-heading")).to_have_text("Flagged claims (0 open of 3)")
    expect(page.locator("#decision [data-open-notice]")).to_be_hidden()
    assert navigations == [] and page.evaluate("window.stillTheSamePage") is True
    assert _horizontal_overflow(page) <= 0
    revision = resubmission["revision"]
    assert revision.claim_flags.unresolved().count() == 0
    cited = revision.claim_flags.filter(pk__in=[flag.pk for flag in evidence.flags])
    assert set(cited.values_list("resolution__reference_number", flat=True)) == {1}


@pytest.mark.parametrize("width", WIDTHS)
def test_accepting_a_card_without_javascript_lands_back_at_the_card(live_server, browser, resubmission, width):
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        log_in(page, live_server, resubmission["newsroom"].reviewer)
        page.goto(_review_page(live_server, resubmission))
        _evidence, safety, _carried = resubmission["cards"]

        card = page.locator(f"#{safety.anchor}")
        card.get_by_text("Acceptable as written…").click()
        card.get_by_label("Why this sentence is acceptable as written").fill("Quoted, then refuted.")
        card.get_by_role("button", name="Acceptable as written").click()

        expect(page).to_have_url(f"{_review_page(live_server, resubmission)}#{safety.anchor}")
        expect(page.locator(f"#{safety.anchor}")).to_have_attribute("data-open", "no")
        expect(page.locator(f"#{safety.anchor}")).to_be_in_viewport()
        expect(page.locator("#claims-heading")).to_have_text("Flagged claims (1 open of 3)")
        assert _horizontal_overflow(page) <= 0
    finally:
        context.close()
