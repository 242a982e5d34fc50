"""The worker's handling of a stored Stripe event: re-fetch the object, upsert the mirror, act."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, select, update

from services.billing.bootstrap import BillingParts
from services.billing.dunning.notices import KINDS as DUNNING_EVENTS
from services.billing.dunning.notices import queue_notice
from services.billing.mirror.sync import MirrorSync
from services.billing.payments.port import PaymentGatewayError
from services.billing.tables import invoices, stripe_events
from services.kit.db_types import utcnow
from services.kit.worker import PermanentJobError, RetryableJobError

log = logging.getLogger(__name__)

# Every change to these objects is handled the same way (re-fetch and upsert), so any event about them counts,
# including ones the issue does not list (invoice.voided, invoice.marked_uncollectible, ...).
HANDLED_PREFIXES = ("checkout.session.", "customer.subscription.", "invoice.", "charge.refunded")


class StripeEventJob:
    """Handle job kind `stripe.event`: process one stored event, at least once, with the same result."""

    def __init__(self, parts: BillingParts, sync: MirrorSync):
        self.parts = parts
        self.sync = sync
        self.db = parts.container.db

    def __call__(self, payload: dict[str, Any]) -> None:
        """Process the event named in the job; failures are recorded on the event and retried."""
        event_id = payload["event_id"]
        if "type" in payload:
            event_type, object_id = payload["type"], payload.get("object_id")
        else:  # a replay names the event only
            with self.db.transaction() as session:
                row = session.execute(select(stripe_events).where(stripe_events.c.id == event_id)).mappings().first()
            if row is None:
                raise PermanentJobError(f"unknown stripe event {event_id}")
            event_type, object_id = row["type"], row["object_id"]
        try:
            status = self.apply(event_type, object_id)
        except PaymentGatewayError as exc:
            self._record(event_id, "failed", f"{type(exc).__name__}: {exc}")
            if exc.retryable:
                raise RetryableJobError(str(exc), exc.retry_after) from exc
            raise PermanentJobError(str(exc)) from exc
        except Exception as exc:
            self._record(event_id, "failed", f"{type(exc).__name__}: {exc}")
            raise
        self._record(event_id, status, None)

    def apply(self, event_type: str, object_id: str | None) -> str:
        """Bring the mirror to Stripe's current state of the event's object; return the event's new status."""
        if not event_type.startswith(HANDLED_PREFIXES) or not object_id:
            return "ignored"
        if event_type == "invoice.deleted":
            # Only drafts can be deleted; there is nothing left at Stripe to fetch.
            with self.db.transaction() as session:
                session.execute(delete(invoices).where(invoices.c.id == object_id))
            return "processed"
        if event_type.startswith("checkout.session."):
            self.sync.refresh_checkout_session(object_id)
        elif event_type.startswith("customer.subscription."):
            self.sync.refresh_subscription(object_id)
        elif event_type == "charge.refunded":
            self.sync.refresh_charge(object_id)
        else:
            invoice = self.sync.refresh_invoice(object_id)
            if event_type == "invoice.payment_failed":
                self.sync.record_decline(invoice.id)
            if event_type in DUNNING_EVENTS:
                container = self.parts.container
                with self.db.transaction() as session:
                    queue_notice(session, container.infra.outbox, self.parts.settings, event_type, invoice)
        return "processed"

    def _record(self, event_id: str, status: str, error: str | None) -> None:
        """Write the outcome of one attempt on the event row."""
        t = stripe_events
        values: dict[str, Any] = {"status": status, "attempts": t.c.attempts + 1, "last_error": error}
        if status != "failed":
            values["processed_at"] = utcnow()
        with self.db.transaction() as session:
            session.execute(update(t).where(t.c.id == event_id).values(**values))
        if error:
            log.warning("stripe event failed", extra={"event_id": event_id, "error": error[:200]})
