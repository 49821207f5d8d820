"""
The review page's flagged claims, one card per sentence: every category
flagged in the sentence on one card, one decision per card recorded per
flag, the need for a reference said up front, the reviewer kept at the card
(with and without JavaScript); and the default comparison of a resubmission.
"""

import json

import pytest

from articles import actions, errors
from articles.domain import claim_flags
from articles.models import ClaimResolution, WorkflowEvent

from .admin_helpers import logged_in, messages_of, review_url
from .factories import ArticleFactory, ReferenceFactory, ReviewerFactory, SectionFactory

pytestmark = pytest.mark.django_db

#: Five flags in two sentences: three categories in the first (one needs a
#: reference), two absolute-safety phrases in the second.
TWO_SENTENCES = (
    "It is clinically proven to cure anxiety and is non-addictive. "
    "Kratom is non-addictive and safe for everyone."
)


def in_review(writer, body=TWO_SENTENCES, references=1):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="What sellers say", body=body)
    for position in range(1, references + 1):
        ReferenceFactory(article=article, position=position, title=f"Trial {'abc'[position - 1]}")
    return actions.submit_for_review(article, by=writer)


def cards_of(revision):
    return claim_flags.by_sentence(claim_flags.flags_for_review(revision))


def accept(client, revision, card, *, reason="Quoted as what sellers claim, then refuted.", reference="1", **headers):
    data = {
        "action": "resolve_claim",
        "card": card.first.pk,
        "flag": [flag.pk for flag in card.open_flags],
        f"claim-{card.first.pk}-reason": reason,
        f"claim-{card.first.pk}-reference_number": reference,
    }
    return client.post(review_url(revision), data, **headers)


def test_flags_are_grouped_one_card_per_sentence_with_every_category(writer):
    revision = in_review(writer)

    cards = cards_of(revision)

    assert revision.claim_flags.count() == 5
    assert [card.categories for card in cards] == [
        ["Efficacy overstatement", "Disease treatment or cure", "Absolute safety"],
        ["Absolute safety"],
    ]
    assert [len(card.flags) for card in cards] == [3, 2]
    assert [card.needs_reference for card in cards] == [True, False]
    assert [text for text, flagged in cards[1].segments() if flagged] == ["non-addictive", "safe for everyone"]


def test_the_review_page_shows_one_card_per_sentence(writer, reviewer):
    revision = in_review(writer)

    response = logged_in(reviewer).get(review_url(revision))

    html = response.content.decode()
    assert html.count("data-claim-card ") + html.count("data-claim-card>") == 2
    assert "Flagged claims (<span data-open-count>2</span> open of 2)" in html
    assert "5 flags in 2 sentences" in html
    assert html.count("<mark>non-addictive</mark>") == 2
    assert "<strong>Absolute safety</strong> · Section 1" in html
    # The cards' script is a static file the admin's policy allows; no inline script is needed.
    script_src = next(
        part for part in response["Content-Security-Policy"].split(";") if part.strip().startswith("script-src")
    )
    assert script_src.split() == ["script-src", "'self'"]
    assert 'src="/static/admin/vetted/js/claim_cards.js"' in html and "<script>" not in html


def test_one_decision_on_a_card_is_recorded_for_each_flag(writer, reviewer):
    revision = in_review(writer)
    first = cards_of(revision)[0]

    response = accept(logged_in(reviewer), revision, first)

    assert response.status_code == 302
    resolutions = ClaimResolution.objects.filter(flag__revision=revision).order_by("flag")
    assert [r.flag_id for r in resolutions] == [flag.pk for flag in first.flags]
    assert {(r.reason, r.reference_number, r.resolved_by) for r in resolutions} == {
        ("Quoted as what sellers claim, then refuted.", 1, reviewer)
    }
    logged = WorkflowEvent.objects.filter(revision=revision, action="claim_resolved")
    assert sorted(event.details["category"] for event in logged) == [
        "absolute_safety", "disease_treatment", "efficacy_overstatement",
    ]


def test_a_card_is_accepted_whole_or_not_at_all(writer, reviewer):
    revision = in_review(writer)
    first = cards_of(revision)[0]

    with pytest.raises(errors.ReferenceRequired, match="cite the reference"):
        actions.resolve_claims(first.flags, by=reviewer, reason="Fine.")

    assert not ClaimResolution.objects.exists()
    assert not WorkflowEvent.objects.filter(action="claim_resolved").exists()


def test_resolve_claims_keeps_the_rules_of_resolve_claim(writer, reviewer):
    revision = in_review(writer)
    other = in_review(writer, body="Kratom is non-addictive.")
    second = cards_of(revision)[1]

    with pytest.raises(errors.NoteRequired):
        actions.resolve_claims(second.flags, by=reviewer, reason="  ")
    with pytest.raises(errors.InvalidInput):
        actions.resolve_claims([], by=reviewer, reason="Fine.")
    with pytest.raises(errors.InvalidInput, match="one revision at a time"):
        actions.resolve_claims([*second.flags, *other.claim_flags.all()], by=reviewer, reason="Fine.")
    with pytest.raises(errors.NotPermitted):
        actions.resolve_claims(second.flags, by=writer, reason="Fine.")
    actions.resolve_claims(second.flags, by=reviewer, reason="Fine.")
    with pytest.raises(errors.AlreadyResolved):
        actions.resolve_claims(second.flags, by=ReviewerFactory(), reason="Again.")
    assert ClaimResolution.objects.count() == 2


