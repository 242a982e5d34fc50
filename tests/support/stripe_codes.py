"""A Stripe stand-in on a loopback thread, and promotion codes of every kind for billing to list."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import requests

from standins.stripe.app import create_app as create_stripe
from standins.stripe.standin import EXTENSION
from tests.support.servers import ThreadServer

AUTH = {"Authorization": "Bearer sk_test_codes"}


@contextmanager
def stripe_standin() -> Iterator[str]:
    """Serve a Stripe stand-in that sends no webhooks; yield its base URL."""
    app = create_stripe({})
    with ExitStack() as stack:
        stack.callback(app.extensions[EXTENSION].close)
        yield stack.enter_context(ThreadServer(app)).url


def _create(stripe_url: str, path: str, data: dict[str, str]) -> dict[str, str]:
    """Create one object at the stand-in, failing loudly if it refuses."""
    answer = requests.post(f"{stripe_url}/v1/{path}", data=data, headers=AUTH, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def add_promotion_codes(stripe_url: str) -> list[str]:
    """Codes with an amount off once, a percent off for months with a limit, and one switched off."""
    fifty = _create(stripe_url, "coupons", {"amount_off": "5000", "currency": "usd", "duration": "once"})
    twenty = _create(stripe_url, "coupons", {"percent_off": "20", "duration": "repeating", "duration_in_months": "3"})
    made = [
        _create(stripe_url, "promotion_codes", {"promotion[type]": "coupon", "promotion[coupon]": coupon, **more})
        for coupon, more in (
            (fifty["id"], {"code": "FIFTY"}),
            (twenty["id"], {"code": "FRIENDS", "max_redemptions": "10"}),
            (twenty["id"], {"code": "OLD", "active": "false"}),
        )
    ]
    return [code["code"] for code in made]
