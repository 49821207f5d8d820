"""
The learned second opinion beside the rules: trained deterministically, stored
safely and checked against its data, used only when it matches (else the rules
alone, and ``manage.py check`` says so), and taught by reviewers' decisions.

Tests train on a third of one training file so they stay fast.
"""

import io

import pytest
from django.core.management import call_command

from articles.actions import workflow
from articles.actions.claim_marks import InvalidClaimMark, flag_sentence
from articles.checks import claims_model_check
from articles.claims import combined, engine
from articles.claims import model as claims_model
from articles.errors import NotPermitted
from articles.models import ClaimFlag, WorkflowEvent

from .factories import ArticleFactory, SectionFactory

MISSED = "Whatever the chemist hands you, a splash of our bitters makes it stronger."


@pytest.fixture(scope="module")
def rows():
    return claims_model.read_labelled(claims_model.DATA_DIR / "train_registers_2026_12.tsv")[::3]


@pytest.fixture(scope="module")
def small_model(rows):
    return claims_model.train(rows, source_hash="test")


@pytest.fixture(autouse=True)
def rules_only_afterwards():
    yield
    combined.use_model(None, "reset by the test")


@pytest.fixture
def model_files(tmp_path, settings, monkeypatch):
    """A training file (the only committed one), a model path and a labels path of the test's own."""
    training = tmp_path / "train.tsv"
    monkeypatch.setattr(claims_model, "TRAINING_FILES", (training,))
    labels = tmp_path / "labels.tsv"
    settings.CLAIMS_MODEL_PATH = tmp_path / "model.skops"
    settings.CLAIMS_REVIEWER_LABELS_PATH = labels
    return training, settings.CLAIMS_MODEL_PATH, labels


def write_tsv(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("sentence\tcategories\n")
        for sentence, cats in rows:
            f.write(f"{sentence}\t{','.join(sorted(cats))}\n")


def test_training_twice_on_the_same_data_gives_the_same_model(rows, small_model):
    again = claims_model.train(rows, source_hash="test")

    assert claims_model.artefact_digest(again) == claims_model.artefact_digest(small_model)
    sentences = [s for s, _ in rows[:50]]
    assert (again.scores(sentences)[0] == small_model.scores(sentences)[0]).all()


def test_a_stored_model_loads_only_with_its_own_data_and_library_version(tmp_path, small_model, monkeypatch):
    path = tmp_path / "model.skops"
    claims_model.save(small_model, path)

    loaded = claims_model.load(path, expected_hash="test")
    assert claims_model.artefact_digest(loaded) == claims_model.artefact_digest(small_model)
    with pytest.raises(claims_model.ModelUnavailable, match="training data changed"):
        claims_model.load(path, expected_hash="other data")
    monkeypatch.setattr(claims_model, "sklearn_version", lambda: "0.0")
    with pytest.raises(claims_model.ModelUnavailable, match="scikit-learn"):
        claims_model.load(path, expected_hash="test")


def test_without_a_matching_model_scanning_uses_the_rules_and_check_warns(tmp_path, small_model):
    text = "Kratom is non-addictive. " + MISSED
    combined.configure(model_path=tmp_path / "missing.skops", reviewer_labels=tmp_path / "none.tsv")

    assert combined.scan(text) == engine.scan(text)
    warnings = claims_model_check(None)
    assert [w.id for w in warnings] == ["articles.W001"]
    assert "rules only" in warnings[0].msg and "no model file" in warnings[0].msg

    # A model stored for other data is refused the same way.
    claims_model.save(small_model, tmp_path / "stale.skops")
    combined.configure(model_path=tmp_path / "stale.skops", reviewer_labels=tmp_path / "none.tsv")
    assert combined.scan(text) == engine.scan(text)
    assert "training data changed" in claims_model_check(None)[0].msg


def test_check_is_quiet_when_the_model_matches(model_files, rows):
    training, model_path, labels = model_files
    write_tsv(training, rows)
    claims_model.save(claims_model.train_from_files((training,)), model_path)
    combined.configure(model_path=model_path, reviewer_labels=labels)

    assert claims_model_check(None) == []


def test_a_model_only_flag_says_it_comes_from_the_learned_detector(small_model, writer, reviewer):
    sentence = "Goes great with a glass of red and your sleeping pill."
    assert "interaction" not in engine.categories_in(sentence)
    combined.use_model(small_model)

    [claim] = [c for c in combined.scan(sentence) if c.category == "interaction"]
    assert claim.detector == "model"
    assert claim.text == sentence
    assert claim.explanation.startswith("Possible interactions or combinations claim, learned detector: "
                                        "the words that weighed most were “")

    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, body=sentence)
    revision = workflow.submit_for_review(article, by=writer)
    flag = revision.claim_flags.get(category="interaction")
    assert flag.detector == "model"
    workflow.resolve_claim(flag, by=reviewer, reason="Quoted from a seller; the page warns against it.")
    assert flag.resolution.resolved_by == reviewer


