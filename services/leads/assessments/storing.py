"""Storing one evaluated submission, in named steps read top to bottom (`store_submission`).

1. `identify`: who this is (a recent lead by email or phone, or the part-way submission it finishes), the spam
   signals, the ids and the urgency tier.
2. `lead_values`: the lead row's columns, sealed where personal.
3. `plan_follow_up` (follow_up.py): the events and emails the submission sets in motion.
4. `write_lead`, `write_submission`, `write_consents`: the rows, as plain cached statements.
5. `alert_and_notify`: the clinician alert for a disclosure, the intake team's notice for a new lead.
6. the outbox rows, in one statement; then the visitor's answer with its signed result link.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from services.kit.landing_page import landing_path
from services.leads.assessments.continuation import Continuation, Earlier, keep_disclosure, load_earlier
from services.leads.assessments.domain import AssessmentOutcome
from services.leads.assessments.domain.eligibility import Perinatal
from services.leads.assessments.follow_up import plan_follow_up
from services.leads.assessments.intake import (
    CONSENT_CHANNELS,
    consent_versions,
    public_answer,
    severity_rank,
    stored_answers,
    urgency_tier,
    visible_outcome,
)
from services.leads.assessments.prior_lead import screen
from services.leads.assessments.recorded import Recorded, RequestMeta
from services.leads.batch_insert import insert_many
from services.leads.bootstrap import LeadsParts
from services.leads.catalogue import Catalogue
from services.leads.events.outbox_rows import insert_rows
from services.leads.notifications.intake import notify_intake
from services.leads.safety.alerts import raise_alert
from services.leads.safety.marketing_holds import hold_submission_addresses
from services.leads.spam.screening import spam_reasons
from services.leads.spam.verdict import is_spam, lead_is_spam
from services.leads.tables import consents, leads, submissions

TOUCH = ("utm_source", "utm_medium", "utm_campaign")
NEW_LEAD = {
    "kind": "assessment",
    "status": "new",
    "erased_at": None,
    "safety_status": "none",
    "marketing_hold": False,
    "newsletter_published": False,
    "checkout_cleared_by": None,
    "spam_verdict": None,
}


@dataclass(frozen=True)
class Submission:
    """One submission, its visitor and what is already known of them, worked out before anything is written."""

    payload: dict[str, Any]
    meta: RequestMeta
    result: AssessmentOutcome
    now: datetime
    partial: bool
    email_bidx: str
    phone_bidx: str | None
    ip_bidx: str | None
    existing: dict[str, Any] | None  # the lead this submission joins, if any
    earlier: Earlier | None  # the part-way submission it finishes, if any
    spam: list[str]
    lead_id: str
    submission_id: str
    tier: str | None

    @property
    def assessed(self) -> str:
        """What the rules decided; a part-way submission did not give them every answer."""
        return "incomplete" if self.partial else self.result.outcome


def store_submission(
    session: Session,
    parts: LeadsParts,
    payload: dict[str, Any],
    meta: RequestMeta,
    result: AssessmentOutcome,
    now: datetime,
    *,
    partial: bool = False,
    continues: Continuation | None = None,
) -> Recorded:
    """Write the lead, the submission, its consents and its side effects in the caller's transaction."""
    conn = session.connection()  # Core statements on the connection skip the ORM session's execution layer
    catalogue = Catalogue.load("en")
    sub = identify(conn, parts, payload, meta, result, now, partial, continues, catalogue)
    values = lead_values(parts, sub)
    merged = {**(sub.existing or NEW_LEAD), **values}
    plan = plan_follow_up(
        sub.lead_id,
        merged,
        payload,
        meta.ip,
        meta.user_agent,
        sub.result,
        spam=bool(merged["spam_suspected"]),
        now=now,
        submission_id=sub.submission_id,
    )
    values.update(plan.lead_values)
    holds = write_lead(conn, sub, values, hold=bool(merged["marketing_hold"]))
    write_submission(conn, parts, sub, values["outcome"])
    write_consents(conn, sub, catalogue)
    alert_and_notify(session, parts, sub)
    insert_rows(conn, holds + plan.rows)
    token = parts.links.dumps({"l": sub.lead_id, "s": sub.submission_id})
    result_url = f"{parts.settings.public_url.rstrip('/')}/assessment/result/{token}"
    return Recorded(sub.lead_id, sub.submission_id, public_answer(sub.lead_id, sub.result, result_url, catalogue))


