"""Background delivery of signed Event Webhook batches, retried like SendGrid retries them."""

from __future__ import annotations

import http.client
import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from standins.sendgrid.config import StandinConfig
from standins.sendgrid.signing import EventSigner

log = logging.getLogger("standins.sendgrid.webhook")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """SendGrid does not follow redirects from a webhook endpoint; neither do we."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        """Treat every redirect as a failed delivery."""
        return None


class EventDispatcher:
    """Queue events and post them in signed JSON batches from one background thread."""

    def __init__(self, config: StandinConfig, signer: EventSigner) -> None:
        self._config = config
        self._signer = signer
        self._url = config.event_webhook_url
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._counts = {"posted_batches": 0, "posted_events": 0, "failed_batches": 0, "failed_events": 0}
        self._pending = 0
        self._last_error: str | None = None

    @property
    def url(self) -> str | None:
        """Where events go; None means events are not sent."""
        return self._url

    def set_url(self, url: str | None) -> None:
        """Point the webhook somewhere else (or nowhere)."""
        with self._lock:
            self._url = url or None

    def submit(self, events: list[dict[str, Any]]) -> bool:
        """Queue events for delivery; return False when no webhook URL is configured."""
        if not self._url or self._stop.is_set():
            return False
        with self._lock:
            self._pending += len(events)
        for event in events:
            self._queue.put(event)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sendgrid-standin-events", daemon=True)
                self._thread.start()
        return True

    def status(self) -> dict[str, Any]:
        """Counts of what was delivered, what failed, and what waits."""
        with self._lock:
            return {
                "url": self._url,
                **self._counts,
                "pending": self._pending,
                "last_error": self._last_error,
            }

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every queued event was delivered or given up on; False on timeout."""
        deadline = time.monotonic() + timeout
        while self.status()["pending"]:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Stop the delivery thread; events still queued are dropped."""
        self._stop.set()
        with self._lock:  # the thread is made and started under this lock: never join one not yet started
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        """Collect batches and deliver them until closed."""
        while not self._stop.is_set():
            batch = self._collect()
            if batch:
                self._deliver(batch)

    def _collect(self) -> list[dict[str, Any]]:
        """Wait for events, then gather more for a short while, up to one batch."""
        try:
            batch = [self._queue.get(timeout=0.1)]
        except queue.Empty:
            return []
        deadline = time.monotonic() + self._config.webhook_flush_seconds
        while len(batch) < self._config.webhook_batch_size:
            remaining = deadline - time.monotonic()
            try:
                batch.append(self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _deliver(self, batch: list[dict[str, Any]]) -> None:
        """Post a batch, retrying with backoff; give up after the configured attempts."""
        # Compact JSON with SendGrid's trailing CRLF: receivers must verify the raw bytes they got.
        body = json.dumps(batch, separators=(",", ":")).encode("utf-8") + b"\r\n"
        attempts = self._config.webhook_max_attempts
        for attempt in range(1, attempts + 1):
            error = self._post(body)
            if error is None:
                self._record(len(batch), delivered=True, error=None)
                return
            if attempt < attempts and self._stop.wait(self._config.webhook_retry_seconds * 2 ** (attempt - 1)):
                break
        log.warning("gave up posting %d events to %s: %s", len(batch), self._url, error)
        self._record(len(batch), delivered=False, error=error)

    def _post(self, body: bytes) -> str | None:
        """Post one signed body; return an error description, or None on a 2xx answer."""
        url = self._url
        if not url:
            return "no webhook URL"
        timestamp = str(int(time.time()))
        # Only http(s) URLs get here: the config and the dev endpoint both refuse other schemes.
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
        request.add_header("Content-Type", "application/json")
        request.add_header("User-Agent", "SendGrid Event API")
        for name, value in self._signer.headers(timestamp, body).items():
            request.add_header(name, value)
        try:
            with self._opener.open(request, timeout=self._config.webhook_timeout_seconds) as response:
                response.read()
                return None if 200 <= response.status < 300 else f"HTTP {response.status}"
        except urllib.error.HTTPError as err:
            err.close()
            return f"HTTP {err.code}"
        except (OSError, http.client.HTTPException) as err:
            return f"{type(err).__name__}: {err}"

    def _record(self, count: int, *, delivered: bool, error: str | None) -> None:
        """Update the delivery counters after a batch is done with."""
        with self._lock:
            self._pending -= count
            prefix = "posted" if delivered else "failed"
            self._counts[f"{prefix}_batches"] += 1
            self._counts[f"{prefix}_events"] += count
            if error:
                self._last_error = error
