"""Queue the next-step email and send it from the worker, which reads the address only at send time.

No automatic email goes to a safety-flagged person (a clinician reaches out; an email can be read by someone
else in the home), to a minor, to suspected spam or to an erased lead; the worker checks again before sending.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from services.kit.email_jobs import SendEmailJob, message_to_payload
from services.kit.outbox import enqueue
from services.leads.assessments.next_step_message import next_step_message
from services.leads.assessments.result_links import mint
from services.leads.bootstrap import LeadsParts
from services.leads.events.outbox_rows import job_row
from services.leads.tables import infra, leads, submissions

NEXT_STEP_EMAIL_JOB = "leads.next_step_email"


def may_email(lead: Any, minor: bool) -> bool:
    """Tell whether this lead may get a next-step email at all."""
    return lead.erased_at is None and lead.safety_status != "flagged" and not lead.spam_suspected and not minor


def next_step_row(lead_id: str, submission_id: str, now: datetime) -> dict[str, Any]:
    """The outbox row for the email after an assessment, once per submission."""
    payload = {"lead_id": lead_id, "submission_id": submission_id, "new_link": False}
    return job_row(NEXT_STEP_EMAIL_JOB, payload, f"next-step:{submission_id}", now)


def queue_next_step(session: Session, lead_id: str, submission_id: str, *, new_link: bool) -> None:
    """Queue the email in the caller's transaction; the first one per submission is never queued twice."""
    key = f"next-step-link:{uuid.uuid4()}" if new_link else f"next-step:{submission_id}"
    payload = {"lead_id": lead_id, "submission_id": submission_id, "new_link": new_link}
    enqueue(session, infra.outbox, NEXT_STEP_EMAIL_JOB, payload, dedupe_key=key)


def is_minor(parts: LeadsParts, answers_enc: str | None) -> bool:
    """Tell whether the stored answers say the person is under 18 (erased answers count as not emailable)."""
    if answers_enc is None:
        return True
    answers = parts.cipher.decrypt_json(answers_enc, "submissions.answers")
    return "under_18" in answers.get("eligibility", {}).get("reasons", [])


def _load(parts: LeadsParts, lead_id: str, submission_id: str) -> tuple[Row | None, Row | None]:
    with parts.container.db.transaction() as session:
        lead = session.execute(select(leads).where(leads.c.id == lead_id)).first()
        sub = session.execute(
            select(submissions.c.outcome, submissions.c.answers_enc).where(
                submissions.c.id == submission_id, submissions.c.lead_id == lead_id
            )
        ).first()
    return lead, sub


class NextStepEmailJob:
    """The worker's handler: check the person may be emailed, sign a fresh link, build the message, send."""

    def __init__(self, parts: LeadsParts, sender: SendEmailJob):
        self.parts = parts
        self.sender = sender

    def __call__(self, payload: dict[str, Any]) -> None:
        """Send the next-step email, or nothing when the person may not be emailed now."""
        parts = self.parts
        lead, sub = _load(parts, payload["lead_id"], payload["submission_id"])
        if lead is None or sub is None or lead.email_enc is None:
            return
        if not may_email(lead, is_minor(parts, sub.answers_enc)):
            return
        token = mint(parts, lead.id, payload["submission_id"], emailed=True)
        link = f"{parts.settings.public_url.rstrip('/')}/assessment/result/{token}"
        name = parts.cipher.decrypt_json(lead.name_enc, "leads.name") if lead.name_enc else {}
        message = next_step_message(
            parts.settings,
            parts.cipher.decrypt(lead.email_enc, "leads.email"),
            name.get("first_name") or "there",
            sub.outcome,
            link,
            new_link=bool(payload.get("new_link")),
        )
        self.sender(message_to_payload(message))
