"""Importing plain-text drafts: the import_articles command, the import action behind it and the admin upload.

The five seeds in demo/drafts are the fixtures. Expected structure is read from
the seed files line by line here, not from the parser, so a parser bug cannot
hide behind its own output.
"""

import io
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles import actions
from articles.domain.claim_flags import scan_working_copy
from articles.importing.parser import MAX_DRAFT_BYTES
from articles.importing.sources import file_source
from articles.models import Article, ArticleRevision, Section, WorkflowEvent

from .admin_helpers import article_form_data, change_url, logged_in
from .factories import ArticleFactory, ReviewerFactory, TopicFactory, UserFactory, WriterFactory

pytestmark = pytest.mark.django_db

DRAFTS = Path(__file__).resolve().parent.parent / "demo" / "drafts"
SEED_NAMES = sorted(path.name for path in DRAFTS.glob("*.txt"))
NO_SUMMARY = "002_5487eced9ec0c20f.txt"


#: A short draft with no risky claims, so a reviewer can approve it without resolving flags.
PLAIN_DRAFT = """title: Sore muscles
slug: sore

Sleep helps muscles recover.
Why rest matters after exercise.
- Resting
- Drinking water
Resting
Sleep well on the nights after a long run.
An easy week after a race lets the legs recover.
Drinking water
Drink water through the day, more on hot days.
Rest well and drink water.
"""


def seed_text(name):
    return (DRAFTS / name).read_text(encoding="utf-8")


def expected_structure(name):
    """What a reader of the seed file sees: summary, intro, headings, paragraphs per section, conclusion."""
    lines = [line.strip() for line in seed_text(name).splitlines() if line.strip()]
    toc_start = next(i for i, line in enumerate(lines) if line.startswith("- "))
    toc_end = next(i for i in range(toc_start, len(lines)) if not lines[i].startswith("- "))
    headings = [line[2:].strip() for line in lines[toc_start:toc_end]]
    preamble = lines[:toc_start]
    body = lines[toc_end:]
    starts = [body.index(heading) for heading in headings]
    bodies = [body[start + 1 : end] for start, end in zip(starts, starts[1:] + [len(body)])]
    conclusion = bodies[-1].pop()
    return {
        "summary": preamble[0] if len(preamble) == 2 else "",
        "headings": headings,
        "bodies": ["\n\n".join(paragraphs) for paragraphs in bodies],
        "conclusion": conclusion,
    }


def run_import(*args):
    """Run the command; return (succeeded, everything it printed including the final error).

    Without --by or --author the import is done by the writer "importer".
    """
    if "--by" not in args and "--author" not in args:
        WriterFactory(username="importer")
        args = ("--by", "importer", *args)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue() + err.getvalue() + str(error)
    return True, out.getvalue() + err.getvalue()


def write(folder, name, content):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def nothing_written():
    return not Article.objects.exists() and not Section.objects.exists()


def with_front_matter(name, **keys):
    header = "".join(f"{key}: {value}\n" for key, value in keys.items())
    return header + "\n" + seed_text(name)


def snapshot(article):
    article.refresh_from_db()
    return {
        "title": article.title,
        "summary": article.summary,
        "standfirst": article.standfirst,
        "conclusion": article.conclusion,
        "sections": list(article.sections.values_list("position", "heading", "body")),
        "edit_version": article.edit_version,
    }


# --------------------------------------------------------------------------- the five seeds


@pytest.mark.parametrize("name", SEED_NAMES)
def test_each_seed_imports_with_its_sections_in_order_and_the_conclusion_apart(name):
    expected = expected_structure(name)

    ok, output = run_import(DRAFTS / name)

    assert ok, output
    article = Article.objects.get()
    sections = list(article.sections.order_by("position"))
    assert [s.heading for s in sections] == expected["headings"]
    assert [s.position for s in sections] == list(range(1, len(expected["headings"]) + 1))
    assert [s.body for s in sections] == expected["bodies"]
    assert article.summary == expected["summary"]
    assert article.conclusion == expected["conclusion"]
    assert expected["conclusion"] not in sections[-1].body
    assert article.standfirst and article.standfirst[0] not in "“\""
    assert f"created draft “{article.title}”" in output


def test_the_seed_without_a_summary_imports_with_an_empty_summary_and_says_so():
    ok, output = run_import(DRAFTS / NO_SUMMARY)

    assert ok, output
    assert Article.objects.get().summary == ""
    assert "no summary" in output


def test_a_folder_of_seeds_imports_every_seed_and_reports_each_with_a_counter():
    ok, output = run_import(DRAFTS)

    assert ok, output
    assert Article.objects.count() == 5
    for number, name in enumerate(SEED_NAMES, start=1):
        assert f"[{number}/5] created draft “{expected_structure(name)['headings'][0]}” from {DRAFTS / name} (" in output
    assert "5 drafts: 5 created." in output


def test_a_provisional_title_is_derived_from_the_first_heading_and_reported():
    ok, output = run_import(DRAFTS / SEED_NAMES[0])

    assert ok
    article = Article.objects.get()
    assert article.title == expected_structure(SEED_NAMES[0])["headings"][0]
    assert f"no title: derived '{article.title}' from the first table-of-contents entry" in output


