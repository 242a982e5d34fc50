"""Record one assessment: dedupe onto a recent lead, store it encrypted, and queue its side effects."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.leads.assessments import idempotency
from services.leads.assessments.continuation import Continuation, Earlier, keep_disclosure, load_earlier
from services.leads.assessments.domain.eligibility import Perinatal
from services.leads.assessments.follow_up import plan_follow_up
from services.leads.assessments.intake import (
    CONSENT_CHANNELS,
    consent_versions,
    evaluate_payload,
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


def record_assessment(
    parts: LeadsParts,
    payload: dict[str, Any],
    meta: RequestMeta,
    now: datetime | None = None,
    *,
    partial: bool = False,
    continues: Continuation | None = None,
) -> Recorded:
    """Evaluate and store a submission in one transaction; raise InvalidAnswers before storing anything.

    A `partial` submission holds the answers given before a safety disclosure; `continues` names the
    part-way submission that these answers complete or update, so one disclosure is one lead, one
    submission and one alert.
    """
    now = now or utcnow()
    result = evaluate_payload(payload, now.date(), partial=partial)
    key = idempotency.fingerprint(meta.idempotency_key, payload) if meta.idempotency_key else None
    try:
        with parts.container.db.transaction() as session:
            if key:
                earlier = idempotency.replay(session, parts.cipher, key)
                if earlier is not None:
                    return earlier
            recorded = _store(session, parts, payload, meta, result, now, partial, continues)
            if key:
                idempotency.remember(session, parts.cipher, key, recorded.lead_id, recorded.answer, now)
            return recorded
    except IntegrityError:
        if key is None:
            raise
        with parts.container.db.transaction() as session:  # a concurrent twin committed first
            earlier = idempotency.replay(session, parts.cipher, key)
        if earlier is None:
            raise
        return earlier


def _store(
    session: Session,
    parts: LeadsParts,
    payload: dict[str, Any],
    meta: RequestMeta,
    result: Any,
    now: datetime,
    partial: bool = False,
    continues: Continuation | None = None,
) -> Recorded:
    settings, cipher, index = parts.settings, parts.cipher, parts.index
    catalogue = Catalogue.load("en")
    contact, consent, attribution = payload["contact"], payload["consent"], payload["attribution"]
    email_bidx = index.email(contact["email"])
    phone_bidx = index.phone(contact["phone"]) if contact["phone"] else None
    ip_bidx = index.ip(meta.ip) if meta.ip else None
    conn = session.connection()  # Core statements on the connection skip the ORM session's execution layer
    found = screen(conn, settings, email_bidx, phone_bidx, ip_bidx, now)
    earlier: Earlier | None = load_earlier(conn, cipher, continues) if continues else None
    existing = earlier.lead if earlier else found.lead
    if earlier:
        result = keep_disclosure(
            result, earlier, catalogue, perinatal=Perinatal(**payload["perinatal"]).in_perinatal_period
        )
    spam = spam_reasons(settings, meta.signals, found.ip_limit, found.email_limit)
    lead_id = existing["id"] if existing else str(uuid.uuid4())
    submission_id = earlier.submission_id if earlier else str(uuid.uuid4())
    tier = urgency_tier(result.safety)
    assessed = "incomplete" if partial else result.outcome
    touch = {k: attribution.get(k, "")[:100] for k in TOUCH}
    # A minor is never put on a marketing list, whatever they ticked.
    newsletter = consent["newsletter"] and "under_18" not in result.eligibility.reasons
    values: dict[str, Any] = {
        "outcome": visible_outcome(result),
        "assessed_outcome": assessed,
        "state": result.location.state,
        "county": result.location.county.name if result.location.county else None,
        "severity_rank": severity_rank(result),
        "updated_at": now,
        "last_submitted_at": now,
        "email_enc": cipher.encrypt(contact["email"], "leads.email"),
        "email_bidx": email_bidx,
        "phone_enc": cipher.encrypt_optional(contact["phone"], "leads.phone"),
        "phone_bidx": phone_bidx,
        "name_enc": cipher.encrypt_json(
            {"first_name": contact["first_name"], "last_name": contact["last_name"]}, "leads.name"
        ),
        "last_source": touch["utm_source"],
        "last_medium": touch["utm_medium"],
        "last_campaign": touch["utm_campaign"],
    }
    if tier:
        values.update(
            safety_status="flagged",
            safety_tier=tier,
            safety_flagged_at=now,
            marketing_hold=True,
            queue_rank=0 if tier == "high" else 1,
        )
    if existing:
        if existing["safety_status"] == "flagged" and existing["queue_rank"] < values.get("queue_rank", 2):
            values.update(queue_rank=existing["queue_rank"], safety_tier=existing["safety_tier"])
        values.update(
            submission_count=existing["submission_count"] + (0 if earlier else 1),
            newsletter_opt_in=existing["newsletter_opt_in"] or newsletter,
            spam_suspected=lead_is_spam(existing["spam_verdict"], existing["spam_suspected"], spam),
            spam_reasons=",".join(sorted(set((existing["spam_reasons"] or "").split(",") + spam) - {""})) or None,
        )
    else:
        values.update(
            id=lead_id,
            kind="assessment",
            status="new",
            created_at=now,
            newsletter_opt_in=newsletter,
            spam_suspected=is_spam(spam),
            spam_reasons=",".join(spam) or None,
            first_source=touch["utm_source"],
            first_medium=touch["utm_medium"],
            first_campaign=touch["utm_campaign"],
        )
    merged = {**(existing or NEW_LEAD), **values}
    plan = plan_follow_up(
        lead_id,
        merged,
        payload,
        meta.ip,
        meta.user_agent,
        result,
        new_lead=existing is None,
        spam=bool(merged["spam_suspected"]),
        now=now,
        submission_id=submission_id,
    )
    values.update(plan.lead_values)
    # Values go in as parameters of plain statements, which SQLAlchemy compiles once and caches.
    if existing:
        conn.execute(update(leads).where(leads.c.id == bindparam("lead_key")), {**values, "lead_key": lead_id})
    else:
        conn.execute(insert(leads), values)
    holds = hold_submission_addresses(
        conn, lead_id, existing, email_bidx, values["email_enc"], bool(merged["marketing_hold"]), now
    )
    submission = {
        "answers_enc": cipher.encrypt_json(stored_answers(payload, result, partial=partial), "submissions.answers"),
        "rules_version": result.eligibility.rules_version,
        "outcome": values["outcome"],
        "assessed_outcome": assessed,
        "safety_flagged": bool(tier),
        "safety_tier": tier,
        "ip_bidx": ip_bidx,
        "spam_reasons": ",".join(spam) or None,
        "attribution": json.dumps(attribution, separators=(",", ":")),
        "completed_at": None if partial else now,
    }
    if earlier:
        conn.execute(update(submissions).where(submissions.c.id == submission_id), submission)
    else:
        conn.execute(insert(submissions), {**submission, "id": submission_id, "lead_id": lead_id, "created_at": now})
    versions = consent_versions(catalogue)
    # A part-way submission records only what its visitor has agreed to so far (the terms, at the first step).
    channels = [(c, f) for c, f in CONSENT_CHANNELS if not partial or c == "terms"]
    insert_many(
        conn,
        consents,
        [
            {
                "lead_id": lead_id,
                "submission_id": submission_id,
                "channel": channel,
                "granted": bool(consent[field_name]),
                "text_version": versions[field_name],
                "at": now,
                "ip": meta.ip[:64] or None,
                "user_agent": meta.user_agent[:400] or None,
            }
            for channel, field_name in channels
            if not (earlier and channel in earlier.consented)
        ],
    )
    # One disclosure, one alert: finishing a part-way submission whose flag is still open alerts no one again.
    if tier and not (earlier and earlier.still_flagged):
        raise_alert(session, settings, lead_id, tier, now)
    if existing is None and not spam:
        notify_intake(session, settings, lead_id, "assessment", now)
    insert_rows(conn, holds + plan.rows)
    token = parts.links.dumps({"l": lead_id, "s": submission_id})
    result_url = f"{settings.public_url.rstrip('/')}/assessment/result/{token}"
    return Recorded(lead_id, submission_id, public_answer(lead_id, result, result_url, catalogue))