def test_the_card_says_a_reference_is_needed_and_offers_the_revisions_references(writer, reviewer):
    revision = in_review(writer, references=2)

    html = logged_in(reviewer).get(review_url(revision)).content.decode()

    card = html[html.index(f'id="{cards_of(revision)[0].anchor}"'):]
    card = card[: card.index("</article>")]
    assert "Needs a cited reference:</strong> efficacy overstatement claims can be accepted" in card
    assert card.index("Needs a cited reference") < card.index("Acceptable as written")
    assert '<select name="claim-' in card and " required" in card
    assert "[1] Trial a</option>" in card and "[2] Trial b</option>" in card
    plain = html[html.index(f'id="{cards_of(revision)[1].anchor}"'):]
    assert "Needs a cited reference" not in plain[: plain.index("</article>")]


def test_a_card_that_needs_a_reference_in_a_revision_without_any_says_to_request_changes(writer, reviewer):
    revision = in_review(writer, references=0)

    html = logged_in(reviewer).get(review_url(revision)).content.decode()

    assert "This revision has no references, so it cannot be accepted as written" in html


def test_without_javascript_accepting_returns_to_the_cards_anchor_and_keeps_the_comparison(writer, reviewer):
    revision = in_review(writer)
    second = cards_of(revision)[1]
    client = logged_in(reviewer)

    response = client.post(
        review_url(revision) + "?against=new",
        {
            "action": "resolve_claim",
            "card": second.first.pk,
            "flag": [flag.pk for flag in second.flags],
            f"claim-{second.first.pk}-reason": "Quoted, then refuted.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == review_url(revision) + f"?against=new#flag-{second.first.pk}"
    assert ClaimResolution.objects.filter(flag__in=second.flags).count() == 2


def test_with_javascript_accepting_answers_the_new_card_and_the_open_count(writer, reviewer):
    revision = in_review(writer)
    first, second = cards_of(revision)
    client = logged_in(reviewer)

    response = accept(client, revision, second, reference="", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["open_count"] == 1
    assert f'id="flag-{second.first.pk}"' in answer["card"] and 'data-open="no"' in answer["card"]
    assert "accepted as written by" in answer["card"]

    refused = accept(client, revision, first, reference="", HTTP_ACCEPT="application/json")

    assert refused.status_code == 400
    answer = json.loads(refused.content)
    assert "cite the reference that supports it" in answer["message"]
    assert "cite the reference that supports it" in answer["card"] and "Quoted as what sellers claim" in answer["card"]
    assert answer["open_count"] == 1
    assert not ClaimResolution.objects.filter(flag__in=first.flags).exists()


def test_flags_of_another_sentence_cannot_ride_on_a_card(writer, reviewer):
    revision = in_review(writer)
    first, second = cards_of(revision)

    response = logged_in(reviewer).post(
        review_url(revision),
        {
            "action": "resolve_claim",
            "card": second.first.pk,
            "flag": [flag.pk for flag in first.flags + second.flags],
            f"claim-{second.first.pk}-reason": "Fine.",
        },
    )

    assert any("one sentence at a time" in message for message in messages_of(response))
    assert not ClaimResolution.objects.exists()


def test_the_writer_sees_the_working_copys_claims_one_sentence_at_a_time(writer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="What sellers say", body=TWO_SENTENCES)

    html = logged_in(writer).get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    panel = html[html.index('id="writer-claims"'):]
    panel = panel[: panel.index("</ul>")]
    assert "Risky claims in the working copy (5 in 2 sentences)" in panel
    assert panel.count('<li class="vetted-claim"') == 2
    assert "Efficacy overstatement, Disease treatment or cure, Absolute safety</strong> · Section 1" in panel
    assert panel.count("needs a cited reference") == 1


def test_the_queue_counts_open_sentences_as_the_review_page_does(writer, reviewer):
    revision = in_review(writer)
    _first, second = cards_of(revision)
    actions.resolve_claims(second.flags, by=reviewer, reason="Quoted, then refuted.")

    html = logged_in(reviewer).get("/admin/articles/articlerevision/queue/").content.decode()

    assert '<td data-label="Flagged sentences">1 open of 2</td>' in html


def test_a_carried_acceptance_is_not_counted_open_in_the_queue(writer, reviewer):
    from articles.models import ArticleRevision

    first = in_review(writer, body="Kratom is non-addictive and safe for everyone.")
    actions.resolve_claims(list(first.claim_flags.all()), by=reviewer, reason="Quoted, then refuted.")
    actions.request_changes(first, by=reviewer, note="Add a second paragraph.")
    SectionFactory(article=first.article, position=2, heading="More", body="Drink water.")
    second = actions.submit_for_review(first.article, by=writer)

    counted = ArticleRevision.objects.with_flag_counts().get(pk=second.pk)

    assert (counted.flag_count, counted.unresolved_flag_count) == (2, 0)
    assert (counted.sentence_count, counted.open_sentence_count) == (1, 0)