def test_two_drafts_opening_with_the_same_heading_get_distinct_slugs():
    # Seeds 000 and 004 both open with "Understanding Muscle Soreness and Its Causes".
    ok, output = run_import(DRAFTS / "000_a51d1180bd8a0850.txt", DRAFTS / "004_36aacb3b517d2d82.txt")

    assert ok, output
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "understanding-muscle-soreness-and-its-causes",
        "understanding-muscle-soreness-and-its-causes-2",
    ]
    assert "so this draft gets 'understanding-muscle-soreness-and-its-causes-2'" in output


def test_imported_articles_are_drafts_that_nobody_submitted_or_published(writer):
    ok, _ = run_import("--author", "writer", DRAFTS)

    assert ok
    assert not ArticleRevision.objects.exists()
    assert not WorkflowEvent.objects.exists()
    assert not Article.objects.published().exists()
    assert not Article.objects.filter(scheduled_revision__isnull=False).exists()


def test_front_matter_sets_title_slug_topics_and_author(writer, tmp_path):
    TopicFactory(name="Sleep", slug="sleep")
    TopicFactory(name="Pain management", slug="pain-management")
    text = with_front_matter(
        SEED_NAMES[3], title="Kratom and sleep", slug="kratom-sleep", topics="sleep, Pain Management", author="writer"
    )

    ok, output = run_import(write(tmp_path, "front.txt", text))

    assert ok, output
    article = Article.objects.get()
    assert (article.title, article.slug) == ("Kratom and sleep", "kratom-sleep")
    assert sorted(article.topics.values_list("slug", flat=True)) == ["pain-management", "sleep"]
    assert list(article.authors.all()) == [writer]
    assert article.created_by == writer
    assert "no title" not in output


def test_windows_line_endings_a_bom_trailing_spaces_and_blank_lines_import_like_the_clean_file(tmp_path):
    name = SEED_NAMES[0]
    expected = expected_structure(name)
    messy = "\ufeff" + "\r\n\r\n".join(line + "  \t" for line in seed_text(name).split("\n"))

    ok, output = run_import(write(tmp_path, "messy.txt", messy))

    assert ok, output
    article = Article.objects.get()
    assert [s.heading for s in article.sections.all()] == expected["headings"]
    assert [s.body for s in article.sections.all()] == expected["bodies"]
    assert (article.summary, article.conclusion) == (expected["summary"], expected["conclusion"])


def test_straight_quotes_around_the_intro_are_removed_like_curly_ones(tmp_path):
    name = SEED_NAMES[0]
    straight = seed_text(name).replace("“", '"', 1).replace("”\n", '"\n', 1)
    ok, _ = run_import(DRAFTS / name)
    assert ok
    curly_intro = Article.objects.get().standfirst
    Article.objects.all().delete()

    ok, output = run_import(write(tmp_path, "straight.txt", straight))

    assert ok, output
    assert Article.objects.get().standfirst == curly_intro


def test_a_heading_differing_from_its_entry_in_case_and_spacing_still_starts_its_section(tmp_path):
    name = SEED_NAMES[1]
    headings = expected_structure(name)["headings"]
    shouted = "  " + headings[1].upper().replace(" ", "   ") + " "
    text = seed_text(name).replace(f"\n{headings[1]}\n", f"\n{shouted}\n", 1)
    assert text != seed_text(name)

    ok, output = run_import(write(tmp_path, "draft.txt", text))

    assert ok, output
    article = Article.objects.get()
    assert [s.heading for s in article.sections.all()] == [headings[0], headings[1].upper(), headings[2]]
    assert "differs from its table-of-contents entry" in output


def test_the_output_counts_the_risky_claims_the_writer_will_see_in_each_imported_draft(tmp_path):
    ok, output = run_import(DRAFTS / SEED_NAMES[0], write(tmp_path, "plain.txt", PLAIN_DRAFT))

    assert ok, output
    seed = Article.objects.exclude(slug="sore").get()
    found = scan_working_copy(seed)
    assert "non-addictive" in {claim.text for claim in found}
    assert f"3 sections, summary, {len(found)} risky claims flagged)" in output
    assert "created draft “Sore muscles” from " in output
    assert "plain.txt (slug sore; 2 sections, summary, 0 risky claims flagged)" in output
    assert not seed.revisions.exists()


def test_a_dry_run_does_not_claim_to_have_scanned_anything():
    ok, output = run_import("--dry-run", DRAFTS / SEED_NAMES[0])

    assert ok
    assert "flagged" not in output


# --------------------------------------------------------------------------- malformed drafts

SEED = SEED_NAMES[0]


def _without_toc():
    return "\n".join(line for line in seed_text(SEED).split("\n") if not line.startswith("- ")).encode()


def _heading_removed():
    heading = expected_structure(SEED)["headings"][1]
    return seed_text(SEED).replace(f"\n{heading}\n", "\n", 1).encode()


def _bad_byte_on_line_5():
    lines = seed_text(SEED).encode().split(b"\n")
    lines[4] = lines[4][:10] + b"\x93quoted\x94" + lines[4][10:]
    return b"\n".join(lines)


