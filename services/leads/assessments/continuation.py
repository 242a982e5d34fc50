"""A submission saved part-way by a safety disclosure, and what finishing it needs to know about it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services.leads.assessments.domain import AssessmentOutcome
from services.leads.assessments.domain.next_steps import next_step
from services.leads.assessments.domain.safety import SafetyAssessment, resources, tier_for
from services.leads.assessments.prior_lead import LEAD_COLUMNS
from services.leads.catalogue import Catalogue
from services.leads.privacy.field_cipher import FieldCipher
from services.leads.tables import consents, leads, submissions


@dataclass(frozen=True)
class Continuation:
    """Which lead and submission the rest of the answers attach to."""

    lead_id: str
    submission_id: str


@dataclass(frozen=True)
class Earlier:
    """The lead and the part-way submission as stored, read before the rest is stored."""

    submission_id: str
    lead: dict[str, Any]
    safety: dict[str, Any]
    consented: frozenset[str]

    @property
    def still_flagged(self) -> bool:
        """The disclosure stands until a clinician clears the lead."""
        return bool(self.safety.get("flagged")) and self.lead["safety_status"] == "flagged"


def load_earlier(conn: Connection, cipher: FieldCipher, ref: Continuation) -> Earlier | None:
    """Read the part-way submission and its lead; None when it is gone (erased) or does not match."""
    row = conn.execute(
        select(submissions.c.answers_enc, *(leads.c[name] for name in LEAD_COLUMNS))
        .join(leads, leads.c.id == submissions.c.lead_id)
        .where(submissions.c.id == ref.submission_id, submissions.c.lead_id == ref.lead_id)
    ).first()
    if row is None or row.answers_enc is None or row.erased_at is not None:
        return None
    channels = conn.execute(select(consents.c.channel).where(consents.c.submission_id == ref.submission_id))
    answers = cipher.decrypt_json(row.answers_enc, "submissions.answers")
    return Earlier(
        submission_id=ref.submission_id,
        lead={name: row._mapping[name] for name in LEAD_COLUMNS},
        safety=answers.get("safety", {}),
        consented=frozenset(c for (c,) in channels),
    )


def keep_disclosure(
    result: AssessmentOutcome, earlier: Earlier, catalogue: Catalogue, *, perinatal: bool
) -> AssessmentOutcome:
    """A disclosure made part-way stands even if the answer is changed before finishing."""
    if result.safety.flagged or not earlier.still_flagged:
        return result
    values = {k: int(v) for k, v in earlier.safety.get("item_values", {}).items()}
    safety = SafetyAssessment(
        flagged=True,
        reasons=tuple(earlier.safety.get("reasons") or values),
        item_values=values,
        tier=earlier.safety.get("tier") or tier_for(max(values.values(), default=1)),
        resources=resources(perinatal=perinatal, catalogue=catalogue),
    )
    step = next_step(result.outcome, result.eligibility.reasons, flagged=True, catalogue=catalogue)
    return replace(result, safety=safety, next_step=step, guidance_keys=())
