"""Hidden characters and look-alike letters do not hide a claim from the detector.

Readers see "Kratom cures anxiety" in each variant below; the detector must
flag it the same way, and its offsets must still point at the characters the
writer typed (the review page highlights them in place).
"""

import pytest

from articles.claims import categories_in, scan

PLAIN = "Kratom cures anxiety and is non-addictive."
EXPECTED = {"disease_treatment", "absolute_safety"}

VARIANTS = {
    "zero-width space": "Kratom cu\u200bres anxiety and is non-addic\u200btive.",
    "zero-width joiner and soft hyphen": "Kratom cu\u200dres anx\u00adiety and is non\u00adaddictive.",
    "word joiner and byte-order mark": "Kratom c\u2060ures \ufeffanxiety and is non-addictive.",
    "right-to-left override, typed backwards": "\u202e.evitcidda-non si dna yteixna seruc motarK\u202c",
    "right-to-left marks": "Kratom\u200f cures\u200e anxiety and is non-addictive.",
    "fullwidth letters": "Ｋｒａｔｏｍ ｃｕｒｅｓ ａｎｘｉｅｔｙ ａｎｄ ｉｓ ｎｏｎ－ａｄｄｉｃｔｉｖｅ.",
    "mathematical bold letters": "Kratom 𝐜𝐮𝐫𝐞𝐬 anxiety and is 𝐧𝐨𝐧-𝐚𝐝𝐝𝐢𝐜𝐭𝐢𝐯𝐞.",
    "Cyrillic look-alikes": "Kratom \u0441ures anxi\u0435ty and is n\u043en-addictiv\u0435.",
    "Greek look-alikes": "Kratom cures anxiety and is n\u03bfn-addict\u03b9ve.",
    "accents": "Kratom cürés ânxiety and is nön-addictive.",
    "combining accents": "Kratom cu\u0308res anxiety and is no\u0301n-addictive.",
}


def test_the_plain_sentence_is_flagged():
    assert categories_in(PLAIN) == EXPECTED


@pytest.mark.parametrize("text", VARIANTS.values(), ids=VARIANTS.keys())
def test_disguised_claims_get_the_same_flags(text):
    assert categories_in(text) == EXPECTED


@pytest.mark.parametrize("text", VARIANTS.values(), ids=VARIANTS.keys())
def test_offsets_point_into_the_text_as_typed(text):
    for claim in scan(text):
        assert text[claim.start : claim.end] == claim.text
        assert claim.sentence_start <= claim.start < claim.end <= claim.sentence_end


def test_hidden_characters_before_a_claim_do_not_shift_its_offsets():
    text = "Our\u200b\u200b\u200b ｆｏｒｍｕｌａ is gentle. Kava c\u200bures insomnia."
    (claim,) = [c for c in scan(text) if c.category == "disease_treatment"]
    assert claim.text == "c\u200bures insomnia"
    assert text[claim.sentence_start : claim.sentence_end] == "Kava c\u200bures insomnia."


def test_a_claim_typed_backwards_is_highlighted_where_it_was_typed():
    text = "Intro. \u202eyteixna seruc motarK\u202c Outro."
    (claim,) = scan(text)
    assert claim.category == "disease_treatment"
    assert claim.text == "yteixna seruc"


def test_words_in_other_scripts_are_left_alone():
    # A Russian word is not turned into Latin letters just because some of its
    # letters look Latin; only mixed or all-look-alike words are.
    assert categories_in("Кратом лечит тревогу.") == set()


def test_fractions_and_ellipses_still_read_as_typed():
    assert "dosage" in categories_in("Stir ½ teaspoon into water…")