MALFORMED = {
    # case: (bytes, line reported, words in the message)
    "no table of contents": (_without_toc, 1, "no table of contents"),
    "entry without a heading": (_heading_removed, 4, "has no matching heading line"),
    "undecodable bytes": (_bad_byte_on_line_5, 5, "not valid UTF-8"),
    "empty file": (lambda: b"", 1, "the draft is empty"),
    "blank lines only": (lambda: b"\r\n  \r\n\t\r\n", 1, "the draft is empty"),
    "entry without a heading, CRLF and BOM": (
        lambda: b"\xef\xbb\xbf" + _heading_removed().replace(b"\n", b"\r\n"),
        4,
        "has no matching heading line",
    ),
    "undecodable bytes, CRLF and BOM": (
        lambda: b"\xef\xbb\xbf" + _bad_byte_on_line_5().replace(b"\n", b"\r\n"),
        5,
        "not valid UTF-8",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_draft_fails_naming_file_and_line_and_writes_nothing(case, tmp_path):
    make, line, words = MALFORMED[case]
    path = write(tmp_path, "bad draft.txt", make())

    ok, output = run_import(path)

    assert not ok
    assert f"failed, nothing imported: {path}, line {line}: " in output
    assert words in output
    assert "1 of 1 drafts failed" in output
    assert nothing_written()


def test_a_batch_with_one_bad_file_imports_the_others_and_exits_non_zero(tmp_path):
    for name in SEED_NAMES[:3]:
        write(tmp_path, name, seed_text(name))
    bad = write(tmp_path, "000b_broken.txt", _heading_removed())

    ok, output = run_import(tmp_path)

    assert not ok
    assert "1 of 4 drafts failed" in output
    assert f"[2/4] failed, nothing imported: {bad}, line 4: " in output
    assert "4 drafts: 3 created, 1 failed" in output
    imported = {article.sections.first().heading for article in Article.objects.all()}
    assert imported == {expected_structure(name)["headings"][0] for name in SEED_NAMES[:3]}


def test_a_failing_draft_raises_a_command_error_for_scripts_and_call_command(writer, tmp_path):
    with pytest.raises(CommandError, match="1 of 1 drafts failed"):
        call_command(
            "import_articles",
            "--by",
            "writer",
            str(write(tmp_path, "e.txt", b"")),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_a_missing_path_stops_the_command_before_anything_is_imported(tmp_path):
    ok, output = run_import(DRAFTS / SEED_NAMES[0], tmp_path / "typo.txt")

    assert not ok
    assert "no such file or folder" in output and "typo.txt" in output
    assert nothing_written()


def test_an_oversized_file_is_refused_without_being_read_and_writes_nothing(tmp_path):
    path = write(tmp_path, "huge.txt", seed_text(SEED).encode() + b"x" * MAX_DRAFT_BYTES)

    ok, output = run_import(path)

    assert not ok
    assert "drafts are limited to 1,000,000 bytes" in output
    assert nothing_written()


# --------------------------------------------------------------------------- --dry-run


def test_dry_run_reports_what_would_happen_and_writes_nothing(writer, tmp_path):
    TopicFactory(name="Sleep", slug="sleep")
    write(tmp_path, "a.txt", with_front_matter(SEED_NAMES[0], slug="a", topics="Sleep"))
    write(tmp_path, "b.txt", seed_text(SEED_NAMES[1]))
    write(tmp_path, "c.txt", _without_toc())

    ok, output = run_import("--dry-run", "--author", "writer", tmp_path)

    assert not ok  # c.txt would fail, so the dry run says so too
    assert nothing_written()
    assert f"would create draft “Understanding Muscle Soreness and Its Causes” from {tmp_path / 'a.txt'}" in output
    assert f"from {tmp_path / 'b.txt'} (slug " in output
    assert f"failed, nothing imported: {tmp_path / 'c.txt'}, line 1: " in output
    assert "2 would be created, 1 failed" in output and "dry run, nothing was written" in output


def test_dry_run_predicts_the_slug_a_repeated_heading_will_get():
    ok, output = run_import("--dry-run", DRAFTS / "000_a51d1180bd8a0850.txt", DRAFTS / "004_36aacb3b517d2d82.txt")

    assert ok
    assert "(slug understanding-muscle-soreness-and-its-causes-2;" in output
    assert nothing_written()


# --------------------------------------------------------------------------- existing slugs and --update


def test_an_existing_slug_is_refused_without_update_and_the_article_is_untouched(tmp_path):
    first = write(tmp_path, "first.txt", with_front_matter(SEED_NAMES[0], slug="kratom-soreness"))
    second = write(tmp_path, "second.txt", with_front_matter(SEED_NAMES[1], slug="kratom-soreness"))
    assert run_import(first)[0]
    article = Article.objects.get()
    before = snapshot(article)

    ok, output = run_import(second)

    assert not ok
    assert f"failed, nothing imported: {second}, line 1: an article with the slug 'kratom-soreness' already exists" in output
    assert "--update" in output
    assert snapshot(article) == before
    assert Article.objects.count() == 1


def test_update_replaces_the_sections_and_text_of_a_draft(writer, tmp_path):
    TopicFactory(name="Sleep", slug="sleep")
    path = write(tmp_path, "draft.txt", with_front_matter(SEED_NAMES[0], title="Sore muscles", slug="sore"))
    assert run_import(path)[0]
    article = Article.objects.get()
    before = snapshot(article)
    path.write_text(with_front_matter(SEED_NAMES[2], title="Chronic pain", slug="sore", topics="Sleep"))

    ok, output = run_import("--update", "--author", "writer", path)

    assert ok, output
    assert f"updated draft “Chronic pain” from {path} (slug sore; 3 sections, no summary, " in output
    assert Article.objects.get().pk == article.pk
    after = snapshot(article)
    expected = expected_structure(SEED_NAMES[2])
    assert [heading for _, heading, _ in after["sections"]] == expected["headings"]
    assert [body for _, _, body in after["sections"]] == expected["bodies"]
    assert (after["title"], after["summary"], after["conclusion"]) == ("Chronic pain", "", expected["conclusion"])
    assert after["edit_version"] == before["edit_version"] + 1
    assert Section.objects.count() == 3
    assert list(article.topics.values_list("slug", flat=True)) == ["sleep"]
    assert list(article.authors.all()) == [writer]


def test_update_keeps_the_title_and_topics_when_the_file_names_none(tmp_path):
    topic = TopicFactory(name="Sleep", slug="sleep")
    path = write(tmp_path, "d.txt", with_front_matter(SEED_NAMES[0], title="Sore muscles", slug="sore", topics="sleep"))
    assert run_import(path)[0]
    path.write_text(with_front_matter(SEED_NAMES[1], slug="sore"))

    ok, output = run_import("--update", path)

    assert ok, output
    article = Article.objects.get()
    assert article.title == "Sore muscles"
    assert list(article.topics.all()) == [topic]
    assert "kept the title “Sore muscles”" in output


def test_update_creates_a_draft_whose_slug_is_new(tmp_path):
    ok, output = run_import("--update", write(tmp_path, "n.txt", with_front_matter(SEED_NAMES[0], slug="new-one")))

    assert ok
    assert "created draft" in output
    assert Article.objects.get().slug == "new-one"


def test_update_refuses_a_live_article_and_readers_keep_the_approved_revision(writer, reviewer, publisher, tmp_path):
    path = write(tmp_path, "live.txt", PLAIN_DRAFT)
    assert run_import("--author", "writer", path)[0]
    article = Article.objects.get()
    revision = actions.submit_for_review(article, by=writer)
    actions.approve(revision, by=reviewer, note="Fine.")
    actions.publish(article, by=publisher)
    article.refresh_from_db()
    working_copy = snapshot(article)
    live = ArticleRevision.objects.get(pk=article.live_revision_id)
    live_content = (live.content_hash, live.title, live.sections)
    path.write_text(with_front_matter(SEED_NAMES[2], title="Something else", slug="sore"))

    ok, output = run_import("--update", path)

    assert not ok
    assert f"failed, nothing imported: {path}, line 2: “Sore muscles” (sore) is live" in output
    assert "submit the change for medical review" in output
    assert snapshot(article) == working_copy
    article.refresh_from_db()
    assert article.live_revision_id == live.pk
    live.refresh_from_db()
    assert (live.content_hash, live.title, live.sections) == live_content
    assert ArticleRevision.objects.count() == 1


def test_without_update_a_live_article_is_refused_without_suggesting_an_update(live_article, tmp_path):
    before = snapshot(live_article)

    ok, output = run_import(write(tmp_path, "l.txt", with_front_matter(SEED_NAMES[0], slug=live_article.slug)))

    assert not ok
    assert "is live, and an import never changes a published article" in output
    assert "--update" not in output
    assert snapshot(live_article) == before


def test_update_refuses_an_article_scheduled_for_publication(writer, reviewer, publisher, tmp_path):
    path = write(tmp_path, "s.txt", PLAIN_DRAFT)
    assert run_import("--author", "writer", path)[0]
    article = Article.objects.get()
    actions.approve(actions.submit_for_review(article, by=writer), by=reviewer)
    actions.publish(article, by=publisher, at=timezone.now() + timedelta(days=1))
    before = snapshot(article)
    path.write_text(PLAIN_DRAFT.replace("Rest well and drink water.", "Rest well."))

    ok, output = run_import("--update", path)

    assert not ok
    assert "is scheduled for publication, and an import never changes an article on its way to readers" in output
    assert snapshot(article) == before


def test_update_refuses_an_article_whose_revision_is_in_review(writer, tmp_path):
    path = write(tmp_path, "r.txt", with_front_matter(SEED_NAMES[0], slug="sore"))
    assert run_import("--author", "writer", path)[0]
    article = Article.objects.get()
    actions.submit_for_review(article, by=writer)
    before = snapshot(article)
    path.write_text(with_front_matter(SEED_NAMES[1], slug="sore"))

    ok, output = run_import("--update", path)

    assert not ok
    assert "revision 1 of" in output and "is in medical review" in output
    assert snapshot(article) == before


def test_update_is_allowed_after_changes_were_requested(writer, reviewer, tmp_path):
    path = write(tmp_path, "c.txt", with_front_matter(SEED_NAMES[0], slug="sore"))
    assert run_import("--author", "writer", path)[0]
    article = Article.objects.get()
    revision = actions.submit_for_review(article, by=writer)
    actions.request_changes(revision, by=reviewer, note="Remove the dose.")
    path.write_text(with_front_matter(SEED_NAMES[1], slug="sore"))

    ok, output = run_import("--update", path)

    assert ok, output
    assert [s.heading for s in article.sections.all()] == expected_structure(SEED_NAMES[1])["headings"]
    revision.refresh_from_db()
    assert revision.sections[0]["heading"] == expected_structure(SEED_NAMES[0])["headings"][0]


def test_importing_an_untitled_draft_twice_is_refused_instead_of_duplicating_it(tmp_path):
    path = write(tmp_path, "untitled.txt", seed_text(SEED_NAMES[0]))
    assert run_import(path)[0]

    ok, output = run_import(path)

    assert not ok
    assert "this draft was already imported as “Understanding Muscle Soreness and Its Causes” " in output
    assert Article.objects.count() == 1
    ok, output = run_import("--update", path)
    assert ok, output
    assert Article.objects.count() == 1


def test_update_refuses_an_edited_untitled_draft_rather_than_guess_its_article(tmp_path):
    path = write(tmp_path, "untitled.txt", seed_text(SEED_NAMES[0]))
    assert run_import(path)[0]
    article = Article.objects.get()
    before = snapshot(article)
    path.write_text(seed_text(SEED_NAMES[0]).replace("Kratom supplements offer", "Kratom may offer"))

    ok, output = run_import("--update", path)

    assert not ok
    assert f"Add 'slug: {article.slug}' at the top to re-import into it" in output
    assert snapshot(article) == before
    ok, output = run_import("--update", write(tmp_path, "named.txt", f"slug: {article.slug}\n\n" + path.read_text()))
    assert ok, output
    article.refresh_from_db()
    assert article.conclusion.startswith("Kratom may offer")


def test_identical_untitled_files_in_one_run_import_once(tmp_path):
    write(tmp_path, "a.txt", seed_text(SEED_NAMES[0]))
    write(tmp_path, "b.txt", seed_text(SEED_NAMES[0]))

    for args in (["--dry-run"], []):
        ok, output = run_import(*args, tmp_path)
        assert not ok
        assert "a.txt, earlier in this import, has exactly the same text" in output
    assert Article.objects.count() == 1


def test_two_files_in_one_run_cannot_claim_the_same_slug(tmp_path):
    write(tmp_path, "a.txt", with_front_matter(SEED_NAMES[0], slug="same"))
    write(tmp_path, "b.txt", with_front_matter(SEED_NAMES[1], slug="same"))

    ok, output = run_import("--update", tmp_path)

    assert not ok
    assert "a.txt, earlier in this import, already uses the slug 'same'" in output
    article = Article.objects.get()
    assert [s.heading for s in article.sections.all()] == expected_structure(SEED_NAMES[0])["headings"]


# --------------------------------------------------------------------------- standard input


def test_a_draft_can_be_read_from_standard_input(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(with_front_matter(SEED_NAMES[2], slug="from-stdin").encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", stdin)

    ok, output = run_import("-")

    assert ok, output
    assert "created draft “Understanding Chronic Pain and Kratom's Role in Management” from <stdin>" in output
    assert Article.objects.get().slug == "from-stdin"


def test_a_bad_draft_on_standard_input_is_reported_as_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"just one line\n")))

    ok, output = run_import("-")

    assert not ok
    assert "failed, nothing imported: <stdin>, line 1: " in output
    assert nothing_written()


# --------------------------------------------------------------------------- --author and --topic


def test_author_and_topic_options_apply_to_every_draft(writer):
    TopicFactory(name="Kratom", slug="kratom")
    TopicFactory(name="Muscle recovery", slug="muscle-recovery")

    ok, output = run_import("--author", "writer", "--topic", "kratom", "--topic", "MUSCLE RECOVERY", DRAFTS)

    assert ok, output
    for article in Article.objects.all():
        assert list(article.authors.all()) == [writer]
        assert sorted(article.topics.values_list("slug", flat=True)) == ["kratom", "muscle-recovery"]


def test_the_author_line_of_a_draft_wins_over_the_author_option(writer, tmp_path):
    other = WriterFactory(username="jo")

    ok, _ = run_import("--author", "writer", write(tmp_path, "a.txt", with_front_matter(SEED_NAMES[0], author="jo")))

    assert ok
    assert list(Article.objects.get().authors.all()) == [other]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--author", "nobody"], "--author: there is no user 'nobody'"),
        (["--author", "reviewer"], "--author: 'reviewer' is not an active member of the Writers group"),
        (["--topic", "slep"], "--topic: there is no topic 'slep'. Did you mean 'Sleep'?"),
    ],
)
def test_a_bad_option_stops_the_command_before_anything_is_imported(args, message, reviewer):
    TopicFactory(name="Sleep", slug="sleep")

    ok, output = run_import(*args, DRAFTS)

    assert not ok
    assert message in output
    assert nothing_written()


