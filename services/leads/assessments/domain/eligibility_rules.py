"""Load a versioned eligibility rules file into a typed, read-only object."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_RULES_DIR = Path(__file__).parent / "rules"
_VERSION = re.compile(r"^eligibility-v\d+$")
OUTCOMES = ("likely_eligible", "needs_review", "not_eligible", "out_of_area")
GATE_CODES = ("under_18", "out_of_area", "pregnant")
BELOW_THRESHOLD = "below_threshold"
DEFAULT_VERSION = "eligibility-v1"


class RulesError(ValueError):
    """A rules file is missing or does not have the expected shape."""


@dataclass(frozen=True)
class Gate:
    """A hard gate: when it applies, its outcome is final."""

    code: str
    outcome: str
    minimum_age: int | None = None
    served_states: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MedicationClass:
    """Medicines a clinician must review, found by keyword in free text."""

    code: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class EligibilityRules:
    """One version of the clinic's eligibility rules."""

    version: str
    gates: tuple[Gate, ...]
    perinatal_flags: tuple[tuple[str, str], ...]
    history_flags: tuple[tuple[str, str], ...]
    medication_classes: tuple[MedicationClass, ...]
    phq9_threshold: int
    epds_threshold: int

    @property
    def history_keys(self) -> tuple[str, ...]:
        """The health-history questions these rules know."""
        return tuple(key for key, _ in self.history_flags)

    def reason_codes(self) -> tuple[str, ...]:
        """Every reason code these rules can produce."""
        return (
            tuple(g.code for g in self.gates)
            + tuple(code for _, code in self.perinatal_flags + self.history_flags)
            + tuple(m.code for m in self.medication_classes)
            + ("phq9_threshold", "epds_threshold", BELOW_THRESHOLD)
        )


@lru_cache(maxsize=4)
def load_rules(version: str = DEFAULT_VERSION) -> EligibilityRules:
    """Read and check `rules/<version>.json` (once per process)."""
    if not _VERSION.match(version):
        raise RulesError(f"not a rules version: {version!r}")
    path = _RULES_DIR / f"{version}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesError(f"no rules file for {version}") from None
    try:
        rules = parse_rules(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise RulesError(f"{version}: {error!r}") from error
    if rules.version != version:
        raise RulesError(f"{path.name} says it is {rules.version}")
    return rules


def parse_rules(raw: dict[str, Any]) -> EligibilityRules:
    """Build rules from their JSON form, refusing unknown gates and outcomes."""
    gates = tuple(_gate(g) for g in raw["gates"])
    review = raw["review"]
    return EligibilityRules(
        version=str(raw["version"]),
        gates=gates,
        perinatal_flags=tuple(_pairs(review["perinatal"])),
        history_flags=tuple(_pairs(review["history"])),
        medication_classes=tuple(
            MedicationClass(str(c["code"]), tuple(str(k).lower() for k in c["keywords"]))
            for c in review["medications"]["classes"]
        ),
        phq9_threshold=int(raw["thresholds"]["phq9_total"]),
        epds_threshold=int(raw["thresholds"]["epds_total"]),
    )


def _gate(raw: dict[str, Any]) -> Gate:
    code, outcome = raw["code"], raw["outcome"]
    if code not in GATE_CODES or outcome not in OUTCOMES:
        raise ValueError(f"unknown gate {code!r} -> {outcome!r}")
    return Gate(
        code=code,
        outcome=outcome,
        minimum_age=int(raw["minimum_age"]) if code == "under_18" else None,
        served_states=frozenset(raw["served_states"]) if code == "out_of_area" else frozenset(),
    )


def _pairs(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return [(str(key), str(code)) for key, code in mapping.items()]
