"""Plan recipients into SendGrid-sized batches and pace and retry their submission.

Everything here is pure: callers pass the current time and a random source, and get back
numbers of seconds to sleep.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Protocol

SENDGRID_MAX_RECIPIENTS = 1000


class RandomSource(Protocol):
    """Anything with ``random()`` returning a float in [0, 1), like ``random.Random``."""

    def random(self) -> float:
        """Return the next float in [0, 1)."""
        ...


def plan_batches(recipient_ids: Sequence[int], size: int = SENDGRID_MAX_RECIPIENTS) -> list[list[int]]:
    """Split ids into batches of at most ``size`` (capped at 1000), in order, each id once."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    size = min(size, SENDGRID_MAX_RECIPIENTS)
    # A repeated id would mean a second copy of the same email, so only the first is kept.
    unique = list(dict.fromkeys(recipient_ids))
    return [unique[start : start + size] for start in range(0, len(unique), size)]


class SendPacer:
    """A token bucket: ``rate_per_second`` units refill per second, up to ``burst`` saved.

    A unit is whatever the caller paces: one request per batch by default, or pass
    ``cost=len(batch)`` to pace recipients. ``reserve`` books the units and says how long to
    sleep before using them; a caller that sleeps that long never exceeds the rate.
    """

    def __init__(self, rate_per_second: float, burst: float | None = None) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.rate = float(rate_per_second)
        self.burst = float(burst if burst is not None else rate_per_second)
        if self.burst <= 0:
            raise ValueError("burst must be positive")
        self._tokens = self.burst
        self._updated: float | None = None
        self._hold_until = float("-inf")

    def reserve(self, now: float, cost: float = 1.0) -> float:
        """Book ``cost`` units at time ``now``; return the seconds to wait before sending."""
        if cost < 0:
            raise ValueError("cost must not be negative")
        self._refill(now)
        self._tokens -= cost
        wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        return max(wait, self._hold_until - now, 0.0)

    def hold_until(self, when: float) -> None:
        """Send nothing before ``when`` (e.g. the provider's rate-limit reset time)."""
        self._hold_until = max(self._hold_until, when)

    def _refill(self, now: float) -> None:
        """Add the units earned since the last call; a clock that steps back earns nothing."""
        if self._updated is not None and now > self._updated:
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        if self._updated is None or now > self._updated:
            self._updated = now


def backoff_delay(
    attempt: int,
    base: float = 1.0,
    cap: float = 300.0,
    retry_after: float | None = None,
    rng: RandomSource | None = None,
) -> float:
    """Return seconds to wait before retry number ``attempt`` (1 = first retry).

    Full jitter: uniform in [0, min(cap, base * 2**(attempt-1))], so workers that failed
    together do not retry together. A provider's ``retry_after`` is a floor, even above cap.
    """
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    if base < 0 or cap < 0:
        raise ValueError("base and cap must not be negative")
    # Bound the exponent: 2**attempt overflows a float long before attempts run out.
    ceiling = min(cap, base * 2.0 ** min(attempt - 1, 64))
    draw = (rng or random).random()
    delay = draw * ceiling
    if retry_after is not None and retry_after > delay:
        return float(retry_after)
    return delay


def retry_after_from_reset(reset: str | float | None, now: float) -> float | None:
    """Turn an ``X-RateLimit-Reset`` value (epoch seconds) into seconds from ``now``, or None."""
    if reset is None:
        return None
    try:
        reset_at = float(reset)
    except (TypeError, ValueError):
        return None
    if reset_at != reset_at or reset_at in (float("inf"), float("-inf")):
        return None
    return max(0.0, reset_at - now)


def is_retryable_status(status: int) -> bool:
    """Tell whether a provider answer is worth retrying: 429 (throttled) and 5xx."""
    return status == 429 or 500 <= status <= 599
