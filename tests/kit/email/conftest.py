"""Fixtures: a live SendGrid stand-in and the SendGrid adapter pointed at it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from services.kit.email import EmailMessage, Recipient, SendGridEmailSender
from standins.sendgrid import create_app
from standins.sendgrid.server import BackgroundServer
from standins.sendgrid.state import state_of

API_KEY = "SG.adapter-suite-key"


@dataclass
class Standin:
    """A running stand-in and a way to call its /dev endpoints."""

    url: str

    def dev(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call a /dev endpoint."""
        return requests.request(method, f"{self.url}{path}", timeout=30, **kwargs)

    def plan_fault(self, **plan: Any) -> None:
        """Plan failures for the next mail/send calls."""
        self.dev("POST", "/dev/sendgrid/faults", json=plan).raise_for_status()


@pytest.fixture
def start_standin() -> Iterator[Callable[..., Standin]]:
    """Return a function that starts a stand-in with extra config; all are stopped afterwards."""
    running: list[tuple[BackgroundServer, Any]] = []

    def start(**config: Any) -> Standin:
        app = create_app(config)
        server = BackgroundServer(app).start()
        running.append((server, state_of(app)))
        return Standin(server.url)

    yield start
    for server, state in running:
        server.stop()
        state.close()


@pytest.fixture
def standin(start_standin: Callable[..., Standin]) -> Standin:
    """A stand-in with default settings."""
    return start_standin()


@pytest.fixture
def sender(standin: Standin) -> SendGridEmailSender:
    """The SendGrid adapter pointed at the stand-in, with a short timeout."""
    return SendGridEmailSender(API_KEY, host=standin.url, timeout=2.0)


@pytest.fixture
def make_message() -> Callable[..., EmailMessage]:
    """Return a function that builds a message to fresh addresses."""

    def build(*emails: str, **fields: Any) -> EmailMessage:
        recipients = tuple(Recipient(e) for e in emails) or (Recipient(f"r-{uuid.uuid4().hex[:10]}@example.com"),)
        values: dict[str, Any] = {
            "from_email": "care@clinic.example",
            "from_name": "Harbor Wellness",
            "subject": "Your free assessment",
            "html": "<p>Thank you</p>",
            "text": "Thank you",
            "recipients": recipients,
        }
        values.update(fields)
        return EmailMessage(**values)

    return build
