"""The rule files: how they read, what a mistake in one says, and which pattern is behind a flag."""

import re
import shutil
from pathlib import Path

import pytest

from articles.claims import explain, patterns_matching
from articles.claims.rulefiles import RULES_DIR, RuleFileError, load


@pytest.fixture
def rules_dir(tmp_path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy)
    return copy


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _add_patterns(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("\npatterns:\n", "\npatterns:\n" + text), encoding="utf-8")


def test_a_choice_written_one_alternative_per_line_is_the_one_line_template(rules_dir):
    _add_patterns(rules_dir / "dosage.rules", "    take (\n        one\n        two\n    ) [big] (\n        spoons\n    )\n")

    patterns = load(rules_dir).categories["dosage"].patterns

    assert "take (one|two) [big] (spoons)" in [p.template for p in patterns]


def test_pattern_options_apply_to_the_pattern_above_them(rules_dir):
    _add_patterns(rules_dir / "dosage.rules", "    sip the brew\n        requires_context: substance drug\n")

    (pattern,) = [p for p in load(rules_dir).categories["dosage"].patterns if p.template == "sip the brew"]

    assert pattern.requires_context == ("substance", "drug")
    assert pattern.source.startswith("dosage.rules:")


@pytest.mark.parametrize(
    "addition, message",
    [
        ("    take (\n        one\n", "is never closed"),
        ("    take (\n        one\n    ] daily\n", "expected ')'"),
        ("    take it\n        requires: substance\n", "an option needs one of"),
        ("warnings:\n    take it\n", "unknown section 'warnings'"),
    ],
)
def test_a_mistake_in_a_rule_file_names_the_file_and_line(rules_dir, addition, message):
    _append(rules_dir / "dosage.rules", addition)

    with pytest.raises(RuleFileError, match=rf"^dosage\.rules:\d+: .*{re.escape(message)}"):
        load(rules_dir)


def test_every_category_needs_its_rule_file_and_every_rule_file_a_category(rules_dir):
    (rules_dir / "dosage.rules").rename(rules_dir / "dosing.rules")

    with pytest.raises(RuleFileError, match="dosage.rules: missing"):
        load(rules_dir)


def test_explain_names_the_pattern_behind_each_flag():
    ((claim, patterns),) = explain("Kratom is non-addictive.")

    assert claim.category == "absolute_safety" and claim.text == "non-addictive"
    assert [(p.template, p.source.split(":")[0]) for p in patterns] == [("non-addictive", "absolute_safety.rules")]


def test_patterns_matching_includes_matches_a_negation_later_drops():
    matched = {p.template for p in patterns_matching("Kratom is not non-addictive.")}

    assert "non-addictive" in matched


def _eval_script():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "bench" / "claims_eval.py"
    spec = importlib.util.spec_from_file_location("claims_eval_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_eval_script_lists_unused_patterns_and_explains_each_flag(tmp_path, capsys):
    labelled = tmp_path / "one.tsv"
    labelled.write_text("sentence\tcategories\nKava is gentle enough for kids.\tvulnerable_groups,absolute_safety\n")
    script = _eval_script()

    script.main(["--unused", "--file", str(labelled)])
    unused = capsys.readouterr().out
    assert re.search(r"\d+ of \d+ patterns match none of the 1 labelled sentences", unused)
    assert "vulnerable_groups.rules" in unused  # most of its patterns are not exercised by one sentence

    script.main(["--explain", "--text", "Kava is gentle enough for kids."])
    explained = capsys.readouterr().out
    assert re.search(r"vulnerable_groups='[^']*kids'\n\s+vulnerable_groups\.rules:\d+ ", explained)
