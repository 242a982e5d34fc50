"""One Stripe customer per person: our row is claimed first (unique email), then created once at Stripe."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from services.billing.payments.port import PaymentGateway
from services.billing.tables import customers
from services.kit.db import Database


@dataclass(frozen=True)
class Customer:
    """A person who buys, by our reference and Stripe's id."""

    ref: str
    email: str
    stripe_customer_id: str | None


def _load(db: Database, email_key: str) -> Customer | None:
    """Read a customer row by normalised email."""
    with db.transaction() as session:
        row = session.execute(select(customers).where(customers.c.email_key == email_key)).mappings().first()
    return Customer(row["ref"], row["email"], row["stripe_customer_id"]) if row else None


def find_customer(db: Database, email_key: str) -> Customer | None:
    """Return the customer for an email, if one was ever created."""
    return _load(db, email_key)


def claim_customer(db: Database, gateway: PaymentGateway, *, email: str, email_key: str, lead_id: str) -> Customer:
    """Return the person's customer, creating our row and then the Stripe customer if needed.

    Racing requests insert the same unique email once; all of them then ask Stripe with the same
    idempotency key and the same parameters, so Stripe hands every one of them the same customer.
    """
    insert = postgresql.insert if db.is_postgres else sqlite.insert
    with db.transaction() as session:
        session.execute(
            insert(customers)
            .values(ref=uuid.uuid4().hex, email_key=email_key, email=email, lead_id=lead_id)
            .on_conflict_do_nothing(index_elements=["email_key"])
        )
        session.execute(update(customers).where(customers.c.email_key == email_key).values(lead_id=lead_id))
    customer = _load(db, email_key)
    assert customer is not None  # noqa: S101 - inserted just above
    if customer.stripe_customer_id:
        return customer
    stripe_id = gateway.create_customer(customer.email, customer.ref, idempotency_key=f"customer:{customer.ref}")
    with db.transaction() as session:
        session.execute(
            update(customers)
            .where(customers.c.ref == customer.ref, customers.c.stripe_customer_id.is_(None))
            .values(stripe_customer_id=stripe_id)
        )
    return _load(db, email_key) or customer


def renew_customer(db: Database, gateway: PaymentGateway, customer: Customer) -> Customer:
    """Replace a Stripe customer that no longer exists there with a new one for the same person."""
    gone = customer.stripe_customer_id
    stripe_id = gateway.create_customer(customer.email, customer.ref, idempotency_key=f"customer:{customer.ref}:{gone}")
    with db.transaction() as session:
        session.execute(
            update(customers)
            .where(customers.c.ref == customer.ref, customers.c.stripe_customer_id == gone)
            .values(stripe_customer_id=stripe_id)
        )
        row = session.execute(select(customers).where(customers.c.ref == customer.ref)).mappings().one()
    return Customer(row["ref"], row["email"], row["stripe_customer_id"])
