"""One stand-in's parts, built once per app and reachable from every view."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from .clock import Clock
from .config import StandinConfig
from .faults import Faults
from .idempotency import IdempotencyCache
from .ids import new_id
from .store import Store
from .webhooks import WebhookSender

EXTENSION = "stripe_standin"
MAX_LOGGED_REQUESTS = 10_000


@dataclass
class Standin:
    """Config, clock, state, faults, idempotency cache, webhook sender and request log."""

    config: StandinConfig
    clock: Clock
    store: Store
    faults: Faults
    idempotency: IdempotencyCache
    sender: WebhookSender | None
    portal_configuration: str = field(default_factory=lambda: new_id("bpc"))
    # Bounded so a long dev session cannot grow without limit.
    requests: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=MAX_LOGGED_REQUESTS))
    requests_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, config: StandinConfig) -> Standin:
        """Wire the parts together; webhooks are off unless a URL is configured."""
        clock = Clock()
        sender = None
        if config.webhook_url:
            sender = WebhookSender(
                config.webhook_url, config.webhook_secret, config.webhook_retry_delays, config.webhook_timeout
            )
        store = Store(clock, sender.send if sender else None, webhooks_enabled=sender is not None)
        return cls(config, clock, store, Faults(), IdempotencyCache(), sender)

    def log_request(self, record: dict[str, Any]) -> None:
        """Remember an API call so tests can see exactly what was sent."""
        with self.requests_lock:
            self.requests.append(record)

    def close(self) -> None:
        """Stop background delivery."""
        if self.sender is not None:
            self.sender.close()


def standin() -> Standin:
    """Return the stand-in of the current app."""
    return current_app.extensions[EXTENSION]
