"""The plain-text draft parser (articles.importing.parser): seeds, messy variants, errors.

Pure parsing: no database. The five seeds in demo/drafts are the fixtures.
"""

import dataclasses
import pickle
from pathlib import Path

import pytest

from articles.importing.parser import (
    MAX_DRAFT_BYTES,
    PROVISIONAL_TITLE_MAX_LENGTH,
    DraftParseError,
    ParsedDraft,
    decode_draft,
    parse_draft,
)
from articles.importing.sources import iter_draft_paths

DRAFTS = Path(__file__).resolve().parent.parent / "demo" / "drafts"

# What a reader of each seed sees: whether it has a summary, how many paragraphs
# each section has, the intro's first words and the conclusion's first sentence.
SEEDS = {
    "000_a51d1180bd8a0850.txt": {
        "summary": "Muscle soreness after exercise is caused by micro-tears in muscle fibers",
        "standfirst": "Experience nagging muscle soreness? Discover how kratom supplements",
        "paragraphs": [2, 2, 2],
        "conclusion": "Kratom supplements offer a promising natural alternative for muscle soreness "
        "relief, particularly when paired with adequate rest and proper hydration.",
    },
    "001_931ace5c724a475d.txt": {
        "summary": "Muscle soreness can result from various activities and is associated with inflammation",
        "standfirst": "Muscle soreness, a common outcome of intense physical activity",
        "paragraphs": [1, 2, 2],
        "conclusion": "Muscle soreness can be a significant hindrance to an active lifestyle, "
        "impacting one’s overall well-being and recovery.",
    },
    "002_5487eced9ec0c20f.txt": {
        "summary": "",
        "standfirst": "Chronic pain can significantly impact daily life, but there are natural solutions",
        "paragraphs": [2, 2, 2],
        "conclusion": "Kratom has emerged as a promising natural solution for managing chronic pain, "
        "offering relief through its unique interaction with opioid receptors.",
    },
    "003_76965b7e521498ea.txt": {
        "summary": "Kratom, derived from the tropical plant Mitragyna speciosa, enhances sleep quality",
        "standfirst": "Enhance your recovery routine with kratom—a natural herb",
        "paragraphs": [2, 2, 2],
        "conclusion": "Kratom’s sleep-promoting properties, combined with strategic pre-bed routines, "
        "offer a promising path towards enhanced recovery.",
    },
    "004_36aacb3b517d2d82.txt": {
        "summary": "Kratom, a natural compound found in Mitragyna speciosa native to Southeast Asia",
        "standfirst": "Experience nagging muscle soreness? You’re not alone.",
        "paragraphs": [2, 2, 2],
        "conclusion": "Kratom has been shown to offer potential relief from muscle soreness through its "
        "interaction with prolactin, a hormone known to play a key role in muscle recovery.",
    },
}
SEED_NAMES = sorted(SEEDS)
CLEAN = "000_a51d1180bd8a0850.txt"  # lines: 1 summary, 2 intro, 3-5 TOC, 6/9/12 headings, 15 conclusion


def seed_text(name: str) -> str:
    return (DRAFTS / name).read_text(encoding="utf-8")


def seed_lines(name: str) -> list[str]:
    return seed_text(name).split("\n")


def parse(text: str, name: str = "draft.txt") -> ParsedDraft:
    return parse_draft(text, source_name=name)


def shape(draft: ParsedDraft) -> dict:
    """Everything the importer would store, minus the file name."""
    data = dataclasses.asdict(draft)
    del data["source_name"]
    return data


