"""Coupons and promotion codes as Stripe has them: creation, checks, Checkout's code field, discounted invoices."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import stripe

from standins.stripe.dev_seed import seed_sample_promotion
from tests.support.vendor_specs import load_vendor_spec


def _coupon(client: stripe.StripeClient, **terms: Any) -> stripe.Coupon:
    """Create a coupon with these terms."""
    return client.v1.coupons.create(terms)  # type: ignore[arg-type]


def _code(client: stripe.StripeClient, coupon: stripe.Coupon, code: str, **extra: Any) -> stripe.PromotionCode:
    """Create a promotion code for a coupon."""
    return client.v1.promotion_codes.create(
        {"promotion": {"type": "coupon", "coupon": coupon.id}, "code": code, **extra}
    )


def _paid_invoice(client: stripe.StripeClient, session_id: str) -> dict[str, Any]:
    """The first invoice of the subscription a paid session started."""
    done = client.v1.checkout.sessions.retrieve(session_id)
    return client.v1.invoices.retrieve(str(done.invoice)).to_dict()


def test_coupons_and_codes_have_stripes_fields_and_are_listed_and_retrieved(client):
    """Created objects carry exactly the fixture's fields; list and retrieve return them."""
    fixtures = load_vendor_spec("stripe", "fixtures3.json")["resources"]
    coupon = _coupon(client, percent_off=20, duration="once", name="20% off")
    promo = _code(client, coupon, "SPRING20", max_redemptions=5)
    assert set(coupon.to_dict()) == set(fixtures["coupon"]) and coupon.valid is True
    assert set(promo.to_dict()) == set(fixtures["promotion_code"])
    assert promo.promotion.coupon == coupon.id and promo.active is True and promo.times_redeemed == 0
    assert client.v1.coupons.retrieve(coupon.id).percent_off == 20
    assert [p.code for p in client.v1.promotion_codes.list({"code": "SPRING20"}).data] == ["SPRING20"]
    assert client.v1.promotion_codes.retrieve(promo.id).max_redemptions == 5
    off = client.v1.promotion_codes.update(promo.id, {"active": False})
    assert off.active is False and client.v1.promotion_codes.list({"active": True}).data == []


def test_bad_coupon_and_code_parameters_are_refused_like_stripe(client):
    """Both or neither discount, repeating without months, amount without currency, a taken code, a missing coupon."""
    cases = [
        ({"percent_off": 10, "amount_off": 500, "currency": "usd"}, "percent_off"),
        ({"duration": "once"}, "percent_off"),
        ({"percent_off": 10, "duration": "repeating"}, "duration_in_months"),
        ({"amount_off": 500}, "currency"),
        ({"percent_off": 150}, "percent_off"),
        ({"percent_off": 10, "duration": "sometimes"}, "duration"),
    ]
    for terms, param in cases:
        with pytest.raises(stripe.InvalidRequestError) as caught:
            _coupon(client, **terms)
        assert caught.value.param == param, terms
    coupon = _coupon(client, amount_off=5000, currency="usd", duration="forever")
    _code(client, coupon, "WELCOME")
    with pytest.raises(stripe.InvalidRequestError) as taken:
        _code(client, coupon, "welcome".upper())
    assert taken.value.code == "resource_already_exists"
    with pytest.raises(stripe.InvalidRequestError) as gone:
        client.v1.promotion_codes.create({"promotion": {"type": "coupon", "coupon": "NOPE"}, "code": "X1"})
    assert (gone.value.http_status, gone.value.code, gone.value.param) == (400, "resource_missing", "promotion[coupon]")


def test_a_code_at_checkout_discounts_the_session_and_invoice_and_counts_a_redemption(client, new_session, pay):
    """$50 off once: the session and the first invoice show it, $200.00 is paid, the code and coupon count one use."""
    coupon = _coupon(client, amount_off=5000, currency="usd", duration="once")
    promo = _code(client, coupon, "FIFTY")
    session = new_session()
    answer = pay_with_code(session, "4242424242424242", "fifty")
    assert answer.status_code == 200 and answer.json()["result"] == "complete", answer.text
    done = client.v1.checkout.sessions.retrieve(session.id)
    assert done.amount_subtotal == 25000 and done.amount_total == 20000
    assert done.total_details.amount_discount == 5000
    assert [(d.coupon, d.promotion_code) for d in done.discounts] == [(coupon.id, promo.id)]
    invoice = _paid_invoice(client, session.id)
    assert (invoice["subtotal"], invoice["total"], invoice["amount_paid"]) == (25000, 20000, 20000)
    assert invoice["total_discount_amounts"][0]["amount"] == 5000 and len(invoice["discounts"]) == 1
    discount = invoice["discounts"][0]
    assert client.v1.promotion_codes.retrieve(promo.id).times_redeemed == 1
    assert client.v1.coupons.retrieve(coupon.id).times_redeemed == 1
    sub = client.v1.subscriptions.retrieve(str(done.subscription)).to_dict()
    assert sub["discounts"] == []  # a once-only coupon is used up by the first invoice
    assert discount.startswith("di_")
    expanded = client.v1.invoices.retrieve(invoice["id"], {"expand": ["discounts"]}).to_dict()["discounts"][0]
    fixture = load_vendor_spec("stripe", "fixtures3.json")["resources"]["discount"]
    assert set(expanded) == set(fixture) and expanded["promotion_code"] == promo.id
    assert expanded["source"] == {"coupon": coupon.id, "type": "coupon"}


