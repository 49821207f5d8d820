"""What a reviewer sees as changed: word diffs, section matching, baselines."""

import pytest

from articles import actions
from articles.domain.diffing import diff_content, diff_sections, inline_diff, review_baseline
from articles.models import Section

from .factories import ArticleFactory


def content(**overrides):
    base = {
        "title": "Sleep and recovery",
        "slug": "sleep-and-recovery",
        "summary": "Sleep helps.",
        "standfirst": "Why rest matters.",
        "sections": [
            {"heading": "Why", "body": "Muscles repair during sleep."},
            {"heading": "How much", "body": "Seven to nine hours."},
            {"heading": "When to worry", "body": "Pain that lasts a week."},
        ],
        "conclusion": "Rest well.",
        "topics": [{"slug": "sleep", "name": "Sleep"}],
        "authors": [{"id": 1, "name": "Sam Okafor"}],
        "references": [],
        "hero": None,
        "disclaimers": [{"key": "emergency", "title": "In an emergency", "version": 1}],
    }
    base.update(overrides)
    return base


def test_inline_diff_marks_removed_and_added_words_and_escapes_everything():
    html = inline_diff("Take <b>two</b> tablets daily.", "Take one tablet daily <script>.")

    assert "<del>" in html and "<ins>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;" in html
    assert html.startswith("Take ")


def test_identical_content_has_no_changes():
    diff = diff_content(content(), content())

    assert not diff.changed
    assert diff.unchanged_section_count == 3
    assert all(section.status == "unchanged" for section in diff.sections)


def test_a_section_inserted_in_the_middle_leaves_later_sections_unchanged():
    new_sections = content()["sections"][:1] + [{"heading": "New", "body": "Added."}] + content()["sections"][1:]

    sections = diff_sections(content()["sections"], new_sections)

    assert [(s.heading, s.status) for s in sections] == [
        ("Why", "unchanged"),
        ("New", "added"),
        ("How much", "unchanged"),
        ("When to worry", "unchanged"),
    ]


def test_renamed_and_removed_sections():
    old = content()["sections"]
    new = [
        {"heading": "Why it matters", "body": old[0]["body"]},
        old[2],
    ]

    sections = diff_sections(old, new)

    assert [(s.status, s.old_index, s.new_index) for s in sections] == [
        ("changed", 0, 0),
        ("removed", 1, None),
        ("unchanged", 2, 1),
    ]
    assert str(sections[0].heading_html) == "Why<ins> it matters</ins>"


def test_text_fields_and_lists_report_what_changed():
    diff = diff_content(
        content(),
        content(
            title="Sleep and muscle recovery",
            topics=[{"slug": "sleep", "name": "Sleep"}, {"slug": "pain", "name": "Pain"}],
            disclaimers=[],
        ),
    )

    assert [t.name for t in diff.changed_texts] == ["title"]
    assert "<ins>muscle </ins>" in diff.changed_texts[0].html
    changed = {item.label: (item.added, item.removed) for item in diff.changed_lists}
    assert changed == {"Topics": (["Pain"], []), "Disclaimers": ([], ["In an emergency (v1)"])}


def test_a_new_article_is_all_new():
    diff = diff_content(None, content())

    assert diff.is_new and diff.changed
    assert [s.status for s in diff.sections] == ["added"] * 3


@pytest.mark.django_db
def test_baseline_is_the_live_revision_else_the_last_approved_one(writer, reviewer, publisher):
    article = ArticleFactory(authors=[writer])
    first = actions.submit_for_review(article, by=writer)
    assert review_baseline(first) is None
    actions.approve(first, by=reviewer)

    Section.objects.filter(article=article, position=1).update(body="Second wording.")
    second = actions.submit_for_review(article, by=writer)
    assert review_baseline(second) == first

    actions.approve(second, by=reviewer)
    actions.publish(article, by=publisher)
    Section.objects.filter(article=article, position=1).update(body="Third wording.")
    third = actions.submit_for_review(article, by=writer)
    third.article.refresh_from_db()
    assert review_baseline(third) == second


def test_a_rewrite_is_shown_as_old_text_then_new_text():
    html = inline_diff("Kratom cures muscle pain fast.", "Rest, fluids and time help sore muscles.")

    assert html == "<del>Kratom cures muscle pain fast.</del>\n<ins>Rest, fluids and time help sore muscles.</ins>"
