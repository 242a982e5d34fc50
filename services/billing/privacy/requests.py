"""A person's privacy request, relayed by the leads service.

An export is answered from the mirror at once. An erasure needs the provider, so it runs in the worker: cancel
an active membership now, blank the Stripe customer's name and email, anonymise the mirror, then answer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from services.billing.bootstrap import BillingParts
from services.billing.leads_feed.handlers import email_key
from services.billing.payments.port import PaymentGatewayError
from services.billing.privacy.mirror_export import mirror_export
from services.billing.tables import cleared_leads, customers, infra, signin_links
from services.contracts.events import BillingPrivacyDone, BillingPrivacyRequest
from services.kit.db_types import utcnow
from services.kit.events import publish
from services.kit.inbox import Received
from services.kit.outbox import enqueue
from services.kit.worker import PermanentJobError, RetryableJobError

ERASE_JOB = "billing.privacy_erase"
ENDED = ("canceled", "incomplete_expired")
# A delivered answer (an export carries the person's data) leaves the outbox at the next retention pass.
ANSWER_KEYS = ("event:leads:%:done",)


def on_privacy_request(session: Session, received: Received[BillingPrivacyRequest]) -> None:
    """Answer an export now; queue an erasure for the worker, where provider calls belong."""
    event = received.event
    key = email_key(event.email)
    if event.kind == "erase":
        # The job names rows, never the address, so the outbox keeps nothing of what is being erased.
        ref = session.execute(select(customers.c.ref).where(customers.c.email_key == key)).scalar()
        cleared = session.execute(select(cleared_leads.c.lead_id).where(cleared_leads.c.email_key == key)).scalars()
        payload = {
            "request_id": event.request_id,
            "customer_ref": ref,
            "cleared_lead_ids": list(cleared),
            "event_id": received.id,
        }
        enqueue(session, infra.outbox, ERASE_JOB, payload, dedupe_key=f"privacy-erase:{received.id}")
        return
    data = mirror_export(session, key)
    found = data["customer"] is not None or bool(data["cleared_for_membership"])
    answer = BillingPrivacyDone(request_id=event.request_id, kind=event.kind, found=found, data=data)
    publish(session, infra.outbox, answer, event_id=f"{received.id}:done")


class PrivacyEraseJob:
    """Handle job kind `billing.privacy_erase`; every step is safe to repeat."""

    def __init__(self, parts: BillingParts):
        self.parts = parts
        self.db = parts.container.db

    def __call__(self, payload: dict[str, Any]) -> None:
        """Cancel, redact at Stripe, anonymise the mirror and answer; provider trouble is retried."""
        ref, lead_ids = payload["customer_ref"], payload["cleared_lead_ids"]
        with self.db.transaction() as session:
            customer = session.execute(select(customers).where(customers.c.ref == ref)).first() if ref else None
        try:
            if customer is not None and customer.stripe_customer_id:
                self._at_provider(customer.stripe_customer_id)
        except PaymentGatewayError as exc:
            if exc.retryable:
                raise RetryableJobError(str(exc), exc.retry_after) from exc
            raise PermanentJobError(str(exc)) from exc
        with self.db.transaction() as session:
            found = anonymise_mirror(session, ref, lead_ids)
            answer = BillingPrivacyDone(request_id=payload["request_id"], kind="erase", found=found)
            publish(session, infra.outbox, answer, event_id=f"{payload['event_id']}:done")

    def _at_provider(self, customer_id: str) -> None:
        """End every live membership at once, refresh the mirror, and blank the customer's contact."""
        for sub in self.parts.gateway.list_subscriptions(customer_id):
            if sub.status not in ENDED:
                self.parts.gateway.cancel_now(sub.id)
            # Writes the mirror and tells leads the membership ended, as any cancellation does.
            self.parts.sync.refresh_subscription(sub.id)
        self.parts.gateway.redact_customer(customer_id)


def anonymise_mirror(session: Session, customer_ref: str | None, lead_ids: list[str]) -> bool:
    """Blank the address and names the mirror holds in these rows; return whether there were any. Money rows stay."""
    if customer_ref is not None:
        # email_key is unique: the erased row keeps a key that names no address.
        session.execute(
            update(customers)
            .where(customers.c.ref == customer_ref)
            .values(email="", email_key=f"erased:{customer_ref}")
        )
        session.execute(delete(signin_links).where(signin_links.c.customer_ref == customer_ref))
    for lead_id in lead_ids:
        session.execute(
            update(cleared_leads)
            .where(cleared_leads.c.lead_id == lead_id)
            .values(email="", email_key=f"erased:{lead_id}", first_name=None, last_name=None, revoked_at=utcnow())
        )
    return customer_ref is not None or bool(lead_ids)