@pytest.mark.parametrize(
    "keys, line, message",
    [
        ({"title": "T", "author": "ghost"}, 2, "there is no user 'ghost'"),
        ({"author": "publisher"}, 1, "'publisher' is not an active member of the Writers group"),
        ({"slug": "s", "topics": "Sleep, Nutrition"}, 2, "there is no topic 'Nutrition'"),
        ({"title": "x" * 201}, 1, "the article has an invalid title: Ensure this value has at most 200 characters"),
    ],
)
def test_a_bad_front_matter_value_fails_naming_its_line(keys, line, message, publisher, tmp_path):
    TopicFactory(name="Sleep", slug="sleep")
    path = write(tmp_path, "fm.txt", with_front_matter(SEED_NAMES[0], **keys))

    ok, output = run_import(path)

    assert not ok
    assert f"failed, nothing imported: {path}, line {line}: {message}" in output
    assert nothing_written()


def test_an_author_who_left_the_writers_group_is_refused(tmp_path):
    UserFactory(username="former", groups=[])

    ok, output = run_import(write(tmp_path, "a.txt", with_front_matter(SEED_NAMES[0], author="former")))

    assert not ok
    assert "'former' is not an active member of the Writers group" in output


# --------------------------------------------------------------------------- the action


def test_the_action_imports_each_source_in_its_own_transaction(writer, tmp_path):
    good = write(tmp_path, "good.txt", seed_text(SEED_NAMES[0]))
    bad = write(tmp_path, "bad.txt", _heading_removed())
    later = write(tmp_path, "later.txt", seed_text(SEED_NAMES[2]))

    outcomes = list(actions.import_drafts(map(file_source, [good, bad, later]), by=writer, author=writer))

    assert [outcome.action for outcome in outcomes] == ["created", "failed", "created"]
    assert outcomes[1].error.line == 4
    assert Article.objects.count() == 2
    assert all(list(o.article.authors.all()) == [writer] for o in outcomes if not o.failed)