def test_model_hits_are_suppressed_by_negation_like_rule_hits(small_model):
    combined.use_model(small_model)
    asserted = "Our gummies cure anxiety for good."
    denied = "There is no evidence that our gummies cure anxiety for good."
    model_only = lambda text: {c.category for c in combined.scan(text, use_rules=False)}  # noqa: E731

    assert "disease_treatment" in model_only(asserted)
    assert "disease_treatment" not in model_only(denied)


@pytest.mark.django_db
def test_a_reviewer_marks_a_missed_sentence_and_the_retrained_model_catches_it(
    model_files, rows, writer, reviewer
):
    training, model_path, labels = model_files
    write_tsv(training, rows)
    call_command("train_claims_model", stdout=io.StringIO())
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="Tips", body="Store it cool. " + MISSED)
    revision = workflow.submit_for_review(article, by=writer)
    assert not revision.claim_flags.filter(sentence=MISSED).exists()

    start = len("Store it cool. ")
    flag = flag_sentence(revision, by=reviewer, part="section", section_index=0,
                         start=start, end=start + len(MISSED), category="interaction")
    assert (flag.detector, flag.text, flag.sentence) == ("reviewer", MISSED, MISSED)
    assert "missed" in flag.explanation
    event = WorkflowEvent.objects.get(action="claim_marked")
    assert (event.actor, event.details["category"]) == (reviewer, "interaction")

    out = io.StringIO()
    call_command("train_claims_model", "--with-reviews", stdout=out)
    assert "Wrote 1 reviewed sentences" in out.getvalue()

    later = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=later, position=1, body=MISSED)
    caught = workflow.submit_for_review(later, by=writer).claim_flags.get(sentence=MISSED)
    assert (caught.category, caught.detector) == ("interaction", "model")


@pytest.mark.django_db
def test_only_another_reviewer_can_mark_a_sentence_and_only_real_text(writer, reviewer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, body=MISSED)
    revision = workflow.submit_for_review(article, by=writer)

    with pytest.raises(NotPermitted):
        flag_sentence(revision, by=writer, part="section", section_index=0, start=0, end=5,
                      category="interaction")
    with pytest.raises(InvalidClaimMark, match="not a claim category"):
        flag_sentence(revision, by=reviewer, part="section", section_index=0, start=0, end=5,
                      category="nonsense")
    with pytest.raises(InvalidClaimMark, match="outside the text"):
        flag_sentence(revision, by=reviewer, part="section", section_index=0, start=0, end=999,
                      category="interaction")
    assert not ClaimFlag.objects.filter(detector="reviewer").exists()


@pytest.mark.django_db
def test_export_writes_accepted_and_sent_back_flags_as_labels(tmp_path, writer, reviewer):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, body="Kratom is non-addictive.")
    accepted = workflow.submit_for_review(article, by=writer)
    workflow.resolve_claim(accepted.claim_flags.get(), by=reviewer, reason="Quoted, then refuted.")
    other = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=other, position=1, body="Take 2 grams twice daily.")
    sent_back = workflow.submit_for_review(other, by=writer)
    workflow.request_changes(sent_back, by=reviewer, note="Remove the dose.")
    unjudged = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=unjudged, position=1, body="Valerian is harmless.")
    workflow.submit_for_review(unjudged, by=writer)

    out = tmp_path / "labels.tsv"
    call_command("export_claim_labels", output=str(out), stdout=io.StringIO())

    assert claims_model.read_labelled(out) == [
        ("Kratom is non-addictive.", frozenset({"absolute_safety"})),
        ("Take 2 grams twice daily.", frozenset({"dosage"})),
    ]