def identify(
    conn: Connection,
    parts: LeadsParts,
    payload: dict[str, Any],
    meta: RequestMeta,
    result: AssessmentOutcome,
    now: datetime,
    partial: bool,
    continues: Continuation | None,
    catalogue: Catalogue,
) -> Submission:
    """Find the visitor's recent lead (or the part-way submission this finishes) and read the spam signals."""
    contact, index = payload["contact"], parts.index
    email_bidx = index.email(contact["email"])
    phone_bidx = index.phone(contact["phone"]) if contact["phone"] else None
    ip_bidx = index.ip(meta.ip) if meta.ip else None
    found = screen(conn, parts.settings, email_bidx, phone_bidx, ip_bidx, now)
    earlier = load_earlier(conn, parts.cipher, continues) if continues else None
    existing = earlier.lead if earlier else found.lead
    if earlier:
        perinatal = Perinatal(**payload["perinatal"]).in_perinatal_period
        result = keep_disclosure(result, earlier, catalogue, perinatal=perinatal)
    return Submission(
        payload=payload,
        meta=meta,
        result=result,
        now=now,
        partial=partial,
        email_bidx=email_bidx,
        phone_bidx=phone_bidx,
        ip_bidx=ip_bidx,
        existing=existing,
        earlier=earlier,
        spam=spam_reasons(parts.settings, meta.signals, found.ip_limit, found.email_limit),
        lead_id=existing["id"] if existing else str(uuid.uuid4()),
        submission_id=earlier.submission_id if earlier else str(uuid.uuid4()),
        tier=urgency_tier(result.safety),
    )


def lead_values(parts: LeadsParts, sub: Submission) -> dict[str, Any]:
    """The lead row's columns for this submission: new, or merged onto the lead it joins."""
    cipher, result, now, existing = parts.cipher, sub.result, sub.now, sub.existing
    contact, consent = sub.payload["contact"], sub.payload["consent"]
    touch = {k: sub.payload["attribution"].get(k, "")[:100] for k in TOUCH}
    landing = landing_path(sub.payload["attribution"].get("landing_page", ""))
    # A minor is never put on a marketing list, whatever they ticked.
    newsletter = consent["newsletter"] and "under_18" not in result.eligibility.reasons
    values: dict[str, Any] = {
        "outcome": visible_outcome(result),
        "assessed_outcome": sub.assessed,
        "state": result.location.state,
        "county": result.location.county.name if result.location.county else None,
        "severity_rank": severity_rank(result),
        "updated_at": now,
        "last_submitted_at": now,
        "email_enc": cipher.encrypt(contact["email"], "leads.email"),
        "email_bidx": sub.email_bidx,
        "phone_enc": cipher.encrypt_optional(contact["phone"], "leads.phone"),
        "phone_bidx": sub.phone_bidx,
        "name_enc": cipher.encrypt_json(
            {"first_name": contact["first_name"], "last_name": contact["last_name"]}, "leads.name"
        ),
        "last_source": touch["utm_source"],
        "last_medium": touch["utm_medium"],
        "last_campaign": touch["utm_campaign"],
        "last_landing_page": landing,
    }
    if sub.tier:
        values.update(
            safety_status="flagged",
            safety_tier=sub.tier,
            safety_flagged_at=now,
            marketing_hold=True,
            queue_rank=0 if sub.tier == "high" else 1,
        )
    if existing:
        # An open flag keeps its higher urgency when a calmer submission follows.
        if existing["safety_status"] == "flagged" and existing["queue_rank"] < values.get("queue_rank", 2):
            values.update(queue_rank=existing["queue_rank"], safety_tier=existing["safety_tier"])
        values.update(
            submission_count=existing["submission_count"] + (0 if sub.earlier else 1),
            newsletter_opt_in=existing["newsletter_opt_in"] or newsletter,
            spam_suspected=lead_is_spam(existing["spam_verdict"], existing["spam_suspected"], sub.spam),
            spam_reasons=",".join(sorted(set((existing["spam_reasons"] or "").split(",") + sub.spam) - {""})) or None,
        )
        return values
    values.update(
        id=sub.lead_id,
        kind="assessment",
        status="new",
        created_at=now,
        newsletter_opt_in=newsletter,
        spam_suspected=is_spam(sub.spam),
        spam_reasons=",".join(sub.spam) or None,
        first_source=touch["utm_source"],
        first_medium=touch["utm_medium"],
        first_campaign=touch["utm_campaign"],
        first_landing_page=landing,
    )
    return values


