"""Why a clinician wants to talk with a visitor told needs_review, in kind words: no scores, no diagnoses."""

from __future__ import annotations

from typing import Any

from services.leads.catalogue import Catalogue

# Review flags grouped into what the visitor reads; every history or medication flag reads as one line.
_GROUPS = (
    ("breastfeeding", lambda code: code == "breastfeeding"),
    ("postpartum", lambda code: code == "postpartum"),
    ("history", lambda code: code.startswith("history_")),
    ("medication", lambda code: code.startswith("medication_")),
    ("below_threshold", lambda code: code == "below_threshold"),
)


def review_reasons(answers: dict[str, Any], catalogue: Catalogue) -> list[str]:
    """The lines that explain a needs_review result, from the stored eligibility flags."""
    eligibility = answers.get("eligibility", {})
    codes = list(eligibility.get("review_flags", [])) + [
        r for r in eligibility.get("reasons", []) if r == "below_threshold"
    ]
    lines = [
        catalogue.t(f"next_step_mail.review.{group}")
        for group, matches in _GROUPS
        if any(matches(code) for code in codes)
    ]
    return lines or [catalogue.t("next_step_mail.review.other")]
