"""Fixtures of the billing tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.billing.harness import BillingHarness, running_billing


@pytest.fixture
def billing(service_env) -> Iterator[BillingHarness]:  # type: ignore[no-untyped-def]
    """Billing with its Stripe and SendGrid stand-ins on real loopback servers."""
    with running_billing(service_env) as harness:
        yield harness
