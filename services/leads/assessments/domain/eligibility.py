"""Apply the versioned eligibility rules to one visitor's facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from services.leads.assessments.domain.eligibility_rules import (
    BELOW_THRESHOLD,
    EligibilityRules,
    Gate,
)
from services.leads.assessments.domain.medications import detect_medication_classes

# The answers that put a visitor in the perinatal period, where the EPDS is asked too.
PERINATAL_PERIOD_ANSWERS = ("pregnant", "gave_birth_within_12_months", "partner_gave_birth_within_12_months")


@dataclass(frozen=True)
class Perinatal:
    """The visitor's answers about pregnancy and a new baby."""

    pregnant: bool = False
    gave_birth_within_12_months: bool = False
    partner_gave_birth_within_12_months: bool = False
    breastfeeding: bool = False

    @property
    def in_perinatal_period(self) -> bool:
        """True when the EPDS applies: pregnant or within 12 months of their own or a partner's birth."""
        return any(getattr(self, answer) for answer in PERINATAL_PERIOD_ANSWERS)

    @property
    def epds_stem_variant(self) -> str:
        """EPDS stem to show: the partner wording unless the visitor is or was pregnant."""
        own = self.pregnant or self.gave_birth_within_12_months
        return "" if own or not self.partner_gave_birth_within_12_months else "partner"


@dataclass(frozen=True)
class EligibilityFacts:
    """What the rules look at, already validated and scored."""

    age: int
    state: str
    perinatal: Perinatal
    history: Mapping[str, bool] = field(default_factory=dict)
    medications: str = ""
    phq9_total: int = 0
    epds_total: int | None = None


@dataclass(frozen=True)
class EligibilityResult:
    """The outcome, the reason codes behind it, and every review flag found."""

    outcome: str
    reasons: tuple[str, ...]
    rules_version: str
    review_flags: tuple[str, ...] = ()


def age_on(date_of_birth: date, today: date) -> int:
    """Whole years completed on `today` (18 on the 18th birthday itself)."""
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - before_birthday


def review_flags(facts: EligibilityFacts, rules: EligibilityRules) -> tuple[str, ...]:
    """Codes of every clinician-review flag in the facts, in rules order."""
    perinatal = [code for key, code in rules.perinatal_flags if getattr(facts.perinatal, key)]
    history = [code for key, code in rules.history_flags if facts.history.get(key, False)]
    return tuple(perinatal + history) + detect_medication_classes(facts.medications, rules)


def assess_eligibility(facts: EligibilityFacts, rules: EligibilityRules) -> EligibilityResult:
    """Gates in rules order, then review flags, then score thresholds (see the rules file)."""
    flags = review_flags(facts, rules)
    gated = [gate for gate in rules.gates if _applies(gate, facts)]
    if gated:
        return EligibilityResult(gated[0].outcome, tuple(g.code for g in gated), rules.version, flags)
    if flags:
        return EligibilityResult("needs_review", flags, rules.version, flags)
    met = []
    if facts.phq9_total >= rules.phq9_threshold:
        met.append("phq9_threshold")
    if facts.epds_total is not None and facts.epds_total >= rules.epds_threshold:
        met.append("epds_threshold")
    if met:
        return EligibilityResult("likely_eligible", tuple(met), rules.version, flags)
    return EligibilityResult("needs_review", (BELOW_THRESHOLD,), rules.version, flags)


def _applies(gate: Gate, facts: EligibilityFacts) -> bool:
    if gate.code == "under_18":
        return facts.age < (gate.minimum_age or 0)
    if gate.code == "out_of_area":
        return facts.state not in gate.served_states
    if gate.code == "pregnant":
        return facts.perinatal.pregnant
    raise ValueError(f"unknown gate {gate.code!r}")
