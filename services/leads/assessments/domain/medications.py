"""Find medicines a clinician must review in the visitor's free-text list."""

from __future__ import annotations

import re

from services.leads.assessments.domain.eligibility_rules import EligibilityRules

_WORD = re.compile(r"[a-z0-9]+")


def detect_medication_classes(text: str, rules: EligibilityRules) -> tuple[str, ...]:
    """Return the codes of the medication classes whose keywords appear in `text`.

    Keywords match whole words (or whole phrases), so "benzonatate" is not a "benzo".
    """
    words = _WORD.findall(text.lower())
    padded = f" {' '.join(words)} "
    found = []
    for med_class in rules.medication_classes:
        if any(f" {' '.join(_WORD.findall(k))} " in padded for k in med_class.keywords):
            found.append(med_class.code)
    return tuple(found)
