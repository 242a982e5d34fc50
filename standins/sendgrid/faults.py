"""Injected failures and the rate-limit window of /v3/mail/send."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# "slow" delays the answer; the others answer with that HTTP status instead of sending.
FAULT_MODES = ("429", "500", "502", "503", "504", "400", "401", "403", "413", "slow")


@dataclass(frozen=True)
class Fault:
    """One planned failure."""

    mode: str
    reset_in: float
    delay: float


class FaultPlan:
    """The next `count` mail/send calls fail in the chosen way."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fault: Fault | None = None
        self._remaining = 0

    def set(self, mode: str | None, count: int = 1, reset_in: float = 1.0, delay: float = 5.0) -> None:
        """Plan a failure for the next `count` calls, or clear the plan with mode None."""
        with self._lock:
            self._fault = Fault(mode, reset_in, delay) if mode else None
            self._remaining = count if mode else 0

    def take(self) -> Fault | None:
        """Use up one planned failure, if any remain."""
        with self._lock:
            if self._fault is None or self._remaining <= 0:
                return None
            self._remaining -= 1
            fault = self._fault
            if self._remaining == 0:
                self._fault = None
            return fault

    def describe(self) -> dict[str, object]:
        """Show what is still planned."""
        with self._lock:
            fault = self._fault
            return {
                "mode": fault.mode if fault else None,
                "count": self._remaining,
                "reset_in": fault.reset_in if fault else None,
                "delay": fault.delay if fault else None,
            }


class RateWindow:
    """A fixed-window request counter that yields SendGrid's X-RateLimit-* headers."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        self._limit = limit
        self._window = window
        self._clock = clock
        self._window_end = 0.0
        self._used = 0

    def hit(self) -> tuple[bool, dict[str, str]]:
        """Count one request; say whether it is within the limit and give the headers."""
        with self._lock:
            now = self._clock()
            if now >= self._window_end:
                self._window_end = now + self._window
                self._used = 0
            allowed = self._used < self._limit
            if allowed:
                self._used += 1
            return allowed, self._headers(self._limit - self._used, self._window_end)

    def exhausted_headers(self, reset_in: float) -> dict[str, str]:
        """Headers of an injected 429 whose limit resets `reset_in` seconds from now."""
        return self._headers(0, self._clock() + reset_in)

    def _headers(self, remaining: int, reset_at: float) -> dict[str, str]:
        """Build the three headers; Reset is whole epoch seconds, rounded up."""
        return {
            "X-RateLimit-Limit": str(self._limit),
            "X-RateLimit-Remaining": str(max(remaining, 0)),
            "X-RateLimit-Reset": str(math.ceil(reset_at)),
        }