def test_the_command_needs_a_writer_to_import_as(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Name the writer doing the import with --by"):
        call_command("import_articles", str(DRAFTS / SEED_NAMES[0]), stdout=out, stderr=err)
    assert nothing_written()


def test_the_command_refuses_to_import_as_someone_who_is_not_a_writer(reviewer):
    ok, output = run_import("--by", "reviewer", DRAFTS / SEED_NAMES[0])

    assert not ok
    assert "--by: 'reviewer' is not an active member of the Writers group" in output
    assert nothing_written()


@pytest.mark.parametrize("role", ["reviewer", "publisher", "superuser"])
def test_the_action_refuses_anyone_but_a_writer(role, reviewer, publisher, writer):
    user = {"reviewer": reviewer, "publisher": publisher, "superuser": UserFactory(is_superuser=True)}[role]

    with pytest.raises(actions.NotPermitted, match="cannot import drafts"):
        actions.import_draft(file_source(DRAFTS / SEED_NAMES[0]), by=user, author=writer)
    with pytest.raises(actions.NotPermitted):
        actions.import_drafts([file_source(DRAFTS / SEED_NAMES[0])], by=user)
    assert nothing_written()


def test_the_action_refuses_a_draft_with_a_workflow_error_naming_file_and_line(live_article, writer, tmp_path):
    source = file_source(write(tmp_path, "live.txt", with_front_matter(SEED_NAMES[0], slug=live_article.slug)))

    with pytest.raises(actions.ActionError, match=r"live\.txt, line 1: .* is live"):
        actions.import_draft(source, by=writer)


def test_an_import_saves_like_an_editor_the_importer_and_the_author_are_its_editors(writer, tmp_path):
    importer = WriterFactory(username="sam")
    path = write(tmp_path, "a.txt", with_front_matter(SEED_NAMES[0], slug="sore", author="writer"))

    assert run_import("--by", "sam", path)[0]

    article = Article.objects.get()
    assert article.edit_version == 1
    assert article.last_edited_by == importer
    assert set(article.pending_editors.all()) == {importer, writer}
    assert list(article.authors.all()) == [writer]


def test_update_bumps_the_edit_version_once_and_an_editor_who_loaded_the_form_earlier_gets_a_conflict(
    writer, tmp_path
):
    path = write(tmp_path, "a.txt", with_front_matter(SEED_NAMES[0], title="Sore muscles", slug="sore"))
    assert run_import("--author", "writer", path)[0]
    article = Article.objects.get()
    colleague = WriterFactory(first_name="Ada", last_name="Byrne")
    loaded_earlier = article_form_data(article, standfirst="My own introduction.")
    before = article.edit_version
    path.write_text(with_front_matter(SEED_NAMES[1], title="Sore muscles", slug="sore"))

    ok, output = run_import("--update", "--by", colleague.username, path)

    assert ok, output
    article.refresh_from_db()
    assert article.edit_version == before + 1
    assert article.last_edited_by == colleague
    imported = article.standfirst
    response = logged_in(writer).post(change_url(article), loaded_earlier)
    assert response.status_code == 200
    assert "Ada Byrne saved" in response.content.decode()
    assert "your changes were not saved" in response.content.decode()
    article.refresh_from_db()
    assert article.standfirst == imported
    assert article.edit_version == before + 1


@pytest.mark.parametrize("submitter", ["importer", "named author"])
def test_a_dual_role_importer_cannot_approve_a_draft_they_imported_for_another_writer(submitter, tmp_path):
    importer = ReviewerFactory(username="dual", groups=("Writers", "Medical reviewers"))
    named = WriterFactory(username="named")
    path = write(tmp_path, "p.txt", PLAIN_DRAFT.replace("slug: sore\n", "slug: sore\nauthor: named\n"))
    assert run_import("--by", "dual", path)[0]
    article = Article.objects.get()
    assert list(article.authors.all()) == [named]

    revision = actions.submit_for_review(article, by=importer if submitter == "importer" else named)

    assert {importer.pk, named.pk} <= set(revision.editor_ids)
    with pytest.raises(actions.SelfReviewRefused):
        actions.approve(revision, by=importer, note="Looks fine.")
    assert not revision.article.live_revision_id
    other = ReviewerFactory()
    actions.approve(revision, by=other, note="Fine.")


# --------------------------------------------------------------------------- duplicate titles

SAME_HEADING = "Understanding Muscle Soreness and Its Causes"  # seeds 000 and 004 both open with it
DUPLICATE_WARNING = (
    f"another article already has this title: “{SAME_HEADING}” "
    "(slug understanding-muscle-soreness-and-its-causes)"
)


def test_importing_a_second_draft_with_the_same_title_warns_naming_the_first_article():
    ok, output = run_import(DRAFTS / "000_a51d1180bd8a0850.txt")
    assert ok
    assert "already has this title" not in output

    ok, output = run_import(DRAFTS / "004_36aacb3b517d2d82.txt")

    assert ok, output
    assert f"warning: {DUPLICATE_WARNING}; give one of them a distinct title" in output
    assert Article.objects.filter(title=SAME_HEADING).count() == 2


def test_the_title_comparison_ignores_case(tmp_path):
    ArticleFactory(title="Kratom And Sleep", slug="older")

    ok, output = run_import(write(tmp_path, "a.txt", with_front_matter(SEED_NAMES[0], title="kratom and sleep")))

    assert ok, output
    assert "another article already has this title: “Kratom And Sleep” (slug older)" in output


def test_a_dry_run_warns_about_two_drafts_of_the_batch_with_the_same_title():
    ok, output = run_import("--dry-run", DRAFTS / "000_a51d1180bd8a0850.txt", DRAFTS / "004_36aacb3b517d2d82.txt")

    assert ok, output
    assert f"another article already has this title: the draft {DRAFTS / '000_a51d1180bd8a0850.txt'}, earlier" in output


def test_the_admin_upload_warns_about_a_duplicate_title(client, writer):
    client.force_login(writer)
    post_upload(client, upload("first.txt", seed_text("000_a51d1180bd8a0850.txt")), author=writer.pk)

    response = post_upload(client, upload("second.txt", seed_text("004_36aacb3b517d2d82.txt")), author=writer.pk)

    assert any(
        level == "warning" and text.startswith(f"second.txt: {DUPLICATE_WARNING}")
        for level, text in shown_messages(response)
    ), shown_messages(response)


def test_the_changelist_marks_articles_sharing_a_title_and_filters_them(client, writer):
    ok, output = run_import(DRAFTS / "000_a51d1180bd8a0850.txt", DRAFTS / "004_36aacb3b517d2d82.txt")
    assert ok, output
    ArticleFactory(title="A title of its own", slug="unique")
    ArticleFactory(title=SAME_HEADING.upper(), slug="shouted")
    client.force_login(writer)

    page = client.get("/admin/articles/article/")

    html = page.content.decode()
    assert html.count(">Duplicate title</span>") == 3
    for slug in ("understanding-muscle-soreness-and-its-causes", "understanding-muscle-soreness-and-its-causes-2", "shouted"):
        assert f'<span class="vetted-slug">{slug}</span>' in html
    assert '<span class="vetted-slug">unique</span>' not in html
    filtered = client.get("/admin/articles/article/?duplicate_title=yes")
    assert sorted(a.slug for a in filtered.context["cl"].result_list) == [
        "shouted",
        "understanding-muscle-soreness-and-its-causes",
        "understanding-muscle-soreness-and-its-causes-2",
    ]


# --------------------------------------------------------------------------- the admin upload

IMPORT_URL = "/admin/articles/article/import/"


def upload(name, content):
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode("utf-8"), "text/plain")