def write_lead(conn: Connection, sub: Submission, values: dict[str, Any], *, hold: bool) -> list[dict[str, Any]]:
    """Insert or update the lead, remember its address; return the outbox rows of any new marketing holds."""
    # Values go in as parameters of plain statements, which SQLAlchemy compiles once and caches.
    if sub.existing:
        conn.execute(update(leads).where(leads.c.id == bindparam("lead_key")), {**values, "lead_key": sub.lead_id})
    else:
        conn.execute(insert(leads), values)
    return hold_submission_addresses(
        conn, sub.lead_id, sub.existing, sub.email_bidx, values["email_enc"], hold, sub.now
    )


def write_submission(conn: Connection, parts: LeadsParts, sub: Submission, outcome: str) -> None:
    """Store the sealed answers: a new submission, or the part-way one this finishes."""
    row = {
        "answers_enc": parts.cipher.encrypt_json(
            stored_answers(sub.payload, sub.result, partial=sub.partial), "submissions.answers"
        ),
        "rules_version": sub.result.eligibility.rules_version,
        "outcome": outcome,
        "assessed_outcome": sub.assessed,
        "safety_flagged": bool(sub.tier),
        "safety_tier": sub.tier,
        "ip_bidx": sub.ip_bidx,
        "spam_reasons": ",".join(sub.spam) or None,
        "attribution": json.dumps(sub.payload["attribution"], separators=(",", ":")),
        "completed_at": None if sub.partial else sub.now,
    }
    if sub.earlier:
        conn.execute(update(submissions).where(submissions.c.id == sub.submission_id), row)
    else:
        conn.execute(
            insert(submissions), {**row, "id": sub.submission_id, "lead_id": sub.lead_id, "created_at": sub.now}
        )


def write_consents(conn: Connection, sub: Submission, catalogue: Catalogue) -> None:
    """Record each channel's consent with its text version, once per submission."""
    versions = consent_versions(catalogue)
    consent, meta = sub.payload["consent"], sub.meta
    # A part-way submission records only what its visitor has agreed to so far (the terms, at the first step).
    channels = [(c, f) for c, f in CONSENT_CHANNELS if not sub.partial or c == "terms"]
    insert_many(
        conn,
        consents,
        [
            {
                "lead_id": sub.lead_id,
                "submission_id": sub.submission_id,
                "channel": channel,
                "granted": bool(consent[field_name]),
                "text_version": versions[field_name],
                "at": sub.now,
                "ip": meta.ip[:64] or None,
                "user_agent": meta.user_agent[:400] or None,
            }
            for channel, field_name in channels
            if not (sub.earlier and channel in sub.earlier.consented)
        ],
    )


def alert_and_notify(session: Session, parts: LeadsParts, sub: Submission) -> None:
    """Alert the on-call clinician of a disclosure; tell the intake team of a new lead that is not spam."""
    # One disclosure, one alert: finishing a part-way submission whose flag is still open alerts no one again.
    if sub.tier and not (sub.earlier and sub.earlier.still_flagged):
        raise_alert(session, parts.settings, sub.lead_id, sub.tier, sub.now)
    if sub.existing is None and not sub.spam:
        notify_intake(session, parts.settings, sub.lead_id, "assessment", sub.now)
