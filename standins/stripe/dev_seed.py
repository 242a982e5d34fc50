"""A sample promotion code for `make run`, so the Checkout code field can be tried at once."""

from __future__ import annotations

from flask import Flask

from . import shapes_promotions
from .discounts import find_code
from .standin import EXTENSION, Standin

SAMPLE_CODE = "WELCOME50"


def seed_sample_promotion(app: Flask) -> None:
    """Create coupon and code WELCOME50 ($50 off the first month) unless they exist."""
    state: Standin = app.extensions[EXTENSION]
    store = state.store
    with store.lock:
        if find_code(store, SAMPLE_CODE) is not None:
            return
        coupon = store.add(
            shapes_promotions.coupon(
                store.now(),
                coupon_id="WELCOME50",
                percent_off=None,
                amount_off=5000,
                currency="usd",
                duration="once",
                duration_in_months=None,
                max_redemptions=None,
                name="$50 off the first month",
                redeem_by=None,
                metadata={},
            )
        )
        store.add(
            shapes_promotions.promotion_code(
                store.now(),
                code=SAMPLE_CODE,
                coupon_id=coupon["id"],
                active=True,
                customer=None,
                expires_at=None,
                max_redemptions=None,
                minimum_amount=None,
                minimum_amount_currency=None,
                first_time_transaction=False,
                metadata={},
            )
        )
