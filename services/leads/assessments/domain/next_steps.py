"""What the visitor should do next, for each outcome (the safety screen overrides all)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.leads.catalogue import Catalogue


@dataclass(frozen=True)
class NextStep:
    """A machine code, the catalogue key of its short text, and the result page to show."""

    code: str
    text_key: str
    page_key: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        """Shape used in the API's `next_step`."""
        return {"code": self.code, "message": self.message, "page": self.page_key}


# (code, text key, result page key) per outcome; not_eligible depends on its first reason.
_STEPS: dict[str, tuple[str, str, str]] = {
    "likely_eligible": ("request_consultation", "next_step.request_consultation", "result.likely_eligible"),
    "needs_review": ("team_will_call", "next_step.team_will_call", "result.needs_review"),
    "not_eligible:under_18": ("see_resources", "next_step.see_resources", "result.not_eligible.under_18"),
    "not_eligible:pregnant": ("team_will_call", "next_step.team_will_call_pregnant", "result.not_eligible.pregnant"),
    "out_of_area": ("join_waitlist", "next_step.join_waitlist", "result.out_of_area"),
}
_SAFETY = ("safety_screen", "next_step.safety_screen", "result.safety")


def next_step(outcome: str, reasons: Sequence[str], *, flagged: bool, catalogue: Catalogue | None = None) -> NextStep:
    """Pick the next step; a safety flag always gives the safety screen."""
    catalogue = catalogue or Catalogue.load("en")
    if flagged:
        code, text_key, page_key = _SAFETY
    elif outcome == "not_eligible":
        code, text_key, page_key = _STEPS[f"not_eligible:{reasons[0]}"]
    else:
        code, text_key, page_key = _STEPS[outcome]
    return NextStep(code, text_key, page_key, catalogue.t(text_key))


def text_keys() -> list[str]:
    """Every catalogue key a next step or its result page title can name."""
    steps = list(_STEPS.values()) + [_SAFETY]
    return [key for _, text_key, page in steps for key in (text_key, f"{page}.title", f"{page}.body")]
