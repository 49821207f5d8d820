"""The risky-claim detector: a plain Python library (no Django).

Importing it is cheap: the rules in ``rules/`` are read and compiled on the
first scan (or by ``compile_rules()``). See docs/claims.md.
"""

from articles.claims.categories import CATEGORY_LABELS, ClaimCategory
from articles.claims.engine import (
    Claim,
    categories_in,
    compile_rules,
    explain,
    explanation_for,
    patterns_matching,
    scan,
    split_sentences,
)

__all__ = [
    "CATEGORY_LABELS",
    "Claim",
    "ClaimCategory",
    "categories_in",
    "compile_rules",
    "explain",
    "explanation_for",
    "patterns_matching",
    "scan",
    "split_sentences",
]
