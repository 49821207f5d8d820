"""The risky-claim categories: the one list every other part of the project uses.

The categories come from section 5 of ``shared/design/health-content-standards.md``.
Their order is the order claims are reported in. Each category's rules live in
``articles/claims/rules/<value>.rules``; the rule loader refuses a category
without a file and a file without a category.
"""

from __future__ import annotations

from enum import StrEnum


class ClaimCategory(StrEnum):
    ABSOLUTE_SAFETY = "absolute_safety"
    DISEASE_TREATMENT = "disease_treatment"
    EFFICACY_OVERSTATEMENT = "efficacy_overstatement"
    DRUG_SUBSTITUTION = "drug_substitution"
    DOSAGE = "dosage"
    INTERACTION = "interaction"
    MECHANISM = "mechanism"
    REGULATORY_STATUS = "regulatory_status"
    VULNERABLE_GROUPS = "vulnerable_groups"
    WITHDRAWAL_STOPPING_MEDICATION = "withdrawal_stopping_medication"
    EMERGENCY = "emergency"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, for form and model field choices."""
        return [(category.value, category.label) for category in cls]


_LABELS = {
    ClaimCategory.ABSOLUTE_SAFETY: "Absolute safety",
    ClaimCategory.DISEASE_TREATMENT: "Disease treatment or cure",
    ClaimCategory.EFFICACY_OVERSTATEMENT: "Efficacy overstatement",
    ClaimCategory.DRUG_SUBSTITUTION: "Drug comparison or substitution",
    ClaimCategory.DOSAGE: "Dosage instructions",
    ClaimCategory.INTERACTION: "Interactions or combinations",
    ClaimCategory.MECHANISM: "Mechanism or physiology",
    ClaimCategory.REGULATORY_STATUS: "Regulatory or legal status",
    ClaimCategory.VULNERABLE_GROUPS: "Vulnerable groups",
    ClaimCategory.WITHDRAWAL_STOPPING_MEDICATION: "Withdrawal or stopping medicines",
    ClaimCategory.EMERGENCY: "Emergency symptoms",
}

#: Every category's label by value, for text stored before a category was renamed
#: (``CATEGORY_LABELS.get(value, value)``).
CATEGORY_LABELS: dict[str, str] = {category.value: category.label for category in ClaimCategory}
