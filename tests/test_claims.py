"""Tests for the risky-claim detector (the ``articles.claims`` library). No database needed."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from articles.claims import (
    CATEGORY_LABELS,
    Claim,
    ClaimCategory,
    categories_in,
    explanation_for,
    scan,
    split_sentences,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "demo" / "drafts"


def _seed(name: str) -> str:
    """A seed draft shipped with the project; a missing one fails the test that needs it."""
    return (SEEDS / name).read_text(encoding="utf-8")


def _cats(text: str) -> set[str]:
    return {c.category for c in scan(text)}


def _texts(claims, category: str) -> list[str]:
    return [c.text.lower() for c in claims if c.category == category]


# ---------------------------------------------------------------------------
# Public contract
# ---------------------------------------------------------------------------


def test_every_category_has_a_label_and_an_explanation():
    assert set(CATEGORY_LABELS) == {c.value for c in ClaimCategory}
    assert CATEGORY_LABELS["absolute_safety"] == ClaimCategory.ABSOLUTE_SAFETY.label == "Absolute safety"
    assert all(explanation_for(c) for c in ClaimCategory)


def _python(code: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_the_claims_library_imports_no_django():
    loaded = _python(
        "import sys, articles.claims; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    assert loaded == "[]"


def test_django_setup_does_not_compile_the_rules():
    # Admin autodiscovery imports the library; the rules must wait for the first scan.
    compiled = _python(
        "import django; django.setup(); from articles.claims import engine, scan; "
        "print(engine._engine.cache_info().currsize, end=' '); scan('Kratom cures anxiety.'); "
        "print(engine._engine.cache_info().currsize)",
        DJANGO_SETTINGS_MODULE="cms.settings_test",
    )
    assert compiled == "0 1"


def test_empty_and_blank_text():
    assert scan("") == []
    assert scan("   \n\t ") == []
    assert categories_in("") == set()


def test_claim_fields_offsets_and_sentence_span():
    text = (
        "Intro line.\n"
        "Dr. Lee says kratom is non-addictive, e.g. for most users. "
        "Take 2.5 g twice daily. It is not FDA-approved."
    )
    claims = scan(text)
    assert claims, "expected claims"
    for c in claims:
        assert isinstance(c, Claim)
        assert c.category in ClaimCategory
        assert text[c.start:c.end] == c.text
        assert c.explanation
        assert c.sentence_start <= c.start < c.end <= c.sentence_end
    safety = [c for c in claims if c.category == "absolute_safety"]
    assert [c.text for c in safety] == ["non-addictive"]
    # The sentence survives "Dr." and "e.g." and ends at "users."
    s = text[safety[0].sentence_start:safety[0].sentence_end]
    assert s == "Dr. Lee says kratom is non-addictive, e.g. for most users."
    dose = [c for c in claims if c.category == "dosage"]
    assert dose and text[dose[0].sentence_start:dose[0].sentence_end] == "Take 2.5 g twice daily."
    # "not FDA-approved" is a denial, not a regulatory claim.
    assert "regulatory_status" not in {c.category for c in claims}


def test_sorted_and_deterministic():
    text = _seed("000_a51d1180bd8a0850.txt")
    a, b = scan(text), scan(text)
    assert a == b
    assert [c.start for c in a] == sorted(c.start for c in a)
    assert all(text[c.start:c.end] == c.text for c in a)


def test_categories_in():
    assert categories_in("Kratom is non-addictive. Take 1-3 grams.") == {"absolute_safety", "dosage"}


def test_claim_is_frozen():
    c = scan("Kratom is harmless.")[0]
    with pytest.raises(AttributeError):
        c.start = 0  # type: ignore[misc]


# ---------------------------------------------------------------------------
# Sentence splitting
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One. Two.", ["One.", "Two."]),
        ("Take 2.5 g daily. Then stop.", ["Take 2.5 g daily.", "Then stop."]),
        ("Herbs, e.g. kava, vary. Dr. Smith agrees.", ["Herbs, e.g. kava, vary.", "Dr. Smith agrees."]),
        ("Approx. 3 g is common. Really?", ["Approx. 3 g is common.", "Really?"]),
        ("Heading without stop\nBody text here.", ["Heading without stop", "Body text here."]),
        ("- bullet one\n- bullet two", ["- bullet one", "- bullet two"]),
        ("The U.S. Food and Drug Administration warns. Next.", ["The U.S. Food and Drug Administration warns.", "Next."]),
    ],
)
def test_split_sentences(text, expected):
    assert [text[a:b] for a, b in split_sentences(text)] == expected


# ---------------------------------------------------------------------------
# The five seed drafts: assertions follow what each file really contains
# ---------------------------------------------------------------------------


def test_seed_000_non_addictive_opioid_substitution_and_gram_doses():
    text = _seed("000_a51d1180bd8a0850.txt")
    claims = scan(text)
    assert any("non-addictive" in t for t in _texts(claims, "absolute_safety"))
    assert "without opioid addiction" in _texts(claims, "drug_substitution")
    assert any(t.startswith("unlike opioids") for t in _texts(claims, "drug_substitution"))
    # Three "1-3 grams" doses in the text, all flagged.
    assert text.count("1-3 grams") == 3
    assert _texts(claims, "dosage").count("1-3 grams") == 3
    assert "significant pain reduction" in _texts(claims, "efficacy_overstatement")
    # The flagged sentence for "non-addictive" is the "Unlike opioids" one.
    c = next(c for c in claims if c.text.lower() == "non-addictive")
    assert text[c.sentence_start:c.sentence_end].startswith("Unlike opioids, kratom is non-addictive")


def test_seed_001_side_effects_comparison_mechanism_and_interaction_no_gram_doses():
    text = _seed("001_931ace5c724a475d.txt")
    claims = scan(text)
    assert "non-addictive" not in text.lower()
    assert not any("gram" in t for t in _texts(claims, "dosage"))  # the seed gives no gram doses
    # "relief from pain without the side effects commonly associated with
    # prescription opioids": absolute safety + drug comparison.
    assert "without the side effects" in _texts(claims, "absolute_safety")
    assert any("prescription" in t for t in _texts(claims, "drug_substitution"))
    assert "anti-inflammatory" in _texts(claims, "mechanism")
    assert any("opioid receptors" in t for t in _texts(claims, "mechanism"))
    assert "if you are on other medications" in _texts(claims, "interaction")
    assert any("smaller doses" in t for t in _texts(claims, "dosage"))
    # "interact with opioid receptors" is a mechanism, not a drug interaction.
    assert not any("receptor" in t for t in _texts(claims, "interaction"))


def test_seed_002_gram_ranges_frequency_and_painkiller_reliance():
    text = _seed("002_5487eced9ec0c20f.txt")
    claims = scan(text)
    dosage = _texts(claims, "dosage")
    assert "1-5 grams" in dosage and "1-3 grams" in dosage
    assert "twice daily" in dosage
    assert any("reliance on traditional painkillers" in t for t in _texts(claims, "drug_substitution"))
    assert any("insomnia" in t for t in _texts(claims, "disease_treatment"))


def test_seed_003_dose_benzodiazepine_caution_and_sleep_aid_alternative():
    text = _seed("003_76965b7e521498ea.txt")
    claims = scan(text)
    assert _texts(claims, "dosage").count("1-3 grams") == 2
    # The cautious sentence is flagged on purpose (reviewer checks completeness).
    assert any("benzodiazepines" in t for t in _texts(claims, "interaction"))
    assert "natural alternative" in _texts(claims, "drug_substitution")
    assert any("anxiety" in t for t in _texts(claims, "disease_treatment"))


def test_seed_004_prolactin_mechanism_and_soreness_claims():
    text = _seed("004_36aacb3b517d2d82.txt")
    claims = scan(text)
    assert "non-addictive" not in text.lower()
    assert not _texts(claims, "dosage")  # no doses in this seed
    mech = _texts(claims, "mechanism")
    assert "stimulates the release of prolactin" in mech
    assert "anti-inflammatory" in mech
    assert "alleviates muscle soreness" in _texts(claims, "disease_treatment")
    assert "has been shown to" in _texts(claims, "efficacy_overstatement")


# ---------------------------------------------------------------------------
# Generalisation: word forms, hyphenation, number formats
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, category",
    [
        # hyphenation / spacing
        ("Kratom is non-addictive.", "absolute_safety"),
        ("Kratom is non addictive.", "absolute_safety"),
        ("Kratom is nonaddictive.", "absolute_safety"),
        ("It has no side-effects.", "absolute_safety"),
        ("It has no side effects.", "absolute_safety"),
        ("A risk free way to relax.", "absolute_safety"),
        ("You can’t overdose on it.", "absolute_safety"),
        ("It is completely safe and natural.", "absolute_safety"),
        # inflections
        ("The leaf treats arthritis.", "disease_treatment"),
        ("It treated my arthritis.", "disease_treatment"),
        ("It is used for treating arthritis.", "disease_treatment"),
        ("Kava relieves anxiety.", "disease_treatment"),
        ("It brought relief from chronic pain.", "disease_treatment"),
        ("Kratom is a remedy for insomnia.", "disease_treatment"),
        ("It eases my migraines.", "disease_treatment"),
        # efficacy
        ("Studies prove it works.", "efficacy_overstatement"),
        ("It is clinically proven.", "efficacy_overstatement"),
        ("90% of users report better sleep.", "efficacy_overstatement"),
        # drug substitution
        ("A natural alternative to opioids.", "drug_substitution"),
        ("It is safer than prescription painkillers.", "drug_substitution"),
        ("You can replace your meds with it.", "drug_substitution"),
        ("Pain relief without opioid addiction.", "drug_substitution"),
        # number formats
        ("Use 1-3 g.", "dosage"),
        ("Use 1–3 grams.", "dosage"),
        ("Use 1 to 3 grams.", "dosage"),
        ("Use one to four grams.", "dosage"),
        ("Each capsule holds 500 mg.", "dosage"),
        ("Try 2.5g before bed.", "dosage"),
        ("Mix half a teaspoon into tea.", "dosage"),
        ("Start with a quarter teaspoon.", "dosage"),
        ("Swallow two capsules.", "dosage"),
        ("Add 15 drops to water.", "dosage"),
        ("Take it twice daily.", "dosage"),
        ("Start with a low dose and increase gradually.", "dosage"),
        # interaction (cautions included)
        ("Avoid combining it with benzodiazepines.", "interaction"),
        ("Don't mix kratom with alcohol.", "interaction"),
        ("Kava does not interact with SSRIs.", "interaction"),
        # mechanism
        ("Kratom stimulates prolactin.", "mechanism"),
        ("It boosts endorphins.", "mechanism"),
        ("It binds to opioid receptors.", "mechanism"),
        # regulatory
        ("Our kratom is FDA-approved.", "regulatory_status"),
        ("It is FDA approved.", "regulatory_status"),
        ("Approved by the FDA.", "regulatory_status"),
        ("Kratom is legal in all 50 states.", "regulatory_status"),
        ("Doctor-recommended since 2010.", "regulatory_status"),
        # vulnerable groups
        ("Kratom is safe during pregnancy.", "vulnerable_groups"),
        ("Pregnant women should avoid kratom.", "vulnerable_groups"),
        ("The syrup is fine for teens.", "vulnerable_groups"),
        # withdrawal / stopping medication
        ("Use kratom for opioid withdrawal.", "withdrawal_stopping_medication"),
        ("Taper off oxycodone slowly.", "withdrawal_stopping_medication"),
        ("Stop your pain meds.", "withdrawal_stopping_medication"),
        ("Do not stop your medication abruptly.", "withdrawal_stopping_medication"),
        # emergency
        ("An overdose can kill.", "emergency"),
        ("Seizures have been reported.", "emergency"),
        ("Call 911 if someone has trouble breathing.", "emergency"),
        ("It may cause liver damage.", "emergency"),
    ],
)
def test_generalisation_fires(sentence, category):
    assert category in _cats(sentence), f"{category} not flagged in {sentence!r}: {scan(sentence)}"


# ---------------------------------------------------------------------------
# Denials and qualifications must not fire; ordinary text stays clean
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, category",
    [
        ("No study has shown it to be risk-free.", "absolute_safety"),
        ("Kratom is not safe.", "absolute_safety"),
        ("Kratom is not non-addictive.", "absolute_safety"),
        ("There is no evidence that it is safe.", "absolute_safety"),
        ("It is a myth that herbs have no side effects.", "absolute_safety"),
        ("Claims that kava is harmless are false.", "absolute_safety"),
        ("There is no evidence it cures anxiety.", "disease_treatment"),
        ("Nobody has proven that it treats depression.", "disease_treatment"),
        ("It is unproven as a treatment for insomnia.", "disease_treatment"),
        ("It has not been clinically proven.", "efficacy_overstatement"),
        ("It would be wrong to call it a miracle cure.", "efficacy_overstatement"),
        ("It is not a substitute for medication.", "drug_substitution"),
        ("It is false that herbs are safer than prescription drugs.", "drug_substitution"),
        ("It is not FDA-approved.", "regulatory_status"),
        ("The FDA has not approved any kratom product.", "regulatory_status"),
        ("Kratom is not legal in every state.", "regulatory_status"),
        ("No reliable research shows that it boosts dopamine.", "mechanism"),
        ("There is no evidence kratom helps opioid withdrawal.", "withdrawal_stopping_medication"),
    ],
)
def test_denials_do_not_fire(sentence, category):
    assert category not in _cats(sentence), f"{category} wrongly flagged in {sentence!r}: {scan(sentence)}"


@pytest.mark.parametrize(
    "sentence, category",
    [
        ("The brand's claim that its oil shrinks tumours has never been tested in people.", "disease_treatment"),
        ("The magazine retracted a piece that said nettle tea cures hay fever.", "disease_treatment"),
        ("The shop apologised for saying its drops replaced antidepressants.", "drug_substitution"),
        ("Tales of reishi curing colds are not evidence.", "disease_treatment"),
        ("The so-called \u201cnatural Valium\u201d label for passionflower is a sales line.", "drug_substitution"),
        ("Editors removed the phrase \u201czero risk\u201d from the draft.", "absolute_safety"),
        ("A jar with \u201cclinically tested\u201d on it tells you very little.", "regulatory_status"),
        ("The seller's \u201cworks for everyone\u201d promise was withdrawn after complaints.", "efficacy_overstatement"),
        ("Some blogs call berberine a replacement for metformin, but no trial supports that.", "drug_substitution"),
        ("Be sceptical when a video says a herb fixed someone's diabetes.", "disease_treatment"),
    ],
)
def test_reported_or_criticised_claims_do_not_fire(sentence, category):
    assert category not in _cats(sentence), f"{category} wrongly flagged in {sentence!r}: {scan(sentence)}"


@pytest.mark.parametrize(
    "sentence, category",
    [
        ("Our oil shrinks tumours.", "disease_treatment"),
        ("Nettle tea cures hay fever.", "disease_treatment"),
        ("These drops replaced my antidepressants.", "drug_substitution"),
        ("Works for everyone, every time.", "efficacy_overstatement"),
        ("Berberine is a replacement for metformin.", "drug_substitution"),
    ],
)
def test_the_same_claims_made_outright_still_fire(sentence, category):
    assert category in _cats(sentence), f"{category} missed in {sentence!r}: {scan(sentence)}"


@pytest.mark.parametrize(
    "sentence",
    [
        "Most adults need seven to nine hours of sleep each night.",
        "Your doctor can help you find the cause of muscle cramps.",
        "Stretch gently after a workout to keep your muscles loose.",
        "A fasting blood sugar under 100 mg/dL is considered normal.",
        "Lose 5 kg gradually rather than through crash diets.",
        "A slice of bread contains about 15 g of carbohydrate.",
        "Walk for 30 minutes a day, five days a week.",
        "Children need more sleep than adults do.",
        "Nurses on night shifts often struggle to keep a regular sleep schedule.",
        "This article was reviewed by a board-certified sports medicine doctor.",
        "Regular exercise lowers the risk of type 2 diabetes.",
        "Kratom can be habit-forming, and dependence is possible.",
    ],
)
def test_ordinary_health_text_is_clean(sentence):
    assert scan(sentence) == []


def test_denial_does_not_hide_a_second_claim():
    # The "no" belongs to the first claim; the second one must still fire.
    cats = _cats("It has no side effects and cures anxiety.")
    assert {"absolute_safety", "disease_treatment"} <= cats


def test_caution_is_flagged_but_denial_of_claim_is_not():
    assert "interaction" in _cats("Avoid combining with benzodiazepines.")
    assert "drug_substitution" not in _cats("Kratom is not a substitute for medication.")


# ---------------------------------------------------------------------------
# Regression guard on the labelled evaluation set
# ---------------------------------------------------------------------------


def _load_eval_module():
    spec = importlib.util.spec_from_file_location("claims_eval", ROOT / "bench" / "claims_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_tuning_set_meets_targets():
    mod = _load_eval_module()
    rows = mod.load(ROOT / "bench" / "claims_eval_set.tsv")
    assert len(rows) >= 260
    counts, _ = mod.evaluate(rows)
    for cat in ClaimCategory:
        k = counts[cat]
        assert k["support"] >= 15, cat
        precision = k["tp"] / max(k["tp"] + k["fp"], 1)
        recall = k["tp"] / max(k["tp"] + k["fn"], 1)
        assert recall >= 0.95, (cat, recall)
        assert precision >= 0.85, (cat, precision)


# ---------------------------------------------------------------------------
# Round 3: structural patterns and broader vocabularies (new sentences, not
# taken from any evaluation file)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, category",
    [
        # comparisons that play the risk down
        ("Honestly, this leaf is about as dangerous as a mug of green tea.", "absolute_safety"),
        ("Our capsules are no riskier than a multivitamin.", "absolute_safety"),
        ("The powder is gentler on you than your morning coffee.", "absolute_safety"),
        ("It is every bit as safe as a cup of tea.", "absolute_safety"),
        # denials of harm in other shapes
        ("Adverse effects? There really aren't any.", "absolute_safety"),
        ("Hangovers from this blend simply don't exist.", "absolute_safety"),
        ("I have never experienced a single bad reaction to it.", "absolute_safety"),
        ("The tonic will never leave you feeling groggy.", "absolute_safety"),
        ("Dependence is not a concern with this herb.", "absolute_safety"),
        ("You can't OD on these gummies.", "absolute_safety"),
        ("It's totally fine to use this extract long-term.", "absolute_safety"),
        # disease paraphrases
        ("Thousands turn to this tea when their migraines strike.", "disease_treatment"),
        ("The balm has been a lifesaver for my eczema.", "disease_treatment"),
        ("Elderberry is what finally got my sinus infection under control.", "disease_treatment"),
        ("Kava takes the edge off my social anxiety.", "disease_treatment"),
        ("Many fans rely on the powder to manage their arthritis.", "disease_treatment"),
        ("Use the oil at the first sign of a cold sore.", "disease_treatment"),
        # efficacy
        ("Our kava is the number one choice of island chiefs.", "efficacy_overstatement"),
        ("Relief kicks in within ten minutes, guaranteed.", "efficacy_overstatement"),
        ("Seven in ten buyers report better focus.", "efficacy_overstatement"),
        ("It beats every other adaptogen we have tried.", "efficacy_overstatement"),
        ("The extract is pure magic for sore feet.", "efficacy_overstatement"),
        ("It works twice as fast as ordinary magnesium.", "efficacy_overstatement"),
        # drug substitution
        ("I stopped needing my Xanax after a month of kava.", "drug_substitution"),
        ("This tea has taken the place of my sleeping tablets.", "drug_substitution"),
        ("Kratom is a path off prescription opioids.", "drug_substitution"),
        ("The root mimics the effect of codeine.", "drug_substitution"),
        ("Try the balm in place of your usual ibuprofen.", "drug_substitution"),
        ("It calms you just as well as a benzo would.", "drug_substitution"),
        # number grammar
        ("A gram or two in the morning is plenty.", "dosage"),
        ("Stir in a pinch of the powder.", "dosage"),
        ("Take a scoop with breakfast.", "dosage"),
        ("Swallow a couple of capsules at night.", "dosage"),
        ("Children get 0.5 mg/kg in the protocol.", "dosage"),
        ("Use 1 mg per kg of body weight.", "dosage"),
        ("Take it 3x daily with food.", "dosage"),
        ("Take 2,000 IU of vitamin D.", "dosage"),
        ("Space the doses six hours apart.", "dosage"),
        ("Put three drops of the tincture in water.", "dosage"),
        ("Take it twice a day.", "dosage"),
        # interaction
        ("Never wash your kava down with a beer.", "interaction"),
        ("Kratom and wine are a risky combination.", "interaction"),
        ("Tell your pharmacist about any supplements you take.", "interaction"),
        ("The herb may blunt the effect of blood pressure medicine.", "interaction"),
        ("St John's wort can make the contraceptive pill less effective.", "interaction"),
        ("Patients on warfarin should avoid ginkgo.", "interaction"),
        # mechanism
        ("The alkaloids hijack the reward system.", "mechanism"),
        ("Our blend supercharges mitochondrial energy production.", "mechanism"),
        ("The herb nudges the adrenal glands back into balance.", "mechanism"),
        ("This tea detoxes your liver.", "mechanism"),
        # regulatory
        ("The FDA signed off on the formula.", "regulatory_status"),
        ("The leaf is unregulated and therefore legal.", "regulatory_status"),
        ("Every batch is verified by independent chemists.", "regulatory_status"),
        ("Our tincture is licensed as a traditional herbal medicine.", "regulatory_status"),
        ("Kava is a legal alternative to valium.", "regulatory_status"),
        ("Kratom is not banned, which means it is legal to buy.", "regulatory_status"),
        # vulnerable groups (implicit references)
        ("Grandpa takes the capsules every evening.", "vulnerable_groups"),
        ("New mums often drink the tea at night.", "vulnerable_groups"),
        ("High schoolers are buying the gummies online.", "vulnerable_groups"),
        ("Exposure to the herb in utero has been reported.", "vulnerable_groups"),
        ("We do not sell to anyone younger than 21.", "vulnerable_groups"),
        ("My dad is 78 and uses kava to sleep.", "vulnerable_groups"),
        # withdrawal / stopping
        ("The comedown lasted a week.", "withdrawal_stopping_medication"),
        ("Coming off it took two months.", "withdrawal_stopping_medication"),
        ("The first days after quitting are rough.", "withdrawal_stopping_medication"),
        ("Cravings can linger for weeks.", "withdrawal_stopping_medication"),
        ("She is ten days clean from opioids.", "withdrawal_stopping_medication"),
        ("Withdrawal from kava is a myth.", "withdrawal_stopping_medication"),
        # emergency
        ("He OD'd on a concentrated shot.", "emergency"),
        ("The extract can trigger fits.", "emergency"),
        ("Her breathing became slow and ragged.", "emergency"),
        ("If you can't catch your breath, get help.", "emergency"),
        ("Thoughts of ending your life need urgent help.", "emergency"),
        ("Two users were rushed to the ER.", "emergency"),
    ],
)
def test_round3_generalisation_fires(sentence, category):
    assert category in _cats(sentence), f"{category} not flagged in {sentence!r}: {scan(sentence)}"


@pytest.mark.parametrize(
    "sentence, category",
    [
        # research framing is not an assertion (the known false positive)
        ("Studies suggest these compounds can dull pain.", "disease_treatment"),
        ("Early research suggests turmeric may ease joint stiffness.", "disease_treatment"),
        ("Lab work hints that the extract might lower cortisol.", "mechanism"),
        # an evidence qualification later in the sentence, across "but"
        ("Fans say it cures insomnia, but the evidence is thin.", "disease_treatment"),
        ("Some call it a miracle herb; the data are weak.", "efficacy_overstatement"),
        # yes/no questions ask rather than assert
        ("Is kava safe?", "absolute_safety"),
        ("Does CBD treat anxiety?", "disease_treatment"),
        ("Is this brand FDA approved?", "regulatory_status"),
        # reported and doubted claims
        ("Be wary of sellers who say kratom is harmless.", "absolute_safety"),
        ("Experts doubt that the herb can replace antidepressants.", "drug_substitution"),
        ("The firm was fined for claiming its tea cures diabetes.", "disease_treatment"),
        ("There is nothing to show kava works better than diazepam.", "drug_substitution"),
        # the known false-positive shapes
        ("The safest way to build strength is slowly.", "absolute_safety"),
        ("Talk to your GP about pain relief after the operation.", "disease_treatment"),
        ("Ibuprofen and naproxen are both NSAIDs.", "interaction"),
        ("Codeine and morphine are opioids.", "interaction"),
    ],
)
def test_round3_assertions_suppressed(sentence, category):
    assert category not in _cats(sentence), f"{category} wrongly flagged in {sentence!r}: {scan(sentence)}"


@pytest.mark.parametrize(
    "sentence, category",
    [
        # cautionary (topic) categories fire through hedges, questions and
        # qualifications
        ("Research suggests you should not mix kava with alcohol.", "interaction"),
        ("Is it safe to give melatonin to a toddler?", "vulnerable_groups"),
        ("Can I take ashwagandha with my SSRI?", "interaction"),
        ("Early studies suggest the overdose risk is low.", "emergency"),
        ("Kava may not be safe in pregnancy, though data are limited.", "vulnerable_groups"),
        ("Never take more than four capsules a day.", "dosage"),
    ],
)
def test_round3_cautions_still_fire(sentence, category):
    assert category in _cats(sentence), f"{category} not flagged in {sentence!r}: {scan(sentence)}"


@pytest.mark.parametrize(
    "sentence",
    [
        "Add a pinch of salt to the soup.",
        "A cup of coffee contains about 95 mg of caffeine.",
        "After quitting my job I slept better.",
        "Withdrawal of the product was announced in May.",
        "Sugar cravings are common in the afternoon.",
        "Talking therapies help many people with depression.",
        "Vaccines protect against measles.",
        "Slow breathing exercises can help you relax.",
        "The study was approved by the ethics committee.",
        "About one in ten adults experience migraines.",
        "Nine in ten adults do not eat enough fibre.",
        "Keep medicines in a cool, dry place.",
        "Most colds clear up on their own.",
    ],
)
def test_round3_ordinary_text_is_clean(sentence):
    assert scan(sentence) == [], scan(sentence)


def test_short_question_fragment_stays_with_its_answer():
    text = "Side effects? None. Is it legal? Ask a lawyer."
    sents = [text[a:b] for a, b in split_sentences(text)]
    assert sents == ["Side effects? None.", "Is it legal?", "Ask a lawyer."]
    assert "absolute_safety" in _cats("Side effects? None.")
    assert "absolute_safety" in _cats("Withdrawal? Not with this leaf.")


def test_research_hedge_does_not_hide_a_later_claim_in_another_sentence():
    text = "Studies suggest it may ease pain. It cures arthritis."
    claims = scan(text)
    assert [c.text for c in claims if c.category == "disease_treatment"] == ["cures arthritis"]


@pytest.mark.parametrize("name", ["claims_holdout.tsv", "claims_tuning_r3.tsv"])
def test_round3_tuning_files_meet_targets(name):
    # Since round 3 the holdout and the r3 sentences are tuning data too.
    mod = _load_eval_module()
    rows = mod.load(ROOT / "bench" / name)
    counts, _ = mod.evaluate(rows)
    for cat in ClaimCategory:
        k = counts[cat]
        precision = k["tp"] / max(k["tp"] + k["fp"], 1)
        recall = k["tp"] / max(k["tp"] + k["fn"], 1)
        assert recall >= 0.95, (name, cat, recall)
        assert precision >= 0.85, (name, cat, precision)


@pytest.mark.parametrize(
    "sentence, category",
    [
        ("Kratom withdrawl is rough.", "withdrawal_stopping_medication"),
        ("It has no side affects.", "absolute_safety"),
        ("Never mix it with alchohol.", "interaction"),
        ("He had a siezure.", "emergency"),
        ("Dont stop your perscription.", "withdrawal_stopping_medication"),
        ("It eases my arthiritis.", "disease_treatment"),
    ],
)
def test_common_misspellings(sentence, category):
    assert category in _cats(sentence), f"{category} not flagged in {sentence!r}: {scan(sentence)}"


# ---------------------------------------------------------------------------
# Explanations fit the product the sentence is about
# ---------------------------------------------------------------------------


def _explanation(text: str, category: str) -> str:
    (claim,) = [c for c in scan(text) if c.category == category]
    return claim.explanation


def test_an_explanation_names_the_product_of_the_sentence_not_kratom():
    explanation = _explanation("Vitamin D is safe for your child.", "vulnerable_groups")
    assert "in connection with vitamin D" in explanation
    assert "kratom" not in explanation.lower()


def test_a_product_specific_note_is_added_only_for_that_product():
    about_kratom = _explanation("Kratom is safe in pregnancy.", "vulnerable_groups")
    about_melatonin = _explanation("Melatonin is safe in pregnancy.", "vulnerable_groups")
    assert "Newborns have shown withdrawal" in about_kratom
    assert "Newborns" not in about_melatonin and "melatonin" in about_melatonin


def test_a_sentence_that_names_no_product_refers_back_to_the_last_one_named():
    text = "Ashwagandha comes as a powder. It cures anxiety."
    assert "Says or implies ashwagandha treats" in _explanation(text, "disease_treatment")


def test_without_any_product_the_explanation_says_the_product():
    explanation = _explanation("This cures anxiety.", "disease_treatment")
    assert "Says or implies the product treats" in explanation
    assert "kratom" not in explanation.lower()


def test_a_missing_seed_fails_rather_than_skips():
    with pytest.raises(FileNotFoundError):
        _seed("no-such-seed.txt")


# ---------------------------------------------------------------------------
# Clean contexts the rules used to flag: general pharmacology, study
# descriptions, hospital facts, recipes and pack sizes, phrases talked about
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Beta blockers slow the heart by blocking adrenaline.",
        "Most antihistamines block histamine receptors in the nose.",
        "Statins are prescribed to lower cholesterol.",
        "The trial compared the extract with a placebo in older adults.",
        "Researchers asked breastfeeding mothers which teas they drank.",
        "The study excluded people taking antidepressants.",
        "The emergency department sees about two hundred patients a day.",
        "The ambulance service was short of crews last winter.",
        "Stir in two tablespoons of olive oil and a pinch of salt.",
        "A slice of bread has about three grams of fibre.",
        "The tub holds sixty capsules.",
        "The evidence for kava as a sleep aid is mixed.",
        'The "doctor formulated" label on the tin names no doctor.',
        'Phrases like "clinically proven" are easy to misuse.',
        "The FDA has approved two cannabis-based medicines.",
        "Kava's legal status differs from country to country.",
        "Morphine is a strong painkiller used in hospitals.",
        "Eat as many vegetables as you like.",
        "Calling rhodiola 'non-addictive' is a marketing claim, not a finding.",
        'Reviews saying "works every time" rarely mention who paid for them.',
    ],
)
def test_clean_contexts_are_not_flagged(sentence):
    assert _cats(sentence) == set(), scan(sentence)


@pytest.mark.parametrize(
    "sentence, category",
    [
        ("Ashwagandha blocks cortisol like a beta blocker.", "mechanism"),
        ("Unlike statins, red yeast rice lowers cholesterol naturally.", "disease_treatment"),
        ("Go to the emergency department if your lips swell.", "emergency"),
        ("Take two tablespoons of the syrup every morning.", "dosage"),
        ("Each capsule contains 500 mg of extract.", "dosage"),
        ('Our tea is "100% safe" for everyone.', "absolute_safety"),
        ("Safe for pregnant women, say our customers.", "vulnerable_groups"),
        ("The FDA has approved our sleep drops.", "regulatory_status"),
        ('Critics call "you can\'t overdose on it" a dangerous myth.', "emergency"),
        ("Fine for nursing mothers.", "absolute_safety"),
        ("Gentle enough for toddlers.", "absolute_safety"),
        ("There's no such thing as too much elderberry.", "dosage"),
        ("Drink as many cups as you want.", "dosage"),
        ("I took valerian while tapering off my sleeping pills.", "interaction"),
        ("As used in NHS hospitals.", "regulatory_status"),
        ("Independent labs verify every batch.", "regulatory_status"),
        ("Once the garlic kicks in, bin the amlodipine.", "withdrawal_stopping_medication"),
        ("Ideal for older adults who struggle with sleep.", "vulnerable_groups"),
        ("Our customers never get sick again.", "efficacy_overstatement"),
        ("Not one buyer has ever reported a problem with our drops.", "absolute_safety"),
        ("Valerian plays nicely with your other sleep meds.", "interaction"),
    ],
)
def test_the_same_words_in_a_claim_are_still_flagged(sentence, category):
    assert category in _cats(sentence), scan(sentence)
