"""Fixtures: a live Stripe stand-in, a webhook receiver, and the official client pointed at them."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
import stripe
from werkzeug.serving import BaseWSGIServer, make_server

from standins.stripe.app import create_app
from tests.support.recording_receiver import RecordingReceiver

WEBHOOK_SECRET = "whsec_test_standin_suite"
API_KEY = "sk_test_standin_suite"


def _placeholder(environ: Any, start_response: Any) -> list[bytes]:
    """Answer 503 until the real app is attached to the server."""
    start_response("503 Service Unavailable", [])
    return []


class LiveServer:
    """A real HTTP server on a free 127.0.0.1 port, served from a thread."""

    def __init__(self) -> None:
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, _placeholder, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def start(self, app: Any) -> LiveServer:
        """Attach the WSGI app and start serving."""
        self.server.app = app
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down and free its port."""
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


class WebhookReceiver(RecordingReceiver):
    """Records every webhook POST; can answer 500 to the next few to force retries."""

    def events(self) -> list[stripe.Event]:
        """Return the events delivered with a 200, each verified with the official library."""
        return [
            stripe.Webhook.construct_event(body, signature_of(body, self), WEBHOOK_SECRET)
            for body in self.accepted_bodies()
        ]


def signature_of(body: bytes, receiver: RecordingReceiver) -> str:
    """The Stripe-Signature header that came with `body`."""
    with receiver.lock:
        return next(p["headers"]["Stripe-Signature"] for p in receiver.posts if p["body"] == body and not p["failed"])


@dataclass
class Standin:
    """A running stand-in with small helpers for its dev endpoints."""

    url: str
    app: Any
    receiver: WebhookReceiver

    def dev(self, method: str, path: str, body: Any = None) -> requests.Response:
        """Call a /dev/stripe endpoint."""
        return requests.request(method, f"{self.url}/dev/stripe{path}", json=body, timeout=10)

    def advance(self, days: float) -> dict[str, Any]:
        """Move the stand-in's clock forward."""
        response = self.dev("POST", "/clock/advance", {"days": days})
        response.raise_for_status()
        return response.json()

    def wait_for_webhooks(self) -> None:
        """Block until every queued webhook has been delivered or given up on."""
        assert self.app.extensions["stripe_standin"].sender.wait_idle(15)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    """Start a webhook receiver."""
    recorder = WebhookReceiver()
    server = LiveServer().start(recorder)
    recorder.url = server.url + "/webhooks/stripe"
    yield recorder
    server.stop()


@pytest.fixture
def standin(receiver: WebhookReceiver) -> Iterator[Standin]:
    """Start a fresh stand-in that signs webhooks to the receiver, retrying quickly."""
    server = LiveServer()
    app = create_app(
        {
            "PUBLIC_URL": server.url,
            "WEBHOOK_URL": receiver.url,
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "WEBHOOK_RETRY_DELAYS": "0.05,0.1,0.2,0.4",
        }
    )
    server.start(app)
    yield Standin(server.url, app, receiver)
    server.stop()
    app.extensions["stripe_standin"].close()


@pytest.fixture
def client(standin: Standin) -> stripe.StripeClient:
    """Return the official client pointed at the stand-in, with its own retries off."""
    return stripe.StripeClient(API_KEY, base_addresses={"api": standin.url}, max_network_retries=0)


@pytest.fixture
def price(client: stripe.StripeClient) -> stripe.Price:
    """Create the clinic's $250/month price."""
    product = client.v1.products.create({"name": "Monthly care plan"})
    return client.v1.prices.create(
        {
            "product": product.id,
            "unit_amount": 25000,
            "currency": "usd",
            "recurring": {"interval": "month"},
            "nickname": "Monthly",
        }
    )


@pytest.fixture
def new_session(client: stripe.StripeClient, price: stripe.Price) -> Callable[..., stripe.checkout.Session]:
    """Return a function that opens a subscription Checkout Session for a fresh lead."""

    def create(**extra: Any) -> stripe.checkout.Session:
        params: Any = {
            "mode": "subscription",
            "line_items": [{"price": price.id, "quantity": 1}],
            "customer_email": f"lead-{uuid.uuid4().hex[:8]}@example.com",
            "client_reference_id": f"lead_{uuid.uuid4().hex[:12]}",
            "metadata": {"lead_id": "L1"},
            "success_url": "http://127.0.0.1:8000/billing/success?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": "http://127.0.0.1:8000/billing/cancel",
            "allow_promotion_codes": True,
            "subscription_data": {"metadata": {"lead_id": "L1"}},
        }
        params.update(extra)
        return client.v1.checkout.sessions.create(params)

    return create


@pytest.fixture
def pay(standin: Standin) -> Callable[[stripe.checkout.Session, str], requests.Response]:
    """Return a function that pays a session through the scripted `/complete` endpoint."""

    def submit(session: stripe.checkout.Session, card: str) -> requests.Response:
        return requests.post(f"{session.url}/complete", json={"card": card}, timeout=10)

    return submit
