"""Fixtures: a live SendGrid stand-in, an Event Webhook receiver, and SendGrid's published spec."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from standins.sendgrid import create_app
from standins.sendgrid.server import BackgroundServer
from standins.sendgrid.state import StandinState, state_of
from tests.support.recording_receiver import RecordingReceiver
from tests.support.vendor_specs import load_vendor_spec

API_KEY = "SG.test-suite-key"


class EventReceiver(RecordingReceiver):
    """Records every Event Webhook POST (raw body and headers); can fail the next few."""

    def events(self) -> list[dict[str, Any]]:
        """Every event of every successfully delivered POST, in order."""
        return [event for body in self.accepted_bodies() for event in json.loads(body)]


@dataclass
class RunningStandin:
    """A stand-in served on a real port, with a requests session that carries the API key."""

    url: str
    state: StandinState
    http: requests.Session

    def send(self, payload: Any, **kwargs: Any) -> requests.Response:
        """POST a body to /v3/mail/send with the suite's API key."""
        return self.http.post(f"{self.url}/v3/mail/send", json=payload, timeout=30, **kwargs)

    def dev(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call a /dev endpoint."""
        return self.http.request(method, f"{self.url}{path}", timeout=30, **kwargs)


@pytest.fixture
def receiver() -> Iterator[EventReceiver]:
    """Start an Event Webhook receiver."""
    recorder = EventReceiver()
    server = BackgroundServer(recorder).start()
    recorder.url = f"{server.url}/webhooks/sendgrid"
    yield recorder
    server.stop()


@pytest.fixture
def start_standin() -> Iterator[Callable[..., RunningStandin]]:
    """Return a function that starts a stand-in with extra config; all are stopped afterwards."""
    started: list[tuple[BackgroundServer, RunningStandin]] = []

    def start(**config: Any) -> RunningStandin:
        app = create_app({"WEBHOOK_FLUSH_SECONDS": 0.05, "WEBHOOK_RETRY_SECONDS": 0.05, **config})
        server = BackgroundServer(app).start()
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {API_KEY}"
        running = RunningStandin(server.url, state_of(app), http)
        started.append((server, running))
        return running

    yield start
    for server, running in started:
        server.stop()
        running.state.close()
        running.http.close()


@pytest.fixture
def standin(start_standin: Callable[..., RunningStandin]) -> RunningStandin:
    """A stand-in without an Event Webhook."""
    return start_standin()


@pytest.fixture
def signed_standin(start_standin: Callable[..., RunningStandin], receiver: EventReceiver) -> RunningStandin:
    """A stand-in posting signed events to the receiver."""
    return start_standin(EVENT_WEBHOOK_URL=receiver.url)


def _unique_email(label: str = "r") -> str:
    """A fresh address so tests never see each other's mail."""
    return f"{label}-{uuid.uuid4().hex[:10]}@example.com"


def _mail_body(*emails: str, **extra: Any) -> dict[str, Any]:
    """A minimal valid mail/send body, one personalization per address."""
    body: dict[str, Any] = {
        "personalizations": [{"to": [{"email": email}]} for email in emails or (_unique_email(),)],
        "from": {"email": "care@clinic.example", "name": "Clinic"},
        "subject": "Hello",
        "content": [{"type": "text/plain", "value": "Hi"}, {"type": "text/html", "value": "<p>Hi</p>"}],
    }
    body.update(extra)
    return body


@pytest.fixture
def new_email() -> Callable[..., str]:
    """Return a function that makes a fresh recipient address."""
    return _unique_email


@pytest.fixture
def mail_body() -> Callable[..., dict[str, Any]]:
    """Return a function that builds a minimal valid mail/send body for the given addresses."""
    return _mail_body


@pytest.fixture(scope="session")
def mail_spec() -> dict[str, Any]:
    """SendGrid's OpenAPI document for /v3/mail/send."""
    return load_vendor_spec("sendgrid", "tsg_mail_v3.json")


@pytest.fixture(scope="session")
def webhooks_spec() -> dict[str, Any]:
    """SendGrid's OpenAPI document for the Event Webhook settings."""
    return load_vendor_spec("sendgrid", "tsg_webhooks_v3.json")
