"""Emailed sign-in links for the billing portal: signed, short-lived, single use."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, cast

from itsdangerous import BadSignature, SignatureExpired
from sqlalchemy import CursorResult, select, update

from services.billing.bootstrap import BillingParts
from services.billing.checkout.customers import find_customer
from services.billing.leads_feed.handlers import email_key
from services.billing.mail.compose import compose
from services.billing.tables import customers, signin_links
from services.kit.db_types import utcnow
from services.kit.email_jobs import queue_email


class LinkRefused(Exception):
    """The link is forged, expired or already used."""


def send_signin_link(parts: BillingParts, email: str) -> bool:
    """Email a sign-in link when the address belongs to a customer; the caller answers the same either way."""
    customer = find_customer(parts.container.db, email_key(email))
    if customer is None or customer.stripe_customer_id is None:
        return False
    minutes = parts.settings.signin_link_minutes
    nonce = secrets.token_urlsafe(24)
    token = parts.links.dumps({"n": nonce})
    link = f"{parts.settings.public_url.rstrip('/')}/billing/manage/signin?token={token}"
    with parts.container.db.transaction() as session:
        session.execute(
            signin_links.insert().values(
                nonce=nonce,
                customer_ref=customer.ref,
                created_at=utcnow(),
                expires_at=utcnow() + timedelta(minutes=minutes),
            )
        )
        queue_email(
            session,
            parts.container.infra.outbox,
            compose("signin", customer.email, parts.settings, link=link, minutes=minutes),
        )
    return True


def _nonce(parts: BillingParts, token: str) -> str:
    """Check the token's signature and age; return its nonce."""
    try:
        data = parts.links.loads(token, max_age=parts.settings.signin_link_minutes * 60)
    except SignatureExpired as exc:
        raise LinkRefused("expired") from exc
    except BadSignature as exc:
        raise LinkRefused("invalid") from exc
    if not isinstance(data, dict) or not isinstance(data.get("n"), str):
        raise LinkRefused("invalid")
    return data["n"]


def check_link(parts: BillingParts, token: str) -> None:
    """Refuse a link that could not be used now, without using it up."""
    nonce = _nonce(parts, token)
    with parts.container.db.transaction() as session:
        row = session.execute(select(signin_links).where(signin_links.c.nonce == nonce)).mappings().first()
    if row is None or row["used_at"] is not None or row["expires_at"] <= utcnow():
        raise LinkRefused("used")


def use_link(parts: BillingParts, token: str) -> tuple[str, str]:
    """Spend the link once; return its nonce and the customer's Stripe id."""
    nonce = _nonce(parts, token)
    now = utcnow()
    with parts.container.db.transaction() as session:
        claimed = cast(
            CursorResult[Any],
            session.execute(
                update(signin_links)
                .where(signin_links.c.nonce == nonce, signin_links.c.used_at.is_(None), signin_links.c.expires_at > now)
                .values(used_at=now)
            ),
        ).rowcount
        if claimed != 1:
            raise LinkRefused("used")
        stripe_id = session.execute(
            select(customers.c.stripe_customer_id)
            .join(signin_links, signin_links.c.customer_ref == customers.c.ref)
            .where(signin_links.c.nonce == nonce)
        ).scalar()
    if not stripe_id:
        raise LinkRefused("invalid")
    return nonce, stripe_id


def release_link(parts: BillingParts, nonce: str) -> None:
    """Give a spent link back when the portal could not be opened, so the member can try again."""
    with parts.container.db.transaction() as session:
        session.execute(update(signin_links).where(signin_links.c.nonce == nonce).values(used_at=None))