def post_upload(client, *files, **fields):
    return client.post(IMPORT_URL, {"files": list(files), **fields}, follow=True)


def shown_messages(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_the_import_url_is_the_articles_admin_import_view():
    assert reverse("admin:articles_article_import") == IMPORT_URL


def test_a_writer_uploads_drafts_and_sees_a_message_per_file(client, writer):
    client.force_login(writer)
    topic = TopicFactory(name="Kratom", slug="kratom")
    files = [upload(name, seed_text(name)) for name in SEED_NAMES[:2]]

    response = post_upload(client, *files, author=writer.pk, topics=[topic.pk])

    assert response.status_code == 200
    assert Article.objects.count() == 2
    for article in Article.objects.all():
        assert list(article.authors.all()) == [writer]
        assert list(article.topics.all()) == [topic]
        assert not article.revisions.exists()
    messages = shown_messages(response)
    first = Article.objects.get(slug="understanding-muscle-soreness-and-its-causes")
    claims = len(scan_working_copy(first))
    assert (
        "success",
        f"created draft “{first.title}” from {SEED_NAMES[0]} "
        f"(slug understanding-muscle-soreness-and-its-causes; 3 sections, summary, {claims} risky claims flagged)",
    ) in messages
    assert any(level == "warning" and "no title: derived" in text for level, text in messages)
    assert ("info", "2 of 2 drafts imported.") in messages


def test_the_upload_form_offers_the_uploading_writer_as_author(client, writer):
    client.force_login(writer)

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    assert response.context["form"].initial["author"] == writer.pk
    assert 'type="file" name="files"' in response.content.decode() and "multiple" in response.content.decode()


def test_one_bad_upload_fails_with_its_line_and_the_others_import(client, writer):
    client.force_login(writer)

    response = post_upload(
        client, upload("good.txt", seed_text(SEED_NAMES[0])), upload("bad.txt", _heading_removed()), author=writer.pk
    )

    assert Article.objects.count() == 1
    messages = shown_messages(response)
    assert any(level == "error" and text.startswith("failed, nothing imported: bad.txt, line 4: ") for level, text in messages)
    assert ("warning", "1 of 2 drafts imported. 1 failed; nothing was written for those.") in messages


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("huge.txt", b"x" * (MAX_DRAFT_BYTES + 1), "failed, nothing imported: huge.txt: the file is 1,000,001 bytes"),
        ("word.txt", _bad_byte_on_line_5(), "failed, nothing imported: word.txt, line 5: the file is not valid UTF-8"),
        ("draft.docx", b"PK\x03\x04", "failed, nothing imported: draft.docx: only plain-text drafts (.txt files)"),
        ("empty.txt", b"", "failed, nothing imported: empty.txt, line 1: the draft is empty"),
    ],
)
def test_an_oversized_non_utf8_or_non_text_upload_gets_a_clear_message_and_writes_nothing(
    client, writer, name, content, message
):
    client.force_login(writer)

    response = post_upload(client, upload(name, content), author=writer.pk)

    assert any(level == "error" and text.startswith(message) for level, text in shown_messages(response))
    assert nothing_written()