def pay_with_code(session: stripe.checkout.Session, card: str, code: str) -> requests.Response:
    """Pay a session through the scripted endpoint, typing a promotion code."""
    return requests.post(f"{session.url}/complete", json={"card": card, "promotion_code": code}, timeout=10)


@pytest.mark.parametrize(
    ("duration", "months", "discounted"), [("once", None, 1), ("repeating", 2, 2), ("forever", None, 3)]
)
def test_the_coupons_duration_decides_which_renewals_are_discounted(
    client, standin, new_session, duration, months, discounted
):
    """Over three invoices a 20% coupon covers one (once), two (repeating 2 months) or all (forever)."""
    terms: dict[str, Any] = {"percent_off": 20, "duration": duration}
    if months:
        terms["duration_in_months"] = months
    _code(client, _coupon(client, **terms), "TWENTY")
    session = new_session()
    assert pay_with_code(session, "4242424242424242", "TWENTY").json()["result"] == "complete"
    standin.advance(31)
    standin.advance(31)
    customer = client.v1.checkout.sessions.retrieve(session.id).customer
    paid = sorted((i.created, i.amount_paid) for i in client.v1.invoices.list({"customer": customer}).data)
    assert [amount for _, amount in paid] == [20000] * discounted + [25000] * (3 - discounted)


def test_unusable_codes_are_refused_and_nothing_is_charged(client, new_session, pay):
    """Unknown, switched-off and used-up codes, and any code where the session does not allow them, are refused."""
    coupon = _coupon(client, percent_off=10, duration="once")
    _code(client, coupon, "ONCEONLY", max_redemptions=1)
    _code(client, coupon, "PAUSED", active=False)
    assert pay_with_code(new_session(), "4242424242424242", "ONCEONLY").json()["result"] == "complete"
    for code, message in (
        ("NOSUCH", "This code is invalid."),
        ("PAUSED", "This code is no longer available."),
        ("ONCEONLY", "This code is no longer available."),
    ):
        session = new_session()
        refused = pay_with_code(session, "4242424242424242", code)
        assert refused.status_code == 400 and refused.json()["message"] == message
        assert client.v1.checkout.sessions.retrieve(session.id).status == "open"
    plain = new_session(allow_promotion_codes=False)
    assert pay_with_code(plain, "4242424242424242", "ONCEONLY").json()["message"] == (
        "This checkout does not accept promotion codes."
    )


def test_the_hosted_page_shows_a_code_field_only_when_codes_are_allowed(client, new_session):
    """The field is there with allow_promotion_codes; Apply shows the discounted total; without it, no field."""
    _code(client, _coupon(client, amount_off=5000, currency="usd", duration="once"), "FIFTY")
    session = new_session()
    assert 'name="promotion_code"' in requests.get(session.url, timeout=10).text
    applied = requests.post(session.url, data={"promotion_code": "FIFTY", "action": "apply"}, timeout=10)
    assert applied.status_code == 200 and "FIFTY</strong> applied" in applied.text and "$200.00" in applied.text
    bad = requests.post(session.url, data={"promotion_code": "NOPE", "action": "apply"}, timeout=10)
    assert bad.status_code == 400 and "This code is invalid." in bad.text
    assert 'name="promotion_code"' not in requests.get(new_session(allow_promotion_codes=False).url, timeout=10).text


def test_the_dev_server_seeds_welcome50_once(standin, client, new_session):
    """`python -m standins.stripe` adds WELCOME50 ($50 off the first month); seeding again adds nothing."""
    seed_sample_promotion(standin.app)
    seed_sample_promotion(standin.app)
    assert [p.code for p in client.v1.promotion_codes.list().data] == ["WELCOME50"]
    session = new_session()
    assert pay_with_code(session, "4242424242424242", "welcome50").json()["result"] == "complete"
    assert _paid_invoice(client, session.id)["amount_paid"] == 20000
