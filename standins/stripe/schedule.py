"""What falls due as the stand-in's clock moves: renewals, retries, trial ends, expiries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import subscriptions
from .config import StandinConfig
from .periods import DAY
from .store import Store

INCOMPLETE_LIFETIME = 23 * 3600
TRIAL_NOTICE = 3 * DAY

Action = Callable[[], None]


def _subscription_due(store: Store, config: StandinConfig, sub: dict[str, Any]) -> list[tuple[int, Action]]:
    """Return the moments at which something happens to one subscription."""
    extra = store.internal(sub["id"])
    status = sub["status"]
    if status == "incomplete":
        return [(sub["created"] + INCOMPLETE_LIFETIME, lambda: subscriptions.expire_incomplete(store, sub))]
    if status not in subscriptions.LIVE:
        return []
    due: list[tuple[int, Action]] = []
    dunning = extra.get("dunning")
    if dunning:
        due.append((dunning["retries"][0], lambda: subscriptions.retry(store, sub)))
    end = subscriptions.item(sub)["current_period_end"]
    if status == "trialing" and not extra.get("trial_notice_sent"):

        def notice() -> None:
            extra["trial_notice_sent"] = True
            store.emit("customer.subscription.trial_will_end", sub)

        due.append((max(sub["created"], end - TRIAL_NOTICE), notice))
    if sub["cancel_at_period_end"]:
        due.append((end, lambda: subscriptions.cancel_now(store, sub, "cancellation_requested")))
    elif not dunning:
        due.append((end, lambda: subscriptions.renew(store, config.public_url, sub, config.dunning_retry_days)))
    return due


def _session_due(store: Store, session: dict[str, Any]) -> list[tuple[int, Action]]:
    """Return when an open Checkout Session expires."""
    if session["status"] != "open":
        return []

    def expire() -> None:
        before = store.snapshot(session)
        session.update(status="expired", url=None)
        store.emit_updated("checkout.session.expired", before, session)

    return [(session["expires_at"], expire)]


def next_due(store: Store, config: StandinConfig) -> tuple[int, Action] | None:
    """Return the earliest pending action, if any."""
    due: list[tuple[int, Action]] = []
    for sub in store.all("subscription"):
        due.extend(_subscription_due(store, config, sub))
    for session in store.all("checkout.session"):
        due.extend(_session_due(store, session))
    return min(due, key=lambda pair: pair[0], default=None)


def advance(store: Store, config: StandinConfig, seconds: int) -> int:
    """Move the clock forward, running every action that falls due on the way, in time order."""
    with store.lock:
        target = store.now() + seconds
        while (pending := next_due(store, config)) is not None and pending[0] <= target:
            store.clock.move_to(pending[0])
            pending[1]()
        store.clock.move_to(target)
        return store.now()
