"""Turn a validated request into the domain's input, evaluate it, and shape the visitor's answer."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from services.kit import legal_documents
from services.leads.assessments.domain import AssessmentInput, AssessmentOutcome, Perinatal, evaluate
from services.leads.assessments.domain.safety import SafetyAssessment
from services.leads.catalogue import Catalogue

SEVERITY_RANK = {"minimal": 0, "mild": 1, "moderate": 2, "moderately_severe": 3, "severe": 4}
CONSENT_CHANNELS = (
    ("terms", "terms"),
    ("email", "contact_email"),
    ("phone", "contact_phone"),
    ("sms", "sms"),
    ("newsletter", "newsletter"),
)


def consent_versions(catalogue: Catalogue) -> dict[str, str]:
    """The version of each consent text, per consent field; the terms name the documents in force they accept.

    e.g. "consent-terms-privacy-v1 terms 2026-12-01 privacy 2026-12-01", so a new Terms or Privacy Policy
    version gives new consents the new version.
    """
    versions = dict(_text_versions(catalogue))
    library = _legal_library()
    terms, privacy = library.current("terms"), library.current("privacy")
    versions["terms"] = f"{versions['terms']} terms {terms.version} privacy {privacy.version}"
    return versions


@lru_cache(maxsize=1)
def _legal_library() -> legal_documents.LegalLibrary:
    """The documents as deployed, read once per process (a new version ships with a restart)."""
    return legal_documents.load_legal_library()


@lru_cache(maxsize=8)
def _text_versions(catalogue: Catalogue) -> dict[str, str]:
    """The version of each consent text, per consent field (read once per catalogue)."""
    return {field: catalogue.t(f"consent.{field}.version") for _, field in CONSENT_CHANNELS}


def to_domain_input(payload: dict[str, Any]) -> AssessmentInput:
    """Build the domain's input from the loaded request body."""
    return AssessmentInput(
        state=payload["location"]["state"],
        zip=payload["location"]["zip"],
        date_of_birth=payload["date_of_birth"],
        perinatal=Perinatal(**payload["perinatal"]),
        instruments=payload["instruments"],
        history=payload["history"],
        medications=payload["medications"],
    )


def evaluate_payload(payload: dict[str, Any], today: date, *, partial: bool = False) -> AssessmentOutcome:
    """Evaluate a loaded request; raise InvalidAnswers for values the domain rejects."""
    return evaluate(to_domain_input(payload), today, partial=partial)


def urgency_tier(safety: SafetyAssessment) -> str | None:
    """The safety tier: an item value of 2-3 is high, 1 elevated (clinical.md §3); crisis language sets its own."""
    if not safety.flagged:
        return None
    return safety.tier or "elevated"


def visible_outcome(result: AssessmentOutcome) -> str:
    """What the visitor is told.

    DESIGN §3 promises an outcome in every answer, while clinical.md §3 says a flagged visitor
    sees only the safety screen, never "you qualify". A flagged visitor is therefore told
    `needs_review` (a clinician will call), whatever the rules alone decided; the rules'
    outcome is kept for staff as `assessed_outcome`.
    """
    return "needs_review" if result.safety.flagged else result.outcome


def severity_rank(result: AssessmentOutcome) -> int:
    """0-4 from the worst of PHQ-9 band and EPDS cut-offs, for ordering the queue."""
    rank = SEVERITY_RANK.get(result.phq9.severity, 0)
    if result.epds is not None:
        rank = max(rank, 3 if result.epds.probable_depression else 2 if result.epds.possible_depression else 0)
    return rank


def public_answer(lead_id: str, result: AssessmentOutcome, result_url: str, catalogue: Catalogue) -> dict[str, Any]:
    """The API's 201 body; when flagged it is the safety screen and nothing else."""
    safety = result.safety.as_dict()
    safety["tier"] = urgency_tier(result.safety)
    answer: dict[str, Any] = {
        "id": lead_id,
        "outcome": visible_outcome(result),
        "scores": result.scores,
        "safety": safety,
        "next_step": result.next_step.code,
        "next_step_text": result.next_step.message,
        "result_url": result_url,
        "guidance": [],
    }
    if not result.safety.flagged:
        answer["guidance"] = [catalogue.t(key) for key in result.guidance_keys]
    return answer


def stored_answers(payload: dict[str, Any], result: AssessmentOutcome, *, partial: bool = False) -> dict[str, Any]:
    """Everything health-related about one submission, to be encrypted as one value.

    A partial submission (questions interrupted by a safety disclosure) is marked so, and its
    eligibility is "incomplete": the rules were not given every answer they need.
    """
    return {
        "complete": not partial,
        "date_of_birth": payload["date_of_birth"].isoformat(),
        "age": result.age,
        "zip": result.location.zip5,
        "perinatal": payload["perinatal"],
        "history": payload["history"],
        "medications": payload["medications"],
        "positions": {k: list(v) for k, v in payload["instruments"].items() if v is not None},
        "instrument_versions": result.instrument_versions,
        "scores": result.scores,
        "eligibility": {
            "outcome": "incomplete" if partial else result.outcome,
            "reasons": list(result.eligibility.reasons),
            "review_flags": list(result.review_reasons),
            "rules_version": result.eligibility.rules_version,
        },
        "safety": {
            "flagged": result.safety.flagged,
            "reasons": list(result.safety.reasons),
            "item_values": result.safety.item_values,
            "tier": urgency_tier(result.safety),
        },
        "next_step": {
            "code": result.next_step.code,
            "page": result.next_step.page_key,
            "text_key": result.next_step.text_key,
        },
        "guidance_keys": list(result.guidance_keys),
        "perinatal_period": Perinatal(**payload["perinatal"]).in_perinatal_period,
    }