@pytest.mark.django_db
def test_the_review_page_lets_a_reviewer_flag_missed_words(writer, reviewer):
    from .admin_helpers import logged_in, messages_of, review_url

    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="Tips", body="Store it cool. " + MISSED)
    revision = workflow.submit_for_review(article, by=writer)
    client = logged_in(reviewer)
    assert "Flag a sentence the detector missed" in client.get(review_url(revision)).content.decode()

    response = client.post(review_url(revision), {
        "action": "flag_sentence", "part": "section:0", "words": "a splash of our bitters",
        "category": "interaction",
    }, follow=True)

    flag = revision.claim_flags.get(detector="reviewer")
    assert (flag.text, flag.sentence, flag.category) == ("a splash of our bitters", MISSED, "interaction")
    assert any("Flagged “a splash of our bitters”" in m for m in messages_of(response))

    refused = client.post(review_url(revision), {
        "action": "flag_sentence", "part": "section:0", "words": "not in the text", "category": "interaction",
    })
    assert refused.status_code == 200
    assert any("exactly as they appear" in m for m in messages_of(refused))


def test_the_live_scan_reuses_unchanged_lines_and_finds_what_a_full_scan_finds(small_model):
    combined.use_model(small_model)
    text = (
        "Kava is sold as a powder.\n"
        "It is safe in pregnancy and never habit-forming.\n"
        "Take two scoops twice a day. Ashwagandha, by contrast, is a shrub.\n"
        "It cures anxiety for good.\n"
        "Goes great with a glass of red and your sleeping pill."
    )
    full = combined.scan(text)
    live = combined.scan(text, live=True)
    assert [(c, c.explanation, c.detector) for c in live] == [(c, c.explanation, c.detector) for c in full]
    # Line 2 names no product: its explanations name the product of line 1, as in a full scan.
    pregnancy = next(c for c in live if c.category == "vulnerable_groups")
    assert "kava" in pregnancy.explanation.lower()

    edited = text.replace("twice a day", "three times a day")
    rescanned = []
    original_scan = engine.scan

    def counting_scan(line, **kwargs):
        rescanned.append(line)
        return original_scan(line, **kwargs)

    engine.scan = counting_scan
    try:
        live = combined.scan(edited, live=True)
    finally:
        engine.scan = original_scan
    assert rescanned == ["Take two scoops three times a day. Ashwagandha, by contrast, is a shrub."]
    full = combined.scan(edited)
    assert [(c, c.explanation) for c in live] == [(c, c.explanation) for c in full]


def test_a_rule_flag_in_a_sentence_the_gate_is_sure_is_clean_is_dropped(small_model):
    from dataclasses import replace

    sentence = "The lecture covered how kava acts on GABA receptors."
    assert "mechanism" in engine.categories_in(sentence)
    _, [gate], _ = small_model.scores([sentence])

    combined.use_model(replace(small_model, rule_veto=gate + 0.01))
    assert "mechanism" not in combined.categories_in(sentence)
    combined.use_model(replace(small_model, rule_veto=gate - 0.01))
    assert "mechanism" in combined.categories_in(sentence)
    # Rules alone never drop it.
    assert "mechanism" in {c.category for c in combined.scan(sentence, use_model=False)}


