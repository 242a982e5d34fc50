"""Injected API failures: the next N calls answer 429, 500, or only after a delay."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from .errors import StripeError

MODES = ("429", "500", "timeout")


@dataclass
class FaultPlan:
    """How the next `count` API calls fail."""

    mode: str | None = None
    count: int = 0
    delay: float = 10.0

    def as_json(self) -> dict[str, object]:
        """Return the plan as the dev endpoint shows it."""
        return {"mode": self.mode, "count": self.count, "delay": self.delay}


class Faults:
    """Holds the current fault plan and spends it one API call at a time."""

    def __init__(self) -> None:
        self._plan = FaultPlan()
        self._lock = threading.Lock()

    def set(self, mode: str | None, count: int, delay: float = 10.0) -> FaultPlan:
        """Replace the plan; mode None clears it."""
        if mode is not None and mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)} or null")
        with self._lock:
            self._plan = FaultPlan(mode, count if mode else 0, delay)
            return self._plan

    def current(self) -> FaultPlan:
        """Return the plan as it stands."""
        with self._lock:
            return FaultPlan(self._plan.mode, self._plan.count, self._plan.delay)

    def apply(self) -> None:
        """Fail (or stall) this API call if the plan says so."""
        with self._lock:
            if not self._plan.mode or self._plan.count <= 0:
                return
            mode, delay = self._plan.mode, self._plan.delay
            self._plan.count -= 1
            if self._plan.count == 0:
                self._plan.mode = None
        if mode == "timeout":
            # The call still goes through afterwards, as a request that timed out client-side may.
            time.sleep(delay)
        elif mode == "429":
            raise StripeError(
                429,
                "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
                code="rate_limit",
                headers={"Retry-After": "1", "X-RateLimit-Reset": str(int(time.time()) + 1)},
            )
        elif mode == "500":
            raise StripeError(500, "An unknown error occurred. Please try again.", type_="api_error")
