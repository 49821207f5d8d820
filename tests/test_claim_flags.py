"""
Claim flags: the detector runs on the working copy for the writer and on
every revision at submission, and its findings are stored per revision.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from articles import actions
from articles.actions import import_draft
from articles.domain.claim_flags import flags_for_review, scan_working_copy, working_copy_disclaimers
from articles.importing.parser import decode_draft, parse_draft
from articles.models import ClaimFlag, ProtectedWrite, WorkflowEvent
from articles.models.guards import workflow_transition

from .factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR) / "demo" / "drafts"


def article_with(writer, *, sections, **fields):
    """An article by ``writer`` whose sections are ``[(heading, body), ...]``."""
    article = ArticleFactory(authors=[writer], sections=0, **fields)
    for position, (heading, body) in enumerate(sections, start=1):
        SectionFactory(article=article, position=position, heading=heading, body=body)
    return article


def flags(revision):
    return list(revision.claim_flags.order_by("pk"))


def assert_points_into_revision(flag):
    """The stored offsets find the flagged words and their sentence in the revision's own text."""
    text = flag.part_text()
    assert text[flag.start : flag.end] == flag.text
    assert text[flag.sentence_start : flag.sentence_start + len(flag.sentence)] == flag.sentence
    before, flagged, after = flag.sentence_parts()
    assert flagged == flag.text and before + flagged + after == flag.sentence


# Stored on submit -----------------------------------------------------------


def test_submission_stores_each_claim_with_its_place_in_the_revision(writer):
    article = article_with(
        writer,
        # Not a yes/no question: the detector leaves questions to the answer.
        title="Kratom, the non-addictive painkiller",
        summary="  Kratom is sold online.  ",
        standfirst="Some shops call it harmless.",
        conclusion="Ask a pharmacist before you mix it with alcohol.",
        sections=[
            ("Why muscles get sore", "Soreness fades in a few days with rest."),
            ("How much people take", "Sellers suggest 1-3 grams. Others take half a teaspoon."),
        ],
    )

    revision = actions.submit_for_review(article, by=writer)

    stored = flags(revision)
    places = [(f.field, f.section_index, f.category) for f in stored]
    assert ("title", None, "absolute_safety") in places
    assert ("standfirst", None, "absolute_safety") in places
    assert ("section", 1, "dosage") in places
    assert ("conclusion", None, "interaction") in places
    assert not any(f.field == "summary" or f.section_index == 0 for f in stored)
    for flag in stored:
        assert_points_into_revision(flag)
    dose = next(f for f in stored if f.category == "dosage" and "1-3" in f.text)
    assert dose.sentence == "Sellers suggest 1-3 grams."
    assert dose.location == "Section 2 “How much people take”"
    assert dose.explanation


def test_a_risky_section_heading_is_flagged_too(writer):
    article = article_with(writer, sections=[("The non-addictive painkiller", "Rest helps.")])

    revision = actions.submit_for_review(article, by=writer)

    (flag,) = [f for f in flags(revision) if f.category == "absolute_safety"]
    assert (flag.field, flag.section_index) == ("section_heading", 0)
    assert flag.location == "Heading of section 1"
    assert_points_into_revision(flag)


def test_invisible_characters_and_look_alike_letters_do_not_hide_a_claim(writer):
    # A zero-width space, a Cyrillic "с" and a backwards run inside a
    # right-to-left override all display as plain "cures" to readers.
    article = article_with(
        writer,
        title="Kava cu\u200bres insomnia",
        sections=[("Relief", "Kratom \u0441ures anxiety. \u202eniap seruc aniagsawhsA\u202c")],
    )

    revision = actions.submit_for_review(article, by=writer)

    stored = [f for f in flags(revision) if f.category == "disease_treatment"]
    assert [(f.field, f.text) for f in stored] == [
        ("title", "cu\u200bres insomnia"),
        ("section", "\u0441ures anxiety"),
        ("section", "niap seruc"),
    ]
    for flag in stored:
        assert_points_into_revision(flag)


def test_a_clean_article_and_a_clear_denial_are_not_flagged(writer):
    article = article_with(
        writer,
        title="Recovering from sore muscles",
        summary="Rest, fluids and gentle movement help.",
        standfirst="Soreness after exercise is common.",
        conclusion="See a clinician if pain lasts more than a week.",
        sections=[("Evidence", "No study has shown kratom to be risk-free.")],
    )

    revision = actions.submit_for_review(article, by=writer)

    assert flags(revision) == []
    submitted = WorkflowEvent.objects.get(revision=revision, action="submitted")
    assert "flagged_claims" not in submitted.details


