"""Signed webhook delivery with retries, on a background thread, as Stripe sends them."""

from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import json
import threading
import time
from collections.abc import Sequence
from typing import Any

import requests


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    """Return the `Stripe-Signature` header value for a payload."""
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class WebhookSender:
    """Delivers events to one endpoint; failures are retried after growing delays."""

    def __init__(self, url: str, secret: str, retry_delays: Sequence[float], timeout: float = 5.0) -> None:
        self.url = url
        self.secret = secret
        self.retry_delays = tuple(retry_delays)
        self.timeout = timeout
        self.attempts: list[dict[str, Any]] = []
        self._queue: list[tuple[float, int, int, bytes, str]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._stopped = False
        self._busy = 0
        self._session = requests.Session()
        self._thread = threading.Thread(target=self._run, name="stripe-standin-webhooks", daemon=True)
        self._thread.start()

    def send(self, event: dict[str, Any]) -> None:
        """Queue an event for delivery now."""
        body = json.dumps(event, indent=2).encode()
        with self._wake:
            heapq.heappush(self._queue, (time.monotonic(), next(self._order), 0, body, event["id"]))
            self._wake.notify_all()

    def _run(self) -> None:
        """Deliver queued events as they fall due until stopped."""
        while True:
            with self._wake:
                while not self._stopped and (not self._queue or self._queue[0][0] > time.monotonic()):
                    self._wake.wait(None if not self._queue else self._queue[0][0] - time.monotonic())
                if self._stopped:
                    return
                _, _, attempt, body, event_id = heapq.heappop(self._queue)
                self._busy += 1
            try:
                self._deliver(attempt, body, event_id)
            finally:
                with self._wake:
                    self._busy -= 1
                    self._wake.notify_all()

    def _deliver(self, attempt: int, body: bytes, event_id: str) -> None:
        """Post one attempt; schedule the next one unless the endpoint answered 2xx."""
        # Each attempt is signed afresh with the real time, so receivers' tolerance checks pass.
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": sign(body, self.secret, int(time.time())),
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        }
        record: dict[str, Any] = {"event": event_id, "attempt": attempt + 1, "at": time.time()}
        try:
            response = self._session.post(self.url, data=body, headers=headers, timeout=self.timeout)
            record["status"] = response.status_code
            delivered = 200 <= response.status_code < 300
        except requests.RequestException as exc:
            record["error"] = type(exc).__name__
            delivered = False
        record["delivered"] = delivered
        with self._wake:
            self.attempts.append(record)
            if not delivered and attempt < len(self.retry_delays):
                due = time.monotonic() + self.retry_delays[attempt]
                heapq.heappush(self._queue, (due, next(self._order), attempt + 1, body, event_id))

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued or in flight; True if that happened in time."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while self._queue or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._wake.wait(remaining)
            return True

    def close(self) -> None:
        """Stop the delivery thread; undelivered events are dropped."""
        with self._wake:
            self._stopped = True
            self._wake.notify_all()
        self._thread.join(timeout=self.timeout + 1)
        self._session.close()
