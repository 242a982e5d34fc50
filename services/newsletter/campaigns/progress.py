"""How a send is going: recipients by state, batches by state, rate, and what SendGrid reported."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.kit.db_types import utcnow
from services.newsletter.campaigns.editing import load
from services.newsletter.tables import campaign_batches as b
from services.newsletter.tables import campaign_recipients as r
from services.newsletter.tables import sendgrid_events as ev

RATE_WINDOW = timedelta(seconds=10)
RECIPIENT_STATES = ("pending", "submitted", "possibly_duplicated", "failed", "suppressed")
BATCH_STATES = ("pending", "submitting", "submitted", "failed")


def engagement(session: Session, campaign_id: int) -> dict[str, int]:
    """Count delivered, unique human opens, unique clicks, bounces, spam reports and unsubscribes."""
    rows = session.execute(
        select(ev.c.event, func.count(func.distinct(ev.c.recipient_id)))
        .where(ev.c.campaign_id == campaign_id, ev.c.machine_open.is_(False))
        .group_by(ev.c.event)
    ).all()
    counts = {kind: int(n) for kind, n in rows}
    return {
        "delivered": counts.get("delivered", 0),
        "opens": counts.get("open", 0),
        "clicks": counts.get("click", 0),
        "bounces": counts.get("bounce", 0),
        "dropped": counts.get("dropped", 0),
        "spam_reports": counts.get("spamreport", 0),
        "unsubscribes": counts.get("unsubscribe", 0) + counts.get("group_unsubscribe", 0),
    }


def progress(session: Session, campaign_id: int) -> dict[str, Any]:
    """Return the live figures of one campaign."""
    row = load(session, campaign_id)
    by_state = {
        state: int(n)
        for state, n in session.execute(
            select(r.c.state, func.count()).where(r.c.campaign_id == campaign_id).group_by(r.c.state)
        )
    }
    batches = {
        state: int(n)
        for state, n in session.execute(
            select(b.c.state, func.count()).where(b.c.campaign_id == campaign_id).group_by(b.c.state)
        )
    }
    recent = session.execute(
        select(func.coalesce(func.sum(b.c.size), 0)).where(
            b.c.campaign_id == campaign_id, b.c.state == "submitted", b.c.submitted_at >= utcnow() - RATE_WINDOW
        )
    ).scalar()
    errors = session.execute(
        select(b.c.batch_no, b.c.state, b.c.last_error)
        .where(b.c.campaign_id == campaign_id, b.c.last_error.is_not(None))
        .order_by(b.c.batch_no)
        .limit(20)
    ).all()
    recipients = {state: int(by_state.get(state, 0)) for state in RECIPIENT_STATES}
    return {
        "id": row.id,
        "state": row.state,
        "total": row.total,
        "sent": recipients["submitted"] + recipients["possibly_duplicated"],
        "recipients": recipients,
        "failures": recipients["failed"],
        "possibly_duplicated": recipients["possibly_duplicated"],
        "batches": {state: int(batches.get(state, 0)) for state in BATCH_STATES},
        "rate_per_second": round(float(recent or 0) / RATE_WINDOW.total_seconds(), 1),
        "started_at": row.started_at.isoformat() if row.started_at else None,
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
        "batch_errors": [{"batch": e.batch_no, "state": e.state, "error": e.last_error} for e in errors],
        "engagement": engagement(session, campaign_id),
    }
