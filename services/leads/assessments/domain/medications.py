"""Find medicines a clinician must review in the visitor's free-text list."""

from __future__ import annotations

import re
from functools import lru_cache

from services.leads.assessments.domain.eligibility_rules import EligibilityRules, MedicationClass

_WORD = re.compile(r"[a-z0-9]+")


def detect_medication_classes(text: str, rules: EligibilityRules) -> tuple[str, ...]:
    """Return the codes of the medication classes whose keywords appear in `text`.

    Keywords match whole words (or whole phrases), so "benzonatate" is not a "benzo".
    """
    words = _WORD.findall(text.lower())
    padded = f" {' '.join(words)} "
    found = []
    for med_class in rules.medication_classes:
        if any(phrase in padded for phrase in _phrases(med_class)):
            found.append(med_class.code)
    return tuple(found)


@lru_cache(maxsize=64)
def _phrases(med_class: MedicationClass) -> tuple[str, ...]:
    """Each keyword as space-padded words, the form `detect_medication_classes` searches for."""
    return tuple(f" {' '.join(_WORD.findall(keyword))} " for keyword in med_class.keywords)
