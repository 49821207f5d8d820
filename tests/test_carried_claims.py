"""
Claim decisions carried forward: an unchanged sentence accepted in an
earlier revision arrives accepted; only edited sentences need a fresh
decision; a reviewer can reopen a carried acceptance.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from articles import errors
from articles.actions import workflow
from articles.actions.lifecycle import reopen_claim
from articles.models import ClaimFlag, WorkflowEvent

from .live_content import set_sections

SECTIONS = [
    ("Dosing", "Some people take 2 grams twice daily, which is not advice."),
    ("Claims online", "Sellers say it cures anxiety, which no trial shows."),
    ("Withdrawal", "Stopping suddenly can cause withdrawal symptoms; never stop abruptly without advice."),
]


@pytest.fixture
def first_round(newsroom):
    """Revision 1 with flags in three sections: each accepted, then changes requested."""
    article = newsroom.draft()
    set_sections(article, SECTIONS)
    revision = workflow.submit_for_review(article, by=newsroom.writer)
    flags = list(revision.claim_flags.order_by("pk"))
    assert {flag.section_index for flag in flags} == {0, 1, 2}
    for flag in flags:
        workflow.resolve_claim(
            flag, by=newsroom.reviewer, reason=f"Fine in context ({flag.pk})",
            reference_number=1 if flag.needs_reference else None,
        )
    workflow.request_changes(revision, by=newsroom.reviewer, note="Tighten the dosing section.")
    return article, revision, flags


def resubmit_with_section_one_edited(newsroom, article):
    edited = list(SECTIONS)
    edited[0] = ("Dosing", "Some people take 4 grams twice daily, which is not advice.")
    set_sections(article, edited)
    return workflow.submit_for_review(article, by=newsroom.writer)


def test_editing_one_section_reopens_only_its_flags(newsroom, first_round):
    article, first, first_flags = first_round

    second = resubmit_with_section_one_edited(newsroom, article)

    open_sections = {flag.section_index for flag in second.claim_flags.unresolved()}
    carried = list(second.claim_flags.filter(carried_from__isnull=False).with_resolution())
    assert open_sections == {0}
    assert {flag.section_index for flag in carried} == {1, 2}
    for flag in carried:
        flag.revision = second
        assert flag.is_resolved and flag.is_carried
        assert flag.carried_label.startswith(
            f"accepted in revision 1 by {newsroom.reviewer.get_full_name()}: Fine in context"
        )


def test_carried_acceptances_let_the_reviewer_approve_after_deciding_only_the_new_sentence(
    newsroom, first_round
):
    article, _first, _flags = first_round
    second = resubmit_with_section_one_edited(newsroom, article)
    with pytest.raises(errors.UnresolvedClaims) as refusal:
        workflow.approve(second, by=newsroom.reviewer)
    assert [flag.section_index for flag in refusal.value.flags] == [0]

    for flag in second.claim_flags.unresolved():
        workflow.resolve_claim(flag, by=newsroom.reviewer, reason="New dose is quoted, not advised.")
    workflow.approve(second, by=newsroom.reviewer)
    assert second.decision.outcome == "approved"


def test_the_review_page_collapses_carried_flags_and_a_reviewer_can_reopen_one(newsroom, first_round):
    article, _first, _flags = first_round
    second = resubmit_with_section_one_edited(newsroom, article)
    carried = second.claim_flags.filter(carried_from__isnull=False).order_by("pk").first()
    client = Client()
    client.force_login(newsroom.reviewer)
    url = f"/admin/articles/articlerevision/{second.pk}/review/"

    page = client.get(url).content.decode()
    assert f'<details class="vetted-claim vetted-resolved vetted-carried" id="flag-{carried.pk}"' in page
    assert "accepted in revision 1 by" in page
    assert "<span data-open-count>1</span> open of" in page

    client.post(url, {"action": "reopen_claim", "flag": carried.pk})

    assert "<span data-open-count>2</span> open of" in client.get(url).content.decode()
    assert WorkflowEvent.objects.filter(action="claim_reopened", revision=second).count() == 1
    with pytest.raises(errors.UnresolvedClaims):
        for flag in second.claim_flags.unresolved().exclude(pk=carried.pk):
            workflow.resolve_claim(flag, by=newsroom.reviewer, reason="Quoted, not advised.")
        workflow.approve(second, by=newsroom.reviewer)


def test_a_reopened_acceptance_is_not_carried_again(newsroom, first_round):
    article, _first, _flags = first_round
    second = resubmit_with_section_one_edited(newsroom, article)
    carried = second.claim_flags.filter(carried_from__isnull=False, section_index=1).get()
    reopen_claim(carried, by=newsroom.reviewer)
    workflow.request_changes(second, by=newsroom.reviewer, note="Rethink section 2.")

    set_sections(article, [*SECTIONS[:2], ("Withdrawal", SECTIONS[2][1] + " Seek help.")])
    third = workflow.submit_for_review(article, by=newsroom.writer)

    assert {flag.section_index for flag in third.claim_flags.unresolved()} >= {1}


def test_an_acceptance_is_not_carried_into_a_revision_its_reviewer_wrote(newsroom, first_round):
    article, _first, _flags = first_round
    article.authors.add(newsroom.reviewer)
    second = resubmit_with_section_one_edited(newsroom, article)
    assert not second.claim_flags.filter(carried_from__isnull=False).exists()


def test_the_database_refuses_a_carried_acceptance_of_a_different_sentence(newsroom, first_round):
    article, _first, first_flags = first_round
    second = resubmit_with_section_one_edited(newsroom, article)
    edited = second.claim_flags.unresolved().get()
    accepted_elsewhere = first_flags[-1].resolution
    with pytest.raises(IntegrityError, match="carried acceptance must come from the identical claim"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_claimflag (revision_id, field, section_index, category, start, "
                '"end", text, sentence, sentence_start, explanation, carried_from_id) '
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    second.pk, edited.field, edited.section_index, edited.category, edited.start,
                    edited.end, edited.text, edited.sentence, edited.sentence_start, "x",
                    accepted_elsewhere.pk,
                ],
            )


def test_only_a_carried_acceptance_can_be_reopened(newsroom, first_round):
    article, _first, _flags = first_round
    second = resubmit_with_section_one_edited(newsroom, article)
    with pytest.raises(errors.InvalidTransition, match="carries no earlier acceptance"):
        reopen_claim(second.claim_flags.unresolved().get(), by=newsroom.reviewer)
    with pytest.raises(errors.NotPermitted):
        reopen_claim(second.claim_flags.filter(carried_from__isnull=False).first(), by=newsroom.writer)
    assert ClaimFlag.objects.filter(reopening__isnull=False).count() == 0