def test_a_rule_flag_for_a_category_the_model_is_sure_is_absent_is_dropped(small_model):
    from dataclasses import replace

    sentence = "The lecture covered how kava acts on GABA receptors."
    assert "mechanism" in engine.categories_in(sentence)
    scores, _, _ = small_model.scores([sentence])
    score = float(scores[0, claims_model.CATEGORIES.index("mechanism")])
    model = replace(small_model, rule_veto=0.0)

    combined.use_model(replace(model, category_veto={**model.category_veto, "mechanism": score + 0.01}))
    assert "mechanism" not in combined.categories_in(sentence)
    combined.use_model(replace(model, category_veto={**model.category_veto, "mechanism": score - 0.01}))
    assert "mechanism" in combined.categories_in(sentence)
    # Rules alone never drop it.
    assert "mechanism" in {c.category for c in combined.scan(sentence, use_model=False)}


def test_a_model_only_flag_names_the_product_its_sentence_is_about(small_model):
    combined.use_model(small_model)
    text = "Melatonin gummies are sold everywhere. Goes great with a glass of red and your sleeping pill."

    [claim] = [c for c in combined.scan(text) if c.category == "interaction"]
    assert claim.detector == "model"
    assert "melatonin" in claim.explanation.lower() and "kratom" not in claim.explanation.lower()


def test_the_eval_script_explains_model_flags_by_their_words(small_model, capsys):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "claims_eval.py"
    spec = importlib.util.spec_from_file_location("claims_eval_script", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    combined.use_model(small_model)

    script.main(["--with-model", "--explain", "--text", "Goes great with a glass of red and your sleeping pill."])
    out = capsys.readouterr().out
    assert "interaction='Goes great with a glass of red and your sleeping pill.'" in out
    assert "learned detector: Possible interactions or combinations claim, learned detector: the words" in out


def test_a_sentence_the_gate_is_sure_is_risky_gets_its_likeliest_category_when_nothing_else_flags_it(
    small_model, monkeypatch
):
    from dataclasses import replace

    sentence = "Goodbye, migraines, and this time for good."
    assert engine.categories_in(sentence) == set()
    probabilities, [gate], _ = small_model.probabilities([sentence])
    likeliest = claims_model.CATEGORIES[int(probabilities[0].argmax())]
    unreachable = replace(small_model, thresholds=dict.fromkeys(claims_model.CATEGORIES, 1.01))
    monkeypatch.setattr(claims_model, "FALLBACK_SCORE", 0.0)

    monkeypatch.setattr(claims_model, "FALLBACK_GATE", gate - 0.01)
    combined.use_model(unreachable)
    (claim,) = combined.scan(sentence)
    assert (claim.category, claim.detector) == (likeliest, "model")
    assert "learned detector" in claim.explanation

    monkeypatch.setattr(claims_model, "FALLBACK_GATE", gate + 0.01)
    combined.use_model(unreachable)
    assert combined.scan(sentence) == []


def test_a_second_category_beside_a_rule_flag_needs_the_margin_above_its_threshold(small_model, monkeypatch):
    from dataclasses import replace

    sentence = "Our gummies cure anxiety for good."
    ruled = engine.categories_in(sentence)
    scores, _, _ = small_model.scores([sentence])
    second, score = max(
        ((c, scores[0, j]) for j, c in enumerate(claims_model.CATEGORIES) if c not in ruled), key=lambda x: x[1]
    )
    assert ruled
    just_over = replace(small_model, thresholds={**small_model.thresholds, second: score - 0.05})

    monkeypatch.setattr(claims_model, "SECOND_CATEGORY_MARGIN", 0.1)
    combined.use_model(just_over)
    assert second not in combined.categories_in(sentence)
    monkeypatch.setattr(claims_model, "SECOND_CATEGORY_MARGIN", 0.0)
    combined.use_model(just_over)
    assert second in combined.categories_in(sentence)


def test_general_pharmacology_gets_no_model_flag_for_a_claim_category(small_model):
    from dataclasses import replace

    sentence = "SSRIs raise the amount of serotonin between nerve cells."
    eager = replace(small_model, thresholds=dict.fromkeys(claims_model.CATEGORIES, 0.0))
    combined.use_model(eager)
    model_only = {c.category for c in combined.scan(sentence, use_rules=False)}
    assert "mechanism" not in model_only
    assert "mechanism" in {
        c.category for c in combined.scan("Saffron raises the amount of serotonin between nerve cells.", use_rules=False)
    }
