"""Medical reviewers in the admin: the queue, the review page, notes, claims and decisions."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import actions
from articles.actions.notes import add_review_note
from articles.models import ClaimResolution, ReviewDecision, ReviewNote, Section

from .admin_helpers import logged_in, messages_of, review_url
from .factories import (
    ArticleFactory,
    ReferenceFactory,
    ReviewerFactory,
    ReviewerProfileFactory,
    SectionFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/articles/articlerevision/queue/"
RISKY_BODY = "Kratom is non-addictive. Take 2 grams twice daily."


def submitted(writer, **kwargs):
    article = ArticleFactory(authors=[writer], **kwargs)
    return actions.submit_for_review(article, by=writer)


# The queue -----------------------------------------------------------------


def submitted_days_ago(days, writer, **kwargs):
    """A revision submitted ``days`` ago (the clock is the one outside thing we fake)."""
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=days)):
        return submitted(writer, **kwargs)


def test_queue_lists_revisions_in_review_oldest_first_with_author_topics_age_and_flags(writer, reviewer):
    topic = TopicFactory(name="Sleep", slug="sleep")
    newer = submitted_days_ago(1, writer, title="Newer article")
    older = submitted_days_ago(3, writer, title="Older article")
    older.article.topics.add(topic)
    risky = ArticleFactory(authors=[writer], title="Risky article", sections=0)
    SectionFactory(article=risky, position=1, heading="Claims", body=RISKY_BODY)
    latest = actions.submit_for_review(risky, by=writer)
    decided = submitted(writer, title="Already decided")
    actions.approve(decided, by=reviewer)

    response = logged_in(reviewer).get(QUEUE)

    queue = response.context["queue"]
    # The risky one mentions kratom, whose review policy asks for the reviewer's pharmacology: it comes first.
    assert [revision.pk for revision in queue] == [latest.pk, older.pk, newer.pk]
    assert [revision.unresolved_flag_count for revision in queue] == [2, 0, 0]
    html = response.content.decode()
    assert "Already decided" not in html
    row = html[html.index(f'data-revision="{older.pk}"'):]
    row = row[: row.index("</tr>")]
    assert "Older article" in row and writer.get_full_name() in row
    assert "3\xa0days" in row
    assert "2 open of 2" in html


def test_queue_marks_the_reviewers_own_revisions(db):
    writer_reviewer = UserFactory(groups=["Writers", "Medical reviewers"])
    ReviewerProfileFactory(user=writer_reviewer)
    submitted(writer_reviewer, title="My own piece")

    html = logged_in(writer_reviewer).get(QUEUE).content.decode()

    assert "yours: another reviewer must review it" in html


def test_queue_takes_the_same_number_of_queries_however_long_it_is(writer, reviewer):
    client = logged_in(reviewer)
    submitted(writer)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for _ in range(6):
        submitted(writer)
    with CaptureQueriesContext(connection) as many:
        client.get(QUEUE)

    assert len(many) == len(few)


# The review page -----------------------------------------------------------


def test_review_page_of_a_new_article_says_so_and_shows_the_page_as_readers_will(writer, reviewer):
    revision = submitted(writer)

    response = logged_in(reviewer).get(review_url(revision))

    html = response.content.decode()
    assert response.context["diff"].is_new
    assert "New article" in html
    preview = reverse("admin:articles_articlerevision_preview", args=[revision.pk])
    assert f'src="{preview}"' in html


def test_review_page_diffs_against_the_live_revision_and_collapses_unchanged_sections(
    live_article, writer, reviewer
):
    first, second = live_article.sections.order_by("position")
    Section.objects.filter(pk=second.pk).update(body="Rewritten paragraph about electrolytes.")
    SectionFactory(article=live_article, position=3, heading="A brand new section", body="New text.")
    revision = actions.submit_for_review(live_article, by=writer)

    response = logged_in(ReviewerFactory()).get(review_url(revision))

    assert response.context["baseline"] == live_article.live_revision
    statuses = [(s.heading, s.status) for s in response.context["diff"].sections]
    assert statuses == [
        (first.heading, "unchanged"),
        (second.heading, "changed"),
        ("A brand new section", "added"),
    ]
    html = response.content.decode()
    assert '<details class="vetted-unchanged" id="section-1"' in html
    assert '<details open class="vetted-changed" id="section-2"' in html
    assert "<ins>Rewritten</ins>" in html or "<ins>Rewritten paragraph about electrolytes.</ins>" in html
    assert "1 section unchanged, collapsed" in html


def test_review_page_shows_the_reviewers_profile_and_credentials(writer):
    reviewer = ReviewerFactory(first_name="Priya", last_name="Raman")
    revision = submitted(writer)

    html = logged_in(reviewer).get(review_url(revision)).content.decode()

    assert "You are reviewing as <strong>Priya Raman, PharmD</strong>" in html
    assert "Clinical pharmacology" in html


def test_reviewer_requests_changes_with_a_note(writer, reviewer):
    revision = submitted(writer)

    response = logged_in(reviewer).post(
        review_url(revision), {"action": "request_changes", "note": "Cite the trial for the dose."}
    )

    assert response.status_code == 302 and response["Location"] == QUEUE
    decision = ReviewDecision.objects.get(revision=revision)
    assert (decision.outcome, decision.note, decision.decided_by) == (
        "changes_requested",
        "Cite the trial for the dose.",
        reviewer,
    )


def test_requesting_changes_without_a_note_is_refused_and_says_why(writer, reviewer):
    revision = submitted(writer)

    response = logged_in(reviewer).post(review_url(revision), {"action": "request_changes", "note": "  "})

    assert response.status_code == 200
    assert any("a note is required" in m for m in messages_of(response))
    assert not ReviewDecision.objects.filter(revision=revision).exists()


def test_reviewer_approves_with_an_optional_note(writer, reviewer):
    revision = submitted(writer)

    response = logged_in(reviewer).post(review_url(revision), {"action": "approve", "note": ""})

    assert response.status_code == 302
    decision = ReviewDecision.objects.get(revision=revision)
    assert (decision.outcome, decision.reviewer_credentials) == ("approved", "PharmD")


def test_approving_with_open_claims_is_refused_and_keeps_the_typed_note(writer, reviewer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="What sellers say", body=RISKY_BODY)
    revision = actions.submit_for_review(article, by=writer)

    response = logged_in(reviewer).post(review_url(revision), {"action": "approve", "note": "Looks fine to me"})

    assert response.status_code == 200
    assert any("cannot be approved" in m and "not resolved" in m for m in messages_of(response))
    assert "Looks fine to me" in response.content.decode()
    assert not ReviewDecision.objects.filter(revision=revision).exists()


def test_flagged_claims_are_shown_in_context_and_accepted_one_by_one(writer, reviewer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="What sellers say", body=RISKY_BODY)
    ReferenceFactory(article=article, position=1, title="Dependence case series")
    revision = actions.submit_for_review(article, by=writer)
    client = logged_in(reviewer)

    page = client.get(review_url(revision))
    html = page.content.decode()
    assert "Flagged claims (<span data-open-count>2</span> open of 2)" in html
    assert "Section 1 “What sellers say”" in html
    assert "<mark>non-addictive</mark>" in html or "<mark>is non-addictive</mark>" in html
    assert "[1] Dependence case series" in html

    flags = list(revision.claim_flags.order_by("pk"))
    for flag in flags:
        response = client.post(
            review_url(revision),
            {
                "action": "resolve_claim",
                "flag": flag.pk,
                f"claim-{flag.pk}-reason": "Quoted as what sellers say, then refuted.",
                f"claim-{flag.pk}-reference_number": "1",
            },
        )
        assert response.status_code == 302, messages_of(response)
    assert ClaimResolution.objects.filter(flag__revision=revision).count() == 2

    response = client.post(review_url(revision), {"action": "approve"})
    assert response.status_code == 302
    assert "It still needs 1 more approval" in " ".join(messages_of(response))
    assert not ReviewDecision.objects.filter(revision=revision).exists()  # it mentions kratom: two reviewers
    page = client.get(review_url(revision)).content.decode()
    assert 'id="already-approved"' in page and 'value="approve"' not in page

    second = ReviewerFactory(profile__specialty="Toxicology")
    response = logged_in(second).post(review_url(revision), {"action": "approve"})
    assert response.status_code == 302
    assert ReviewDecision.objects.get(revision=revision).outcome == "approved"


def test_accepting_a_claim_without_a_reason_is_refused(writer, reviewer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="What sellers say", body=RISKY_BODY)
    revision = actions.submit_for_review(article, by=writer)
    flag = revision.claim_flags.first()

    response = logged_in(reviewer).post(
        review_url(revision), {"action": "resolve_claim", "flag": flag.pk, f"claim-{flag.pk}-reason": ""}
    )

    assert response.status_code == 200
    assert any("Give the reason" in m for m in messages_of(response))
    assert not ClaimResolution.objects.exists()


def test_a_claim_of_another_revision_cannot_be_resolved_from_this_page(writer, reviewer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="Claims", body=RISKY_BODY)
    other = actions.submit_for_review(article, by=writer)
    revision = submitted(writer)
    flag = other.claim_flags.first()

    response = logged_in(reviewer).post(
        review_url(revision), {"action": "resolve_claim", "flag": flag.pk, f"claim-{flag.pk}-reason": "x"}
    )

    assert any("does not belong to this revision" in m for m in messages_of(response))
    assert not ClaimResolution.objects.exists()


def test_section_notes_are_attached_to_a_section_and_shown_under_it(writer, reviewer):
    revision = submitted(writer)
    client = logged_in(reviewer)

    response = client.post(review_url(revision), {"action": "note", "section_index": "1", "body": "Source?"})
    client.post(review_url(revision), {"action": "note", "body": "Overall tone is good."})

    assert response.status_code == 302
    notes = list(ReviewNote.objects.filter(revision=revision).order_by("pk").values_list("section_index", "body"))
    assert notes == [(1, "Source?"), (None, "Overall tone is good.")]
    page = client.get(review_url(revision)).content.decode()
    assert "Source?" in page and "Overall tone is good." in page
    section_two = page[page.index('id="section-2"'):]
    assert "Source?" in section_two[: section_two.index("</details>")]


def test_notes_cannot_be_added_once_the_review_is_decided(writer, reviewer):
    revision = submitted(writer)
    actions.approve(revision, by=reviewer)

    response = logged_in(reviewer).post(review_url(revision), {"action": "note", "body": "Late thought"})

    assert any("notes can only be added while it is in review" in m for m in messages_of(response))
    assert not ReviewNote.objects.exists()


def test_review_notes_are_append_only(writer, reviewer):
    note = add_review_note(submitted(writer), by=reviewer, body="First thought")
    note.body = "Rewritten"

    with pytest.raises(TypeError):
        note.save()
    with pytest.raises(TypeError):
        ReviewNote.objects.all().delete()


def test_revision_links_open_the_review_page(writer, reviewer):
    revision = submitted(writer)

    response = logged_in(reviewer).get(reverse("admin:articles_articlerevision_change", args=[revision.pk]))

    assert response.status_code == 302 and response["Location"] == review_url(revision)


def test_claims_that_need_evidence_say_a_reference_is_required(writer, reviewer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="Evidence", body="It is clinically proven to help.")
    ReferenceFactory(article=article, position=1)
    revision = actions.submit_for_review(article, by=writer)
    flag = revision.claim_flags.get()
    client = logged_in(reviewer)

    assert "Supporting reference (required for this kind of claim)" in client.get(review_url(revision)).content.decode()
    response = client.post(
        review_url(revision),
        {"action": "resolve_claim", "flag": flag.pk, f"claim-{flag.pk}-reason": "It is, per the trial."},
    )

    assert response.status_code == 200
    assert any("cite the reference that supports it" in m for m in messages_of(response))
    assert not ClaimResolution.objects.exists()


# The default comparison of a resubmission ------------------------------------


def sent_back_and_resubmitted(writer, reviewer, article, *, note_on_section=None):
    """A revision of ``article`` sent back by ``reviewer`` (with a note on a section), then the next."""
    Section.objects.filter(article=article, position=2).update(body="Edited before submission.")
    first = actions.submit_for_review(article, by=writer)
    if note_on_section is not None:
        add_review_note(first, by=reviewer, body="Which trial says so?", section_index=note_on_section)
    actions.request_changes(first, by=reviewer, note="Cite the trial.")
    Section.objects.filter(article=article, position=1).update(body="Rewritten after review.")
    return first, actions.submit_for_review(article, by=writer)


def test_a_resubmission_is_compared_with_the_revision_its_reviewer_sent_back(writer, reviewer):
    article = ArticleFactory(authors=[writer])
    first, second = sent_back_and_resubmitted(writer, reviewer, article)

    mine = logged_in(reviewer).get(review_url(second))
    colleagues = logged_in(ReviewerFactory()).get(review_url(second))
    everything_new = logged_in(reviewer).get(review_url(second) + "?against=new")

    assert mine.context["baseline"] == first
    assert "revision 1 (changes requested): the revision you last reviewed" in mine.content.decode()
    assert [s.status for s in mine.context["diff"].sections][:2] == ["changed", "unchanged"]
    assert colleagues.context["baseline"] == first
    assert "the last one sent back for changes" in colleagues.content.decode()
    assert everything_new.context["diff"].is_new
    assert 'href="?#changes">revision 1 (the revision you last reviewed, the default)' in everything_new.content.decode()


def test_a_resubmission_of_a_live_article_is_compared_with_what_this_reviewer_last_saw_else_the_live_page(
    live_article, writer, reviewer
):
    other_reviewer = ReviewerFactory()
    second, third = sent_back_and_resubmitted(writer, other_reviewer, live_article)

    assert logged_in(other_reviewer).get(review_url(third)).context["baseline"] == second
    assert logged_in(reviewer).get(review_url(third)).context["baseline"] == live_article.live_revision
    page = logged_in(ReviewerFactory()).get(review_url(third))
    assert page.context["baseline"] == live_article.live_revision
    assert "revision 1 (live): what readers see now" in page.content.decode()


def test_the_previous_revisions_section_notes_are_shown_beside_the_same_sections(writer, reviewer):
    article = ArticleFactory(authors=[writer])
    second_heading = article.sections.get(position=2).heading
    _first, second = sent_back_and_resubmitted(writer, reviewer, article, note_on_section=1)

    html = logged_in(ReviewerFactory()).get(review_url(second)).content.decode()

    section = html[html.index('id="section-2"'):]
    section = section[: section.index("</details>")]
    assert second_heading in section
    assert "Notes on revision 1" in section and "Which trial says so?" in section
    assert '<details open class="vetted-unchanged" id="section-2"' in html  # unchanged, but opened for the note