def test_check_only_upload_reports_and_writes_nothing(client, writer):
    client.force_login(writer)

    response = post_upload(client, upload("a.txt", seed_text(SEED_NAMES[0])), author=writer.pk, dry_run="on")

    assert nothing_written()
    messages = shown_messages(response)
    assert any(text.startswith("would create draft “Understanding Muscle Soreness and Its Causes” from a.txt ") for _, text in messages)
    assert ("info", "1 of 1 draft would be imported (check only: nothing was written).") in messages


def test_update_upload_refuses_a_live_article(client, live_article, writer):
    client.force_login(writer)
    before = snapshot(live_article)
    text = with_front_matter(SEED_NAMES[0], slug=live_article.slug)

    response = post_upload(client, upload("live.txt", text), author=writer.pk, update="on")

    assert any(level == "error" and "is live" in text for level, text in shown_messages(response))
    assert snapshot(live_article) == before


def test_too_many_files_are_refused_before_any_is_imported(client, writer):
    client.force_login(writer)
    files = [upload(f"{n}.txt", seed_text(SEED_NAMES[0])) for n in range(51)]

    response = post_upload(client, *files, author=writer.pk)

    assert "upload at most 50 at once" in response.content.decode()
    assert nothing_written()


def test_the_author_must_be_a_writer(client, writer, reviewer):
    client.force_login(writer)

    response = post_upload(client, upload("a.txt", seed_text(SEED_NAMES[0])), author=reviewer.pk)

    assert "Select a valid choice" in response.content.decode()
    assert nothing_written()


@pytest.mark.parametrize("role", ["reviewer", "publisher", "superuser"])
def test_only_writers_may_import(client, role, reviewer, publisher):
    users = {
        "reviewer": reviewer,
        "publisher": publisher,
        "superuser": UserFactory(username="root", is_superuser=True),
    }
    client.force_login(users[role])

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"files": [upload("a.txt", seed_text(SEED_NAMES[0]))]}).status_code == 403
    assert nothing_written()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.post(IMPORT_URL, {"files": [upload("a.txt", seed_text(SEED_NAMES[0]))]})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert nothing_written()


def test_the_changelist_shows_the_import_button_to_writers_only(client, writer, publisher):
    client.force_login(writer)
    assert f'href="{IMPORT_URL}"' in client.get("/admin/articles/article/").content.decode()

    client.force_login(publisher)
    page = client.get("/admin/articles/article/")
    assert page.status_code == 200
    assert f'href="{IMPORT_URL}"' not in page.content.decode()
