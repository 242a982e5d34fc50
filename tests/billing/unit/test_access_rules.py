"""Access rules: active, grace after a failed renewal, cancel at period end, canceled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.billing.access.rules import SubscriptionFacts, access_for, best_access

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
START, END = NOW - timedelta(days=3), NOW + timedelta(days=27)


def facts(status: str, *, cancel: bool = False, start: datetime = START, end: datetime = END) -> SubscriptionFacts:
    """Build subscription facts."""
    return SubscriptionFacts(status, cancel, start, end, start)


@pytest.mark.parametrize("status", ["active", "trialing"])
def test_a_live_subscription_grants_access_until_its_period_end(status: str) -> None:
    """Active and trialing members have access until the item's period end."""
    access = access_for(facts(status), NOW, 7)
    assert access.active and access.state == "active" and access.until == END


def test_past_due_is_still_active_within_the_grace_period_from_the_period_start() -> None:
    """A failed renewal keeps access for GRACE_DAYS after the period began, then stops."""
    assert access_for(facts("past_due"), NOW, 7).state == "grace"
    assert access_for(facts("past_due"), NOW, 7).until == START + timedelta(days=7)
    late = access_for(facts("past_due", start=NOW - timedelta(days=8)), NOW, 7)
    assert not late.active and late.state == "past_due"
    assert not access_for(facts("past_due"), NOW, 2).active


def test_cancel_at_period_end_is_honoured_until_the_end_and_not_after() -> None:
    """Scheduled cancellation keeps access until the period ends, even before Stripe's deletion arrives."""
    assert access_for(facts("active", cancel=True), NOW, 7).state == "ending"
    after = access_for(facts("active", cancel=True, end=NOW - timedelta(seconds=1)), NOW, 7)
    assert not after.active and after.state == "canceled"


@pytest.mark.parametrize("status", ["canceled", "incomplete", "incomplete_expired", "unpaid", "paused"])
def test_ended_or_unpaid_subscriptions_grant_nothing(status: str) -> None:
    """Only live or in-grace subscriptions give access."""
    assert not access_for(facts(status), NOW, 7).active


def test_a_member_with_an_old_canceled_and_a_new_active_subscription_has_access() -> None:
    """Any granting subscription wins; without one, the newest decides; none at all is 'none'."""
    old = SubscriptionFacts(
        "canceled", False, START - timedelta(days=90), START - timedelta(days=60), START - timedelta(days=90)
    )
    assert best_access([old, facts("active")], NOW, 7).active
    assert best_access([old], NOW, 7).state == "canceled"
    assert best_access([], NOW, 7).state == "none"
