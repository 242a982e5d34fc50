"""Promotion codes through billing: a member pays with one, the mirror keeps what was paid, staff see the codes."""

from __future__ import annotations

import re
from typing import Any

import requests
from sqlalchemy import select

from services.billing.tables import invoices, subscriptions
from services.kit.staff_auth import COOKIE
from tests.billing.harness import BillingHarness

BROWSER = {"Accept": "text/html"}
STRIPE = {"Authorization": "Bearer sk_test_promotions"}


def _stripe(billing: BillingHarness, path: str, data: dict[str, Any]) -> dict[str, Any]:
    """Create an object at the Stripe stand-in with form parameters."""
    answer = requests.post(f"{billing.stripe_url}/v1/{path}", data=data, headers=STRIPE, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def _codes(billing: BillingHarness) -> None:
    """Three codes: $50 off once, 20% off forever with a limit, and one switched off."""
    fifty = _stripe(billing, "coupons", {"amount_off": "5000", "currency": "usd", "duration": "once"})
    _stripe(
        billing, "promotion_codes", {"promotion[type]": "coupon", "promotion[coupon]": fifty["id"], "code": "FIFTY"}
    )
    twenty = _stripe(billing, "coupons", {"percent_off": "20", "duration": "forever"})
    _stripe(
        billing,
        "promotion_codes",
        {"promotion[type]": "coupon", "promotion[coupon]": twenty["id"], "code": "FRIENDS", "max_redemptions": "10"},
    )
    off = _stripe(
        billing, "promotion_codes", {"promotion[type]": "coupon", "promotion[coupon]": twenty["id"], "code": "OLD"}
    )
    requests.post(
        f"{billing.stripe_url}/v1/promotion_codes/{off['id']}", data={"active": "false"}, headers=STRIPE, timeout=10
    )


def test_a_member_who_pays_with_a_code_is_mirrored_with_the_discounted_amount(billing: BillingHarness) -> None:
    """FIFTY at Checkout: the mirrored invoice says $200.00 paid of $250.00 due before the discount."""
    _codes(billing)
    lead_id = billing.clear_lead()
    session = billing.checkout(lead_id).json()
    paid = billing.http.post(
        session["url"] + "/complete", json={"card": "4242424242424242", "promotion_code": "FIFTY"}, timeout=30
    )
    assert paid.json()["result"] == "complete", paid.text
    billing.settle()
    with billing.parts.container.db.transaction() as session_db:
        sub = session_db.execute(select(subscriptions).where(subscriptions.c.lead_id == lead_id)).mappings().one()
        rows = session_db.execute(select(invoices).where(invoices.c.subscription_id == sub["id"])).mappings().all()
    assert [(r["amount_due"], r["amount_paid"], r["amount_discount"], r["status"]) for r in rows] == [
        (20000, 20000, 5000, "paid")
    ]
    assert sub["status"] == "active"


def test_staff_see_each_code_with_its_discount_in_words_and_redemptions(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Marketers read code, discount, times used and whether it can be used; Stripe down is a clear 503 page."""
    _codes(billing)
    lead_id = billing.clear_lead()
    session = billing.checkout(lead_id).json()
    billing.http.post(
        session["url"] + "/complete", json={"card": "4242424242424242", "promotion_code": "friends"}, timeout=30
    )
    billing.http.cookies.set(COOKIE, staff_token("marketer"))
    page = billing.http.get(billing.url + "/admin/billing/promotion-codes", headers=BROWSER, timeout=10)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))
    assert "FIFTY $50.00 off the first month 0 Active Never" in text
    assert "FRIENDS 20% off every month 1 of 10 Active Never" in text
    assert "OLD 20% off every month 0 Switched off" in text
    assert "None" not in text and "forever" not in text
    requests.post(f"{billing.stripe_url}/dev/stripe/faults", json={"mode": "500", "count": 2}, timeout=10)
    down = billing.http.get(billing.url + "/admin/billing/promotion-codes", headers=BROWSER, timeout=30)
    assert down.status_code == 503 and "Stripe could not be reached" in down.text
