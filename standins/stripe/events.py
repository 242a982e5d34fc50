"""Events: a snapshot of an object after each state change, stored and handed to the sender."""

from __future__ import annotations

import contextvars
import copy
from collections.abc import Callable
from typing import Any

from .config import API_VERSION
from .ids import new_id

# The API request (id, idempotency key) that caused the change; None for clock-driven changes.
current_request: contextvars.ContextVar[tuple[str, str | None] | None] = contextvars.ContextVar(
    "stripe_standin_request", default=None
)


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Return the top-level values of `before` that differ in `after` (Stripe's previous_attributes)."""
    return {key: copy.deepcopy(value) for key, value in before.items() if after.get(key) != value}


def event(
    now: int, type_: str, obj: dict[str, Any], previous: dict[str, Any] | None, pending_webhooks: int
) -> dict[str, Any]:
    """Return an event carrying a snapshot of `obj` as it is now."""
    data: dict[str, Any] = {"object": copy.deepcopy(obj)}
    if previous:
        data["previous_attributes"] = copy.deepcopy(previous)
    request = current_request.get()
    return {
        "id": new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": now,
        "data": data,
        "livemode": False,
        "pending_webhooks": pending_webhooks,
        "request": {"id": request[0] if request else None, "idempotency_key": request[1] if request else None},
        "type": type_,
    }


EventSink = Callable[[dict[str, Any]], None]
