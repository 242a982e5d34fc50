"""The success page's view of a Checkout Session, synced from Stripe itself rather than waiting for a webhook."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from services.billing.bootstrap import BillingParts
from services.billing.members.lookup import access_of_subscription
from services.billing.payments.port import PaymentGatewayError
from services.billing.tables import checkout_sessions, subscriptions

log = logging.getLogger(__name__)


class UnknownSession(LookupError):
    """We never created this Checkout Session."""


def session_status(parts: BillingParts, session_id: str) -> dict[str, Any]:
    """Sync the session and its subscription from Stripe, then report them from the mirror."""
    db = parts.container.db
    with db.transaction() as session:
        known = session.execute(select(checkout_sessions.c.id).where(checkout_sessions.c.id == session_id)).first()
    if not known:
        raise UnknownSession(session_id)
    try:
        parts.sync.refresh_checkout_session(session_id)
    except PaymentGatewayError as exc:
        # Stripe is slow or down: answer from what the mirror knows; the webhook will catch up.
        log.warning("checkout sync failed", extra={"error": str(exc)[:200]})
    with db.transaction() as session:
        row = session.execute(select(checkout_sessions).where(checkout_sessions.c.id == session_id)).mappings().one()
        sub = None
        if row["subscription_id"]:
            sub = (
                session.execute(select(subscriptions).where(subscriptions.c.id == row["subscription_id"]))
                .mappings()
                .first()
            )
    access = access_of_subscription(parts, dict(sub)) if sub else None
    return {
        "id": session_id,
        "status": row["status"],
        "payment_status": row["payment_status"],
        "subscription_status": sub["status"] if sub else None,
        "access": {"active": access.active, "state": access.state} if access else {"active": False, "state": "none"},
        "lead_id": row["lead_id"],
    }
