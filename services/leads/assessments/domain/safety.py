"""The safety path: self-harm items flag a visitor whatever their totals."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from services.leads.catalogue import Catalogue

HIGH = "high"
ELEVATED = "elevated"

# Resources in the order the safety screen lists them.
_ALWAYS_FIRST = ("emergency", "lifeline_988")
_PERINATAL = ("maternal_hotline",)
_ALWAYS_LAST = ("psi_helpline",)
RESOURCE_IDS = _ALWAYS_FIRST + _PERINATAL + _ALWAYS_LAST


@dataclass(frozen=True)
class Resource:
    """A crisis or support line shown to the visitor."""

    id: str
    name: str
    phone: str
    text: str
    url: str | None

    def as_dict(self) -> dict[str, Any]:
        """Shape used in the API's `safety.resources`."""
        return {"name": self.name, "phone": self.phone, "text": self.text, "url": self.url}


@dataclass(frozen=True)
class SafetyAssessment:
    """Whether the visitor is flagged, why (with item values), how urgently, and where to turn."""

    flagged: bool
    reasons: tuple[str, ...]
    item_values: dict[str, int]
    tier: str | None
    resources: tuple[Resource, ...]

    def as_dict(self) -> dict[str, Any]:
        """Shape used in the API's `safety`."""
        return {
            "flagged": self.flagged,
            "reasons": list(self.reasons),
            "resources": [r.as_dict() for r in self.resources],
            "tier": self.tier,
        }


def tier_for(value: int) -> str | None:
    """Urgency of one self-harm item's score: 2-3 high, 1 elevated, 0 none."""
    if value >= 2:
        return HIGH
    if value == 1:
        return ELEVATED
    return None


def assess_safety(
    phq9_item9: int,
    epds_item10: int | None,
    *,
    perinatal: bool,
    catalogue: Catalogue | None = None,
) -> SafetyAssessment:
    """Flag PHQ-9 item 9 >= 1 or EPDS item 10 >= 1; the highest item value sets the tier."""
    values = {"phq9_item9": phq9_item9}
    if epds_item10 is not None:
        values["epds_item10"] = epds_item10
    positive = {reason: value for reason, value in values.items() if value >= 1}
    tier = tier_for(max(positive.values())) if positive else None
    return SafetyAssessment(
        flagged=bool(positive),
        reasons=tuple(positive),
        item_values=positive,
        tier=tier,
        resources=resources(perinatal=perinatal, catalogue=catalogue),
    )


def with_crisis_language(safety: SafetyAssessment, tier: str) -> SafetyAssessment:
    """Add crisis language found in the visitor's free text: flagged, reason `crisis_language`, the higher tier."""
    higher = HIGH if HIGH in (tier, safety.tier) else ELEVATED
    return replace(safety, flagged=True, reasons=(*safety.reasons, "crisis_language"), tier=higher)


def resources(*, perinatal: bool, catalogue: Catalogue | None = None) -> tuple[Resource, ...]:
    """Lines to show: 911 and 988 always, the maternal hotline in the perinatal period, PSI."""
    catalogue = catalogue or Catalogue.load("en")
    ids = _ALWAYS_FIRST + (_PERINATAL if perinatal else ()) + _ALWAYS_LAST
    return tuple(_resource(rid, catalogue) for rid in ids)


def resource_text_keys() -> list[str]:
    """Every catalogue key the resources need."""
    return [f"safety.resources.{rid}.{part}" for rid in RESOURCE_IDS for part in ("name", "phone", "text", "url")]


def _resource(rid: str, catalogue: Catalogue) -> Resource:
    prefix = f"safety.resources.{rid}"
    return Resource(
        id=rid,
        name=catalogue.t(f"{prefix}.name"),
        phone=catalogue.t(f"{prefix}.phone"),
        text=catalogue.t(f"{prefix}.text"),
        url=catalogue.t(f"{prefix}.url") or None,
    )
