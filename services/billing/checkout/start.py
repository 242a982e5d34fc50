"""Start a Checkout for a cleared lead in an area we serve, or refuse clearly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from services.billing.bootstrap import BillingParts
from services.billing.checkout.customers import claim_customer, renew_customer
from services.billing.members.lookup import access_of_customer
from services.billing.mirror.records import at
from services.billing.payments.port import CheckoutRequest, CheckoutSession, NotFoundAtProvider
from services.billing.tables import checkout_sessions, cleared_leads
from services.kit.db_types import utcnow

# An open session that will still be open this long is handed out again instead of a new one.
REUSE_MARGIN = timedelta(minutes=30)


@dataclass
class CheckoutRefused(Exception):
    """Why this lead cannot check out now."""

    status: int
    reason: str
    message: str
    extra: dict[str, Any] = field(default_factory=dict)


def cleared_lead(parts: BillingParts, lead_id: str) -> dict[str, Any]:
    """Return the cleared lead or refuse; an unknown lead is refused the same way as a revoked one."""
    with parts.container.db.transaction() as session:
        lead = session.execute(select(cleared_leads).where(cleared_leads.c.lead_id == lead_id)).mappings().first()
    if lead is None or lead["revoked_at"] is not None:
        # Visitors read this: no internal words. Unknown and held people read the same, so it reveals nothing.
        raise CheckoutRefused(
            403,
            "not_cleared",
            "Our team will check a few details and be in touch within one "
            "business day. If you have not taken the free assessment yet, please start there.",
        )
    if lead["state"] not in parts.settings.states_served:
        raise CheckoutRefused(
            403,
            "out_of_area",
            "We can only offer the membership to people living in " + " or ".join(parts.settings.states_served) + ".",
        )
    return dict(lead)


def manage_url(parts: BillingParts) -> str:
    """Where a member manages their billing."""
    return parts.settings.public_url.rstrip("/") + "/billing/manage"


def _open_session(parts: BillingParts, customer_id: str, lead_id: str, key: str) -> CheckoutSession:
    """Ask the provider for a subscription Checkout Session for this customer."""
    base = parts.settings.public_url.rstrip("/")
    return parts.gateway.create_checkout_session(
        CheckoutRequest(
            customer_id=customer_id,
            price_id=parts.price.price_id(),
            lead_id=lead_id,
            success_url=f"{base}/billing/success?session_id={{CHECKOUT_SESSION_ID}}",
            cancel_url=f"{base}/billing/cancel?lead={lead_id}",
            idempotency_key=key,
        )
    )


def start_checkout(parts: BillingParts, lead_id: str) -> CheckoutSession:
    """Create (or hand out again) the lead's Checkout Session."""
    lead = cleared_lead(parts, lead_id)
    db = parts.container.db
    customer = claim_customer(db, parts.gateway, email=lead["email"], email_key=lead["email_key"], lead_id=lead_id)
    assert customer.stripe_customer_id is not None  # noqa: S101 - claim_customer sets it or raises
    if access_of_customer(parts, customer.stripe_customer_id).active:
        raise CheckoutRefused(
            409,
            "already_member",
            "You are already a member. Manage your billing instead.",
            {"manage_billing_url": manage_url(parts)},
        )
    with db.transaction() as session:
        rows = (
            session.execute(
                select(checkout_sessions)
                .where(checkout_sessions.c.lead_id == lead_id)
                .order_by(checkout_sessions.c.attempt.desc())
            )
            .mappings()
            .all()
        )
    now = utcnow()
    for row in rows:
        if (
            row["status"] == "open"
            and row["expires_at"]
            and row["expires_at"] > now + REUSE_MARGIN
            and row["stripe_customer_id"] == customer.stripe_customer_id
        ):
            return CheckoutSession(
                row["id"],
                row["url"],
                "open",
                row["payment_status"],
                customer.stripe_customer_id,
                row["subscription_id"],
                lead_id,
                int(row["expires_at"].timestamp()),
            )
    attempt = (rows[0]["attempt"] if rows else 0) + 1
    try:
        created = _open_session(parts, customer.stripe_customer_id, lead_id, f"checkout:{lead_id}:{attempt}")
    except NotFoundAtProvider as exc:
        if exc.param != "customer":
            raise
        # The customer was deleted at Stripe (Stripe answers 400 resource_missing): create a fresh one once.
        customer = renew_customer(db, parts.gateway, customer)
        assert customer.stripe_customer_id is not None  # noqa: S101 - renew_customer sets it or raises
        key = f"checkout:{lead_id}:{attempt}:{customer.stripe_customer_id}"
        created = _open_session(parts, customer.stripe_customer_id, lead_id, key)
    insert = postgresql.insert if db.is_postgres else sqlite.insert
    with db.transaction() as session:
        session.execute(
            insert(checkout_sessions)
            .values(
                id=created.id,
                lead_id=lead_id,
                attempt=attempt,
                stripe_customer_id=customer.stripe_customer_id,
                status=created.status,
                payment_status=created.payment_status,
                subscription_id=created.subscription_id,
                url=created.url,
                expires_at=at(created.expires_at),
            )
            .on_conflict_do_nothing()
        )
    return created
