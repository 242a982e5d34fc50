"""Requests at a steady rate from a thread pool, each answer kept with when it was sent and how long it took."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

# Longer than any answer the gateway may give (its upstream read timeout is 30 s in production, 10 s here):
# a request still open after this is a hang.
HANG_SECONDS = 15.0


@dataclass(frozen=True)
class Shot:
    """One request: when it left (seconds from the start), its status (0: no answer), time taken, body."""

    sent: float
    status: int
    took: float
    body: str
    location: str = ""
    n: int = 0

    @property
    def hung(self) -> bool:
        """Whether the request got no answer at all (timeout or broken connection)."""
        return self.status == 0


Sender = Callable[[requests.Session, int], requests.Response]


def shoot(send: Sender, rate: float, seconds: float, *, started: float, workers: int = 32) -> list[Shot]:
    """Call `send(session, n)` `rate` times a second for `seconds`; return every answer."""
    local = threading.local()
    shots: list[Shot] = []
    lock = threading.Lock()

    def one(n: int) -> None:
        """Send request `n` at its slot and record the outcome."""
        if not hasattr(local, "session"):
            local.session = requests.Session()
        slot = started + n / rate
        time.sleep(max(0.0, slot - time.monotonic()))
        sent = time.monotonic()
        try:
            answer = send(local.session, n)
            took = time.monotonic() - sent
            shot = Shot(
                sent - started, answer.status_code, took, answer.text[:500], answer.headers.get("Location", ""), n
            )
        except Exception as exc:  # noqa: BLE001 - a broken exchange is a failed request, recorded as such
            shot = Shot(sent - started, 0, time.monotonic() - sent, f"{type(exc).__name__}: {exc}"[:500], n=n)
        with lock:
            shots.append(shot)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(int(rate * seconds))))
    return sorted(shots, key=lambda shot: shot.sent)


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` fall (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


def ms(seconds: float) -> str:
    """Seconds as whole milliseconds for the figures."""
    return f"{seconds * 1000:.0f} ms"
