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