def replace_line(text: str, number: int, new: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def parse_error(text: str, name: str = "draft.txt") -> DraftParseError:
    with pytest.raises(DraftParseError) as info:
        parse(text, name)
    return info.value


# --------------------------------------------------------------------------- the five seeds


def test_the_demo_folder_holds_exactly_the_five_seeds():
    assert [p.name for p in iter_draft_paths([str(DRAFTS)])] == SEED_NAMES


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_parses_into_summary_intro_three_sections_and_conclusion(name):
    expected = SEEDS[name]
    raw = (DRAFTS / name).read_bytes()
    draft = parse_draft(decode_draft(raw, source_name=name), source_name=name)
    toc = [line[2:] for line in seed_lines(name) if line.startswith("- ")]

    assert len(draft.sections) == 3
    assert [s.heading for s in draft.sections] == toc
    assert [s.body.count("\n\n") + 1 for s in draft.sections] == expected["paragraphs"]
    if expected["summary"]:
        assert draft.summary.startswith(expected["summary"])
    else:
        assert draft.summary == ""
    assert draft.standfirst.startswith(expected["standfirst"])
    assert draft.conclusion.startswith(expected["conclusion"])
    assert draft.conclusion == seed_lines(name)[-1]
    assert draft.conclusion not in draft.sections[-1].body
    assert draft.source_name == name


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_text_is_kept_exactly_apart_from_the_intro_quotes(name):
    """Every non-structural line ends up, unchanged, in exactly one field."""
    draft = parse(seed_text(name))
    lines = seed_lines(name)
    stored = [draft.summary, draft.standfirst, draft.conclusion]
    stored += [p for s in draft.sections for p in s.body.split("\n\n")]
    headings = {s.heading for s in draft.sections}
    prose = [line for line in lines if not line.startswith("- ") and line not in headings]
    assert sorted(filter(None, stored)) == sorted(p.strip("“”") for p in prose)


@pytest.mark.parametrize("name", ["000_a51d1180bd8a0850.txt", "004_36aacb3b517d2d82.txt"])
def test_curly_quotes_around_the_intro_are_removed(name):
    intro = seed_lines(name)[1]
    assert intro.startswith("“") and intro.endswith("”")
    draft = parse(seed_text(name))
    assert draft.standfirst == intro[1:-1]
    assert draft.warnings == [draft.warnings[0]]  # only the provisional-title note


def test_seed_without_summary_reads_its_single_paragraph_as_the_intro():
    draft = parse(seed_text("002_5487eced9ec0c20f.txt"))
    assert draft.summary == ""
    assert draft.standfirst == seed_lines("002_5487eced9ec0c20f.txt")[0]


def test_section_bodies_are_markdown_paragraphs_separated_by_blank_lines():
    draft = parse(seed_text(CLEAN))
    lines = seed_lines(CLEAN)
    assert draft.sections[0].body == f"{lines[6]}\n\n{lines[7]}"
    assert draft.sections[2].body == f"{lines[12]}\n\n{lines[13]}"


# --------------------------------------------------------------------------- messy variants parse identically


def _crlf(t):
    return t.replace("\n", "\r\n")


def _lone_cr(t):
    return t.replace("\n", "\r")


def _trailing_whitespace(t):
    return "\n".join(line + " \t  " for line in t.split("\n")) + "\n"


def _leading_whitespace(t):
    return "\n".join("  \t" + line for line in t.split("\n"))


def _blank_lines(t):
    return "\n\n\n" + t.replace("\n", "\n\n \t\n") + "\n\n\n"


def _bom(t):
    return "\ufeff" + t


def _heading_spacing(t):
    lines = t.split("\n")
    lines[5] = "  Understanding   Muscle\tSoreness and  Its Causes "
    return "\n".join(lines)


def _star_bullets(t):
    return t.replace("\n- ", "\n* ")


def _en_dash_bullets(t):
    return t.replace("\n- ", "\n–  ")


def _straight_intro_quotes(t):
    return t.replace("“", '"').replace("”", '"')


def _everything(t):
    return _bom(_crlf(_trailing_whitespace(_blank_lines(_star_bullets(_heading_spacing(t))))))


@pytest.mark.parametrize(
    "mess",
    [
        _crlf,
        _lone_cr,
        _trailing_whitespace,
        _leading_whitespace,
        _blank_lines,
        _bom,
        _heading_spacing,
        _star_bullets,
        _en_dash_bullets,
        _straight_intro_quotes,
        _everything,
    ],
)
def test_messy_variant_parses_exactly_like_the_clean_draft(mess):
    clean = shape(parse(seed_text(CLEAN)))
    messy = shape(parse(mess(seed_text(CLEAN))))
    if mess in (_blank_lines, _everything):
        # Extra blank lines move the line numbers quoted in the warnings.
        assert messy.pop("warnings")[0].startswith("no title: derived 'Understanding Muscle Soreness")
        assert len(clean.pop("warnings")) == 1
    assert messy == clean


@pytest.mark.parametrize("name", SEED_NAMES)
def test_windows_file_with_bom_decodes_and_parses_like_the_original(name):
    raw = b"\xef\xbb\xbf" + seed_text(name).replace("\n", "\r\n").encode("utf-8")
    text = decode_draft(raw, source_name=name)
    assert not text.startswith("\ufeff")
    assert shape(parse(text)) == shape(parse(seed_text(name)))


def test_heading_in_another_case_matches_its_entry_keeps_its_own_spelling_and_warns():
    clean = parse(seed_text(CLEAN))
    text = replace_line(seed_text(CLEAN), 9, "KRATOM AS A NATURAL REMEDY  FOR PAIN RELIEF")
    draft = parse(text)

    assert draft.sections[1].heading == "KRATOM AS A NATURAL REMEDY FOR PAIN RELIEF"
    assert [s.heading.casefold() for s in draft.sections] == [s.heading.casefold() for s in clean.sections]
    assert [s.body for s in draft.sections] == [s.body for s in clean.sections]
    assert (draft.summary, draft.standfirst, draft.conclusion) == (clean.summary, clean.standfirst, clean.conclusion)
    assert draft.warnings[1:] == [
        "the heading 'KRATOM AS A NATURAL REMEDY FOR PAIN RELIEF' (line 9) differs from its "
        "table-of-contents entry 'Kratom as a Natural Remedy for Pain Relief' (line 4); kept the heading"
    ]


def test_heading_with_a_curly_apostrophe_matches_a_straight_one_in_the_toc():
    name = "002_5487eced9ec0c20f.txt"
    text = replace_line(seed_text(name), 5, "Understanding Chronic Pain and Kratom’s Role in Management")
    draft = parse(text)
    assert draft.sections[0].heading == "Understanding Chronic Pain and Kratom’s Role in Management"
    assert len(draft.sections) == 3


def test_intro_that_only_starts_with_a_quote_is_kept_as_written_with_a_warning():
    intro = "“Rest,” the coach said, “is part of training.”"
    draft = parse(replace_line(seed_text(CLEAN), 2, intro))
    assert draft.standfirst == intro
    assert "the intro (line 2) starts with a quotation mark but is not wholly wrapped" in draft.warnings[1]


def test_bullet_lines_inside_a_section_are_paragraphs_not_a_second_toc():
    text = replace_line(seed_text(CLEAN), 7, "- Rest, fluids and sleep help recovery.")
    draft = parse(text)
    assert draft.sections[0].body.startswith("- Rest, fluids and sleep help recovery.\n\n")


# --------------------------------------------------------------------------- errors


def test_error_message_names_file_line_problem_and_remedy():
    error = parse_error("", "empty.txt")
    assert (error.source_name, error.line) == ("empty.txt", 1)
    assert error.message == "the draft is empty. Add the summary, intro, table of contents and sections."
    assert str(error) == "empty.txt, line 1: the draft is empty. Add the summary, intro, table of contents and sections."
    assert isinstance(error, ValueError)


def test_error_survives_pickling_with_its_fields():
    error = pickle.loads(pickle.dumps(parse_error("", "empty.txt")))
    assert (error.source_name, error.line, str(error)) == (
        "empty.txt",
        1,
        "empty.txt, line 1: the draft is empty. Add the summary, intro, table of contents and sections.",
    )


@pytest.mark.parametrize("text", ["", "\n", "  \r\n\t\r\n   ", "\ufeff\n\n"])
def test_empty_or_blank_file_is_refused_at_line_1(text):
    assert str(parse_error(text)).startswith("draft.txt, line 1: the draft is empty.")


def test_front_matter_without_a_draft_is_refused_at_its_end():
    error = parse_error("title: Sleep and kratom\nslug: sleep\n\n\n")
    assert error.line == 3
    assert "nothing follows the front matter" in str(error)


def test_draft_without_a_table_of_contents_is_refused():
    text = "\n".join(line for line in seed_lines(CLEAN) if not line.startswith("- "))
    error = parse_error(text)
    assert error.line == 1
    assert "draft.txt, line 1: no table of contents: no line starts with '- '." in str(error)


def test_toc_entry_without_a_heading_names_the_entry_its_line_and_the_near_miss():
    text = replace_line(seed_text(CLEAN), 9, "Kratom as Natural Remedy for Pain Relief")
    error = parse_error(text, CLEAN)
    assert error.line == 4
    assert str(error) == (
        f"{CLEAN}, line 4: the table-of-contents entry 'Kratom as a Natural Remedy for Pain Relief' "
        "has no matching heading line. Line 9 reads 'Kratom as Natural Remedy for Pain Relief': make it "
        "match the entry exactly (case and spacing may differ), or fix the entry."
    )


def test_toc_entry_with_no_similar_line_says_to_add_the_heading():
    text = replace_line(seed_text(CLEAN), 5, "- Something Else Entirely")
    error = parse_error(text)
    assert error.line == 5
    assert "'Something Else Entirely' has no matching heading line. Add a line with exactly" in str(error)


def test_headings_out_of_toc_order_are_refused_at_the_early_heading():
    lines = seed_lines(CLEAN)
    lines[2], lines[3] = lines[3], lines[2]  # swap the first two TOC entries
    error = parse_error("\n".join(lines))
    assert error.line == 6
    assert (
        "the heading 'Understanding Muscle Soreness and Its Causes' comes before 'Kratom as a Natural "
        "Remedy for Pain Relief', but the table of contents lists 'Kratom as a Natural Remedy for Pain "
        "Relief' first (line 3)"
    ) in str(error)


def test_heading_that_appears_twice_is_refused_at_the_second():
    text = replace_line(seed_text(CLEAN), 11, "Understanding Muscle Soreness and Its Causes")
    error = parse_error(text)
    assert error.line == 11
    assert "appears again (first at line 6)" in str(error)


def test_section_without_paragraphs_is_refused_at_its_heading():
    lines = seed_lines(CLEAN)
    del lines[9:11]  # both paragraphs of the second section
    error = parse_error("\n".join(lines))
    assert error.line == 9
    assert "the section 'Kratom as a Natural Remedy for Pain Relief' has no paragraphs." in str(error)


def test_last_section_with_a_single_paragraph_is_refused_as_having_no_conclusion():
    lines = seed_lines(CLEAN)
    del lines[12:14]  # keep only the conclusion after the last heading
    error = parse_error("\n".join(lines))
    assert error.line == 13
    assert (
        "this is the only paragraph after the last heading 'Finding the Optimal Kratom Dose for Sleep and "
        "Recovery' (line 12), so the draft has either an empty last section or no conclusion"
    ) in str(error)


def test_draft_ending_on_its_last_heading_is_refused():
    lines = seed_lines(CLEAN)[:12]
    error = parse_error("\n".join(lines))
    assert error.line == 12
    assert "has no paragraphs and the draft has no conclusion" in str(error)


def test_toc_without_an_intro_above_it_is_refused():
    error = parse_error("\n".join(seed_lines(CLEAN)[2:]))
    assert error.line == 1
    assert "no intro before the table of contents" in str(error)


def test_title_line_above_the_summary_makes_three_paragraphs_and_is_refused():
    error = parse_error("Kratom and muscle soreness\n" + seed_text(CLEAN))
    assert error.line == 3
    assert "3 paragraphs before the table of contents (lines 1, 2, 3)" in str(error)
    assert "'title: ...' line" in str(error)


def test_text_between_the_toc_and_the_first_heading_is_refused():
    lines = seed_lines(CLEAN)
    lines.insert(5, "Read on to learn more.")
    error = parse_error("\n".join(lines))
    assert error.line == 6
    assert "text between the table of contents and the first heading" in str(error)


def test_empty_and_repeated_toc_entries_are_refused():
    assert parse_error(replace_line(seed_text(CLEAN), 4, "-  ")).line == 4
    error = parse_error(replace_line(seed_text(CLEAN), 5, "- understanding muscle soreness and its causes"))
    assert error.line == 5
    assert "repeats line 3" in str(error)


def test_control_character_is_refused_with_its_line():
    error = parse_error(replace_line(seed_text(CLEAN), 8, "Rest\x00 well."))
    assert error.line == 8
    assert "control character U+0000" in str(error)


def test_oversized_text_is_refused():
    error = parse_error("x" * (MAX_DRAFT_BYTES + 1))
    assert error.line is None
    assert str(error).startswith("draft.txt: the draft is 1,000,001 characters")


# --------------------------------------------------------------------------- decoding


def test_windows_1252_file_is_refused_at_its_first_non_ascii_character_with_a_hint():
    raw = seed_text(CLEAN).encode("cp1252")  # line 2 opens with a curly quote, byte 0x93
    with pytest.raises(DraftParseError) as info:
        decode_draft(raw, source_name=CLEAN)
    assert info.value.line == 2
    assert str(info.value) == (
        f"{CLEAN}, line 2: the file is not valid UTF-8 (byte 0x93 at character 1). It looks like "
        "Windows-1252 (for example curly quotes pasted from Word); open the file and save it again "
        "with the encoding 'UTF-8'."
    )


def test_stray_byte_in_a_utf8_file_is_refused_with_its_line_and_column():
    raw = seed_text(CLEAN).encode("utf-8").replace(b"Several factors", b"Several\x92s factors")
    with pytest.raises(DraftParseError) as info:
        decode_draft(raw, source_name=CLEAN)
    assert info.value.line == 8
    assert str(info.value) == (
        f"{CLEAN}, line 8: the file is not valid UTF-8 (byte 0x92 at character 8). "
        "Open the file in your editor and save it again with the encoding 'UTF-8'."
    )


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_undecodable_byte_line_counts_every_kind_of_line_ending(newline):
    raw = b"\xef\xbb\xbf" + newline.join([b"one", b"two", b"thr\x81ee"])
    with pytest.raises(DraftParseError) as info:
        decode_draft(raw, source_name="x.txt")
    assert info.value.line == 3
    assert "byte 0x81 at character 4" in str(info.value)
    assert "save it again with the encoding 'UTF-8'" in str(info.value)


def test_utf16_file_is_refused_with_advice():
    with pytest.raises(DraftParseError, match="encoded as UTF-16"):
        decode_draft(seed_text(CLEAN).encode("utf-16"), source_name=CLEAN)


def test_oversized_file_is_refused_before_decoding():
    with pytest.raises(DraftParseError, match="limited to 1,000,000 bytes"):
        decode_draft(b"a" * (MAX_DRAFT_BYTES + 1), source_name="big.txt")


# --------------------------------------------------------------------------- front matter


def test_unfenced_front_matter_sets_title_slug_topics_and_author():
    header = "Title:  Kratom and   sore muscles\nslug: kratom-sore-muscles\ntopics: Pain, Sleep , pain,\nauthor: j.doe\n\n"
    draft = parse(header + seed_text(CLEAN))
    assert draft.title == "Kratom and sore muscles"
    assert draft.title_is_provisional is False
    assert (draft.slug, draft.topics, draft.author) == ("kratom-sore-muscles", ["Pain", "Sleep"], "j.doe")
    assert draft.warnings == []
    assert [s.heading for s in draft.sections] == [s.heading for s in parse(seed_text(CLEAN)).sections]


@pytest.mark.parametrize(
    "header",
    ["---\ntitle: Sore muscles\n---\n", "---\n\ntitle: Sore muscles\n\n---\n\n", "title: Sore muscles\n---\n"],
)
def test_fenced_and_dash_terminated_front_matter(header):
    draft = parse(header + seed_text(CLEAN))
    assert draft.title == "Sore muscles"
    assert draft.slug is None and draft.topics == [] and draft.author is None
    assert shape(draft) | {"title": None, "title_is_provisional": None, "warnings": None} == shape(
        parse(seed_text(CLEAN))
    ) | {"title": None, "title_is_provisional": None, "warnings": None}


def test_line_numbers_after_front_matter_are_file_line_numbers():
    text = replace_line(seed_text(CLEAN), 9, "Kratom as Natural Remedy for Pain Relief")
    error = parse_error("title: T\nslug: t\n\n" + text)
    assert error.line == 4 + 3


def test_summary_starting_with_an_unknown_word_and_colon_is_not_front_matter():
    text = replace_line(seed_text(CLEAN), 1, "Summary: soreness fades with rest.")
    assert parse(text).summary == "Summary: soreness fades with rest."


@pytest.mark.parametrize(
    "header, line, fragment",
    [
        ("title: T\ntopic: Sleep\n\n", 2, "unknown front matter key 'topic'. Did you mean 'topics'?"),
        ("---\ntitle: T\ncategory: x\n---\n", 3, "unknown front matter key 'category'. The keys are: title, slug"),
        ("title: T\ntitle: U\n\n", 2, "the front matter key 'title' repeats line 1"),
        ("title: T\nslug:\n\n", 2, "the front matter key 'slug' has no value"),
        ("title: T\nslug: kratom & sleep\n\n", 2, "the slug 'kratom & sleep' may only contain"),
        ("title: T\nauthor: Jane Doe\n\n", 2, "the author 'Jane Doe' is not a username"),
        ("title: T\ntopics: , ,\n\n", 2, "'topics' names no topic"),
        ("title: T\n", 2, "expected 'key: value' in the front matter, found 'Muscle soreness after"),
    ],
)
def test_bad_front_matter_is_refused_naming_the_line(header, line, fragment):
    error = parse_error(header + seed_text(CLEAN))
    assert error.line == line
    assert fragment in str(error)


def test_fence_left_open_at_the_end_of_the_file_is_refused_at_its_opening():
    error = parse_error("\n---\ntitle: T\n\n")
    assert error.line == 2
    assert "the front matter opened here is never closed" in str(error)


def test_unclosed_fence_running_into_the_draft_names_the_first_prose_line():
    error = parse_error("---\ntitle: T\n" + seed_text(CLEAN))
    assert error.line == 3
    assert "End the front matter with a closing '---' line" in str(error)


# --------------------------------------------------------------------------- provisional title


@pytest.mark.parametrize("name", SEED_NAMES)
def test_without_a_title_the_first_toc_entry_is_a_provisional_title(name):
    draft = parse(seed_text(name))
    first_entry = next(line[2:] for line in seed_lines(name) if line.startswith("- "))
    toc_line = next(i for i, line in enumerate(seed_lines(name), start=1) if line.startswith("- "))
    assert draft.title == first_entry
    assert draft.title_is_provisional is True
    assert draft.slug is None
    assert draft.warnings[0] == (
        f"no title: derived '{first_entry}' from the first table-of-contents entry (line {toc_line}); "
        "add a 'title: ...' line at the top or edit the title before review"
    )


def test_provisional_title_uses_the_toc_spelling_with_collapsed_whitespace():
    text = seed_text(CLEAN).replace("- Understanding Muscle Soreness and Its Causes", "-   Understanding  Muscle Soreness and Its Causes ")
    assert parse(text).title == "Understanding Muscle Soreness and Its Causes"


def test_long_provisional_title_is_cut_at_a_word_boundary():
    long_heading = " ".join(["Soreness"] * 40)  # 359 characters
    text = seed_text(CLEAN).replace("Understanding Muscle Soreness and Its Causes", long_heading)
    title = parse(text).title
    assert len(title) <= PROVISIONAL_TITLE_MAX_LENGTH
    assert title.endswith("Soreness…")
    assert long_heading.startswith(title[:-1])


# --------------------------------------------------------------------------- iter_draft_paths


def test_iter_draft_paths_expands_folders_sorted_and_skips_other_files(tmp_path):
    for name in ["b.txt", "a.txt", "notes.md", ".~lock.c.txt", "C.TXT"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("x")
    assert [p.name for p in iter_draft_paths([str(tmp_path)])] == ["C.TXT", "a.txt", "b.txt"]


def test_iter_draft_paths_keeps_argument_order_and_yields_each_file_once(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.txt").write_text("x")
    paths = list(iter_draft_paths([str(tmp_path / "b.txt"), str(tmp_path)]))
    assert [p.name for p in paths] == ["b.txt", "a.txt"]


def test_iter_draft_paths_checks_every_path_before_yielding(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    paths = iter_draft_paths([str(tmp_path), str(tmp_path / "missing")])
    with pytest.raises(FileNotFoundError, match="missing"):
        next(paths)


def test_front_matter_key_below_a_blank_line_is_refused_as_misplaced_front_matter():
    error = parse_error("title: T\n\nslug: t\n" + seed_text(CLEAN))
    assert error.line == 3
    assert "'slug: t' looks like front matter, but front matter ends at the first blank line" in str(error)


# --------------------------------------------------------------------------- the benchmark's generator


def test_benchmark_drafts_are_valid_distinct_and_deterministic():
    from bench.import_parse_bench import generate_drafts

    drafts = generate_drafts(60)
    assert drafts == generate_drafts(60)
    assert len({d.raw for d in drafts}) == 60
    for generated in drafts:
        text = decode_draft(generated.raw, source_name=generated.source_name)
        assert len(parse(text, generated.source_name).sections) == generated.sections
