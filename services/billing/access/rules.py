"""Who has access to the membership, from a subscription's facts alone (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

LIVE = ("active", "trialing")


@dataclass(frozen=True)
class SubscriptionFacts:
    """What access depends on; the period comes from the subscription's item."""

    status: str
    cancel_at_period_end: bool
    current_period_start: datetime | None
    current_period_end: datetime | None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Access:
    """Whether the member may use the membership now, in which state, and until when."""

    active: bool
    state: str  # active | ending | grace | past_due | canceled | incomplete | none | other provider states
    until: datetime | None = None


NO_ACCESS = Access(False, "none")


def access_for(facts: SubscriptionFacts, now: datetime, grace_days: int) -> Access:
    """Apply the access rules to one subscription at `now`."""
    end = facts.current_period_end
    if facts.status in LIVE:
        if facts.cancel_at_period_end:
            if end is not None and now >= end:
                return Access(False, "canceled", end)
            return Access(True, "ending", end)
        return Access(True, "active", end)
    if facts.status == "past_due":
        # A failed renewal is charged at the start of the new period: grace runs from there.
        deadline = (facts.current_period_start or now) + timedelta(days=grace_days)
        if now < deadline:
            return Access(True, "grace", deadline)
        return Access(False, "past_due", deadline)
    if facts.status in ("canceled", "incomplete_expired"):
        return Access(False, "canceled", end)
    return Access(False, facts.status)


def best_access(all_facts: Iterable[SubscriptionFacts], now: datetime, grace_days: int) -> Access:
    """Return the access of a member's best subscription: any granting one wins, else the newest."""
    ranked = sorted(all_facts, key=lambda f: f.created_at or datetime.min.replace(tzinfo=now.tzinfo), reverse=True)
    results = [access_for(f, now, grace_days) for f in ranked]
    granting = [a for a in results if a.active]
    if granting:
        return granting[0]
    return results[0] if results else NO_ACCESS
