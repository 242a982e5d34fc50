"""Pacing batch submissions with a token bucket, and backing off before retries."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.newsletter.campaigns.domain.batching import (
    SendPacer,
    backoff_delay,
    is_retryable_status,
    retry_after_from_reset,
)


def test_a_full_bucket_sends_its_burst_without_waiting():
    """Up to the burst, sends go out at once; the next one waits one refill interval."""
    pacer = SendPacer(rate_per_second=2, burst=3)
    assert [pacer.reserve(100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert pacer.reserve(100.0) == pytest.approx(0.5)


def test_waiting_refills_the_bucket():
    """After idling, the bucket has refilled up to its burst and no more."""
    pacer = SendPacer(rate_per_second=1, burst=2)
    pacer.reserve(0.0, cost=2)
    assert pacer.reserve(1000.0, cost=2) == 0.0
    assert pacer.reserve(1000.0) == pytest.approx(1.0)


def test_cost_can_pace_recipients_rather_than_requests():
    """A 1000-recipient batch at 500 recipients/s waits two seconds after a full burst."""
    pacer = SendPacer(rate_per_second=500, burst=1000)
    assert pacer.reserve(0.0, cost=1000) == 0.0
    assert pacer.reserve(0.0, cost=1000) == pytest.approx(2.0)


def test_hold_until_delays_every_send():
    """After a rate-limit answer, nothing goes out before the reset time."""
    pacer = SendPacer(rate_per_second=100)
    pacer.hold_until(50.0)
    assert pacer.reserve(20.0) == pytest.approx(30.0)
    assert pacer.reserve(60.0) == 0.0


def test_a_clock_stepping_back_earns_no_tokens():
    """Time going backwards neither refills the bucket nor breaks it."""
    pacer = SendPacer(rate_per_second=1, burst=1)
    pacer.reserve(100.0)
    assert pacer.reserve(50.0) > 0


@pytest.mark.parametrize(("rate", "burst"), [(0, None), (-1, None), (1, 0)])
def test_bad_rates_are_refused(rate, burst):
    """Rate and burst must be positive."""
    with pytest.raises(ValueError):
        SendPacer(rate, burst)


@given(
    st.floats(min_value=0.1, max_value=1000),
    st.floats(min_value=1, max_value=2000),
    st.lists(st.tuples(st.floats(min_value=0, max_value=5), st.floats(min_value=0, max_value=1000)), max_size=40),
)
def test_a_caller_that_sleeps_as_told_never_exceeds_the_rate(rate, burst, steps):
    """From any reservation on, units sent by time s never exceed burst + rate * elapsed."""
    pacer = SendPacer(rate, burst)
    now, reserved_at, sent_at, costs = 0.0, [], [], []
    for gap, cost in steps:
        now += gap
        wait = pacer.reserve(now, cost)
        assert wait >= 0
        reserved_at.append(now)
        now += wait
        sent_at.append(now)
        costs.append(cost)
    for first in range(len(costs)):
        for last in range(first, len(costs)):
            sent = sum(costs[first : last + 1])
            assert sent <= burst + rate * (sent_at[last] - reserved_at[first]) + 1e-6 * (1 + sent)


def test_backoff_grows_exponentially_up_to_the_cap():
    """With the largest draw, delays double from base and stop at cap."""

    class Largest:
        def random(self) -> float:
            return 1.0

    assert [backoff_delay(n, base=1, cap=10, rng=Largest()) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


def test_backoff_honours_retry_after_as_a_floor():
    """A provider's retry-after wins when longer than the jittered delay, even above cap."""

    class Smallest:
        def random(self) -> float:
            return 0.0

    assert backoff_delay(3, base=1, cap=10, retry_after=7.5, rng=Smallest()) == 7.5
    assert backoff_delay(3, base=1, cap=10, retry_after=60, rng=Smallest()) == 60
    assert backoff_delay(1, base=1, cap=10, retry_after=None, rng=Smallest()) == 0


@given(
    st.integers(min_value=1, max_value=10_000),
    st.floats(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=3600),
    st.one_of(st.none(), st.floats(min_value=0, max_value=7200)),
    st.integers(),
)
def test_backoff_stays_within_bounds(attempt, base, cap, retry_after, seed):
    """The delay is never below retry_after and never above max(cap, retry_after)."""
    delay = backoff_delay(attempt, base, cap, retry_after, rng=random.Random(seed))
    floor = retry_after or 0.0
    assert floor <= delay <= max(min(cap, base * 2.0 ** min(attempt - 1, 64)), floor)


def test_backoff_is_jittered():
    """Different draws give different delays for the same attempt."""
    rng = random.Random(7)
    assert len({backoff_delay(5, base=1, cap=60, rng=rng) for _ in range(20)}) > 10


def test_attempts_count_from_one():
    """Attempt zero is a programming error."""
    with pytest.raises(ValueError):
        backoff_delay(0)


@pytest.mark.parametrize(
    ("reset", "expected"),
    [("1700000030", 30.0), (1699999990, 0.0), (None, None), ("soon", None), ("nan", None), ("inf", None)],
)
def test_rate_limit_reset_becomes_seconds_from_now(reset, expected):
    """X-RateLimit-Reset (epoch seconds) turns into a non-negative wait, or None if unreadable."""
    assert retry_after_from_reset(reset, now=1_700_000_000.0) == expected


@pytest.mark.parametrize(("status", "retry"), [(429, True), (500, True), (503, True), (400, False), (413, False)])
def test_only_throttling_and_server_errors_are_retried(status, retry):
    """429 and 5xx are retried; other errors are not."""
    assert is_retryable_status(status) is retry
