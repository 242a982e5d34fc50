"""Record one assessment: dedupe onto a recent lead, store it encrypted, and queue its side effects.

This module owns the transaction and the Idempotency-Key; storing.py holds the steps of the write itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.kit.db_types import utcnow
from services.leads.assessments import idempotency
from services.leads.assessments.continuation import Continuation
from services.leads.assessments.intake import evaluate_payload
from services.leads.assessments.recorded import Recorded, RequestMeta
from services.leads.assessments.storing import store_submission
from services.leads.bootstrap import LeadsParts


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
            recorded = store_submission(
                session, parts, payload, meta, result, now, partial=partial, continues=continues
            )
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