def test_the_submission_log_counts_the_flags(writer):
    article = article_with(writer, sections=[("Dose", "Take 2 grams twice daily.")])

    revision = actions.submit_for_review(article, by=writer)

    submitted = WorkflowEvent.objects.get(revision=revision, action="submitted")
    assert submitted.details["flagged_claims"] == revision.claim_flags.count() >= 1


def test_each_revision_keeps_its_own_flags(writer, reviewer):
    article = article_with(writer, sections=[("Dose", "Take 2 grams twice daily.")])
    first = actions.submit_for_review(article, by=writer)
    actions.request_changes(first, by=reviewer, note="No doses, please.")
    article.sections.update(body="Talk to a pharmacist about any product you take.")

    second = actions.submit_for_review(article, by=writer)

    assert {f.category for f in flags(first)} == {"dosage"}
    assert flags(second) == []


# The seed drafts ------------------------------------------------------------

#: For each seed draft, claims its revision must flag: (category, words that
#: must be inside a flagged span of that category, a phrase of its sentence).
SEED_CLAIMS = {
    "000_a51d1180bd8a0850.txt": [
        ("absolute_safety", "non-addictive", "Unlike opioids, kratom is non-addictive"),
        ("drug_substitution", "without opioid addiction", "significant pain reduction without opioid addiction"),
        ("efficacy_overstatement", "significant pain reduction", "provides significant pain reduction"),
        ("dosage", "1-3 grams", "at suggested doses (1-3 grams)"),
        ("dosage", "1-3 grams", "around 1-3 grams of powdered kratom"),
        ("dosage", "1-3 grams", "Starting with a low dosage, typically around 1-3 grams"),
    ],
    "001_931ace5c724a475d.txt": [
        ("drug_substitution", "without the side effects", "without the side effects commonly associated with prescription opioids"),
        ("mechanism", "anti-inflammatory", "The anti-inflammatory effects of kratom"),
    ],
    "002_5487eced9ec0c20f.txt": [
        ("dosage", "1-5 grams", "typically ranging from 1-5 grams"),
        ("dosage", "1-3 grams", "might range from 1-3 grams of kratom extract"),
    ],
    "003_76965b7e521498ea.txt": [
        ("dosage", "1-3 grams", "taking 1-3 grams about an hour before sleep"),
        ("dosage", "1-3 grams", "Typically, 1-3 grams of Kratom extract"),
        ("interaction", "benzodiazepines", "avoid combining it with benzodiazepines or opiates"),
        ("interaction", "Combining kratom", "Combining kratom with certain substances like benzodiazepines"),
    ],
    "004_36aacb3b517d2d82.txt": [
        ("mechanism", "prolactin", "stimulates the release of prolactin"),
        ("mechanism", "anti-inflammatory", "kratom’s anti-inflammatory effects"),
    ],
}


@pytest.mark.parametrize("seed", sorted(SEED_CLAIMS))
def test_seed_draft_revision_flags_its_dangerous_sentences(seed, writer):
    path = SEEDS / seed
    parsed = parse_draft(decode_draft(path.read_bytes(), source_name=seed), source_name=seed)
    article = import_draft(parsed, by=writer, author=writer).article

    revision = actions.submit_for_review(article, by=writer)

    stored = flags(revision)
    for flag in stored:
        assert_points_into_revision(flag)
    for category, words, sentence in SEED_CLAIMS[seed]:
        matching = [
            f for f in stored
            if f.category == category and sentence in f.sentence and _overlaps(f, words, sentence)
        ]
        assert matching, f"{seed}: no {category} flag on “{words}” in “{sentence}”"


def _overlaps(flag, words, sentence):
    """The flagged span covers part of ``words`` where they occur in ``sentence``."""
    base = flag.sentence_start + flag.sentence.index(sentence)
    start = base + sentence.index(words)
    end = start + len(words)
    return flag.start < end and start < flag.end


# The writer's live feedback -------------------------------------------------


