"""Billing on real servers: the app and the Stripe and SendGrid stand-ins in threads, a worker driven by hand."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests
from flask import Flask, request
from sqlalchemy import select

from services.billing.app import create_app
from services.billing.bootstrap import BillingParts, parts_of
from services.billing.tables import subscriptions
from services.billing.worker import create_worker
from services.kit.event_signing import sign, verify
from services.kit.worker import Worker
from standins.sendgrid.app import create_app as create_sendgrid
from standins.stripe.app import create_app as create_stripe
from standins.stripe.standin import EXTENSION, Standin
from tests.conftest import EVENTS_KEY
from tests.support.servers import ThreadServer, free_port

WEBHOOK_SECRET = "whsec_billing_tests"


@dataclass
class LeadsRecorder:
    """Stands in for the leads service's inbox: verifies and records billing's events."""

    events: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> Flask:
        """Build the recording app."""
        app = Flask("leads_recorder")

        @app.post("/internal/events")
        def receive() -> tuple[str, int]:
            body = request.get_data()
            verify(EVENTS_KEY, body, request.headers.get("X-Event-Timestamp"), request.headers.get("X-Event-Signature"))
            with self.lock:
                self.events.append(json.loads(body))
            return "{}", 200

        return app

    def of_type(self, event_type: str) -> list[dict[str, Any]]:
        """Return received events of one type."""
        with self.lock:
            return [e for e in self.events if e["type"] == event_type]


@dataclass
class BillingHarness:
    """Handles on a running billing service and its providers."""

    url: str
    stripe_url: str
    sendgrid_url: str
    env: dict[str, str]
    app: Flask
    worker: Worker
    standin: Standin
    leads: LeadsRecorder
    http: requests.Session = field(default_factory=requests.Session)

    @property
    def parts(self) -> BillingParts:
        """The app's billing parts."""
        return parts_of(self.app.extensions["container"])

    def clear_lead(self, *, state: str = "FL", email: str | None = None, lead_id: str | None = None) -> str:
        """Tell billing, as the leads service would, that a lead may buy."""
        lead_id = lead_id or str(uuid.uuid4())
        email = email or f"member-{uuid.uuid4().hex[:10]}@example.com"
        self.send_event(
            "lead.checkout_cleared",
            {
                "lead_id": lead_id,
                "email": email,
                "first_name": "Ana",
                "last_name": "Diaz",
                "state": state,
                "cleared_by": "eligibility",
            },
        )
        return lead_id

    def send_event(self, event_type: str, data: dict[str, Any], *, event_id: str | None = None) -> None:
        """Deliver one signed event to billing's inbox (a repeated `event_id` is a redelivery)."""
        body = json.dumps(
            {
                "id": event_id or str(uuid.uuid4()),
                "type": event_type,
                "source": "leads",
                "occurred_at": "2026-11-21T00:00:00+00:00",
                "data": data,
            }
        ).encode()
        ts, signature = sign(EVENTS_KEY, body)
        answer = self.http.post(
            self.url + "/internal/events",
            data=body,
            timeout=10,
            headers={"X-Event-Timestamp": ts, "X-Event-Signature": signature},
        )
        assert answer.status_code == 200, answer.text

    def checkout(self, lead_id: str) -> requests.Response:
        """Ask billing for a Checkout Session."""
        return self.http.post(self.url + "/api/billing/checkout-sessions", json={"lead_id": lead_id}, timeout=30)

    def pay(self, session_url: str, card: str = "4242424242424242") -> dict[str, Any]:
        """Pay on the stand-in's hosted Checkout as a script would."""
        return self.http.post(session_url + "/complete", json={"card": card}, timeout=30).json()  # type: ignore[no-any-return]

    def subscribe(self, *, state: str = "FL", card: str = "4242424242424242") -> tuple[str, dict[str, Any]]:
        """Clear a lead, check out, pay and process the webhooks; return the lead id and session."""
        lead_id = self.clear_lead(state=state)
        session = self.checkout(lead_id).json()
        self.pay(session["url"], card)
        self.settle()
        return lead_id, session

    def advance(self, days: float) -> None:
        """Move the stand-in's clock, then let webhooks and the worker catch up."""
        answer = self.http.post(self.stripe_url + "/dev/stripe/clock/advance", json={"days": days}, timeout=30)
        assert answer.status_code == 200, answer.text
        self.settle()

    def settle(self) -> None:
        """Wait for every webhook to arrive, then run the worker until nothing is ready."""
        for _ in range(3):
            if self.standin.sender is not None:
                assert self.standin.sender.wait_idle(20)
            while self.worker.run_once():
                pass

    def subscription(self, lead_id: str) -> dict[str, Any] | None:
        """Read the lead's newest mirrored subscription."""
        with self.parts.container.db.transaction() as session:
            row = (
                session.execute(
                    select(subscriptions)
                    .where(subscriptions.c.lead_id == lead_id)
                    .order_by(subscriptions.c.created_at.desc())
                )
                .mappings()
                .first()
            )
        return dict(row) if row else None

    def mail(self, to: str | None = None) -> list[dict[str, Any]]:
        """Messages the SendGrid stand-in accepted, newest first."""
        return self.http.get(self.sendgrid_url + "/dev/mail", params={"to": to} if to else {}, timeout=10).json()  # type: ignore[no-any-return]

    def stripe_requests(self) -> list[dict[str, Any]]:
        """API calls the Stripe stand-in received."""
        return self.http.get(self.stripe_url + "/dev/stripe/requests", timeout=10).json()  # type: ignore[no-any-return]


@contextmanager
def running_billing(service_env: Any, *, webhooks: bool = True, **extra: str) -> Iterator[BillingHarness]:
    """Start the stand-ins, a leads recorder and billing; the worker is run by the test.

    With `webhooks=False` the Stripe stand-in sends nothing, and the test delivers events itself.
    """
    billing_port = free_port()
    leads = LeadsRecorder()
    with ExitStack() as stack:
        stripe_port = free_port()
        stripe_url = f"http://127.0.0.1:{stripe_port}"
        webhook_url = f"http://127.0.0.1:{billing_port}/webhooks/stripe" if webhooks else None
        stripe_app = create_stripe(
            {
                "PUBLIC_URL": stripe_url,
                "WEBHOOK_SECRET": WEBHOOK_SECRET,
                "WEBHOOK_URL": webhook_url,
                "WEBHOOK_RETRY_DELAYS": "0.2,0.5,1",
            }
        )
        standin: Standin = stripe_app.extensions[EXTENSION]
        stack.callback(standin.close)
        stack.enter_context(ThreadServer(stripe_app, stripe_port))
        sendgrid = stack.enter_context(ThreadServer(create_sendgrid({})))
        leads_server = stack.enter_context(ThreadServer(leads.app()))
        settings = {
            "STRIPE_API_BASE": stripe_url,
            "STRIPE_WEBHOOK_SECRETS": WEBHOOK_SECRET,
            "SENDGRID_HOST": sendgrid.url,
            "LEADS_URL": leads_server.url,
            "PUBLIC_URL": "http://clinic.test",
            "RECONCILE_EVERY_SECONDS": "100000",
        }
        env = service_env("billing", **{**settings, **extra})
        app = create_app(env)
        stack.enter_context(ThreadServer(app, billing_port))
        worker = create_worker(env)
        yield BillingHarness(
            f"http://127.0.0.1:{billing_port}", stripe_url, sendgrid.url, env, app, worker, standin, leads
        )