def test_writer_sees_flags_on_the_working_copy_before_submitting(writer):
    article = article_with(
        writer,
        summary="  Kratom is non-addictive.",
        sections=[("Dose", "Start with 2 g."), ("Mixing", "Never mix it with alcohol.")],
    )

    found = scan_working_copy(article)

    assert {(c.field, c.section_index, c.category) for c in found} >= {
        ("summary", None, "absolute_safety"),
        ("section", 0, "dosage"),
        ("section", 1, "interaction"),
    }
    summary_claim = next(c for c in found if c.field == "summary")
    assert article.summary[summary_claim.start : summary_claim.end] == summary_claim.text
    assert summary_claim.location == "Key takeaways"
    assert summary_claim.category_label and summary_claim.explanation
    dose = next(c for c in found if c.category == "dosage")
    assert dose.heading == "Dose" and dose.sentence == "Start with 2 g."
    assert not ClaimFlag.objects.exists()


def test_writer_sees_which_disclaimers_the_claims_will_add(writer):
    article = article_with(writer, sections=[("Dose", "Start with 2 g.")])

    applied = {a.disclaimer.key: a for a in working_copy_disclaimers(article)}

    assert {"dosage", "not_medical_advice", "emergency"} <= set(applied)
    assert applied["dosage"].required
    assert applied["dosage"].reasons == ["dosage instructions claim in the text"]
    assert applied["emergency"].reasons == ["every article carries it"]


# Flags are part of the record -----------------------------------------------


def test_flags_cannot_be_changed_or_removed(writer):
    article = article_with(writer, sections=[("Dose", "Take 2 grams twice daily.")])
    revision = actions.submit_for_review(article, by=writer)
    flag = revision.claim_flags.first()

    flag.text = "nothing"
    with pytest.raises(TypeError, match="append-only"):
        flag.save()
    with pytest.raises(TypeError, match="append-only"):
        flag.delete()
    with pytest.raises(TypeError, match="append-only"):
        ClaimFlag.objects.filter(pk=flag.pk).update(category="mechanism")
    with pytest.raises(TypeError, match="append-only"):
        ClaimFlag.objects.filter(pk=flag.pk).delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE articles_claimflag SET category = 'mechanism' WHERE id = %s", [flag.pk])
    assert ClaimFlag.objects.get(pk=flag.pk).category == "dosage"


def test_flags_are_only_written_by_the_workflow(writer, reviewer):
    article = article_with(writer, sections=[("Dose", "Rest helps.")])
    revision = actions.submit_for_review(article, by=writer)
    extra = dict(revision=revision, field="title", category="dosage", start=0, end=1, text="x",
                 sentence="x", explanation="x")

    with pytest.raises(ProtectedWrite):
        ClaimFlag.objects.create(**extra)
    actions.approve(revision, by=reviewer)
    with pytest.raises(IntegrityError, match="revision in review"), transaction.atomic():
        with workflow_transition():
            ClaimFlag.objects.create(**extra)
    assert not revision.claim_flags.exists()


def test_the_review_page_gets_every_flag_in_context_in_a_fixed_number_of_queries(
    writer, reviewer, django_assert_num_queries
):
    article = article_with(
        writer,
        sections=[("Dose", "Take 2 grams twice daily."), ("Safety", "Kratom is non-addictive. It is harmless.")],
    )
    revision = actions.submit_for_review(article, by=writer)
    actions.resolve_claim(revision.claim_flags.first(), by=reviewer, reason="Reported use.")

    with django_assert_num_queries(1):
        shown = [
            (f.location, f.category_label, f.sentence_parts(), f.is_resolved, f.part_text()[f.start : f.end])
            for f in flags_for_review(revision)
        ]

    assert shown[0] == (
        "Section 1 “Dose”", "Dosage instructions", ("", "Take 2 grams twice daily", "."), True,
        "Take 2 grams twice daily",
    )
    assert [s[0] for s in shown[1:]] == ["Section 2 “Safety”"] * (len(shown) - 1)
    assert not any(s[3] for s in shown[1:])
    assert ("Kratom is ", "non-addictive", ".") in [s[2] for s in shown]


@pytest.mark.parametrize("role", ["Writers", "Medical reviewers", "Publishers"])
def test_every_editorial_role_can_view_flags_and_resolutions_but_not_change_them(role):
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    assert {"view_claimflag", "view_claimresolution", "view_revisiondisclaimer"} <= codenames
    assert not {c for c in codenames if c.endswith(("claimflag", "claimresolution")) and not c.startswith("view_")}
