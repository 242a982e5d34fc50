"""Objects the stand-in returns have the fields, and field types, of Stripe's own fixtures."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.support.vendor_specs import load_vendor_spec

# Fields the billing service reads; each must exist on what the stand-in returns.
READ_BY_BILLING = {
    "checkout.session": [
        "id",
        "object",
        "status",
        "customer",
        "client_reference_id",
        "metadata",
        "subscription",
        "payment_status",
        "url",
        "created",
    ],
    "subscription": [
        "id",
        "object",
        "status",
        "customer",
        "metadata",
        "cancel_at_period_end",
        "canceled_at",
        "created",
        "items",
        "latest_invoice",
    ],
    "invoice": [
        "id",
        "object",
        "status",
        "customer",
        "parent",
        "amount_paid",
        "hosted_invoice_url",
        "invoice_pdf",
        "created",
    ],
    "billing_portal.session": ["id", "object", "url", "customer", "created"],
    "customer": ["id", "object", "email", "metadata", "created"],
    "price": ["id", "object", "unit_amount", "currency", "recurring", "product", "lookup_key"],
    "product": ["id", "object", "name", "metadata"],
    "event": ["id", "object", "type", "data", "created", "api_version"],
}


# Fields the fixture file still carries that the pinned API version (the `stripe` package's types) removed.
REMOVED_IN_PINNED_API = {"invoice": {"subscription"}}


@pytest.fixture(scope="module")
def fixtures() -> dict[str, Any]:
    """Load Stripe's published example objects."""
    return load_vendor_spec("stripe", "fixtures3.json")["resources"]


def _type_mismatches(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Return fields whose JSON types differ where both sides have a value."""
    return {
        key: (type(ours[key]).__name__, type(value).__name__)
        for key, value in theirs.items()
        if key in ours and value is not None and ours[key] is not None and type(ours[key]) is not type(value)
    }


@pytest.fixture
def returned(standin, new_session, pay) -> dict[str, dict[str, Any]]:
    """Collect one raw JSON object of each kind exactly as the stand-in serves it."""
    session = new_session()
    pay(session, "4242424242424242")
    headers = {"Authorization": "Bearer sk_test_shapes"}

    def get(path: str) -> dict[str, Any]:
        return requests.get(f"{standin.url}/v1/{path}", headers=headers, timeout=5).json()

    done = get(f"checkout/sessions/{session.id}")
    sub = get(f"subscriptions/{done['subscription']}")
    portal = requests.post(
        f"{standin.url}/v1/billing_portal/sessions",
        headers=headers,
        timeout=5,
        data={"customer": done["customer"], "return_url": "http://x/a"},
    ).json()
    price = sub["items"]["data"][0]["price"]
    return {
        "checkout.session": done,
        "subscription": sub,
        "invoice": get(f"invoices/{sub['latest_invoice']}"),
        "customer": get(f"customers/{done['customer']}"),
        "price": get(f"prices/{price['id']}"),
        "product": get(f"products/{price['product']}"),
        "event": get("events")["data"][0],
        "billing_portal.session": portal,
    }


@pytest.mark.parametrize("kind", sorted(READ_BY_BILLING))
def test_field_names_match_the_fixture(kind, fixtures, returned):
    """Top-level field names equal the fixture's: nothing missing, nothing invented."""
    ours, theirs = returned[kind], fixtures[kind]
    assert sorted(set(theirs) - set(ours) - REMOVED_IN_PINNED_API.get(kind, set())) == [], "missing"
    assert sorted(set(ours) - set(theirs)) == [], "not in Stripe's object"
    assert _type_mismatches(ours, theirs) == {}
    assert ours["object"] == theirs["object"]


@pytest.mark.parametrize("kind", sorted(READ_BY_BILLING))
def test_fields_the_billing_service_reads_are_present(kind, returned):
    """Every field the billing service reads is on the object."""
    assert [field for field in READ_BY_BILLING[kind] if field not in returned[kind]] == []


def test_subscription_items_carry_the_period_and_price(fixtures, returned):
    """Items match the subscription_item fixture and hold current_period_* and price.id (API 2025-03-31+)."""
    sub = returned["subscription"]
    item = sub["items"]["data"][0]
    assert set(item) == set(fixtures["subscription_item"])
    assert _type_mismatches(item, fixtures["subscription_item"]) == {}
    assert set(item["plan"]) == set(fixtures["subscription_item"]["plan"])
    assert isinstance(item["current_period_end"], int) and item["price"]["id"].startswith("price_")
    assert "current_period_end" not in sub and "current_period_start" not in sub
    assert set(sub["items"]) == {"object", "data", "has_more", "url"}


def test_invoice_lines_match_the_fixture_and_there_is_no_payment_intent(fixtures, returned):
    """Invoice lines have the fixture's fields; invoices carry no payment_intent since 2025-03-31."""
    invoice = returned["invoice"]
    assert set(invoice["lines"]["data"][0]) == set(fixtures["invoice"]["lines"]["data"][0])
    assert "payment_intent" not in invoice and "payment_intent" not in fixtures["invoice"]


def test_ids_have_stripe_prefixes(returned):
    """Ids start with the prefix Stripe uses for each kind."""
    prefixes = {
        "customer": "cus_",
        "product": "prod_",
        "price": "price_",
        "checkout.session": "cs_test_",
        "billing_portal.session": "bps_",
        "subscription": "sub_",
        "invoice": "in_",
        "event": "evt_",
    }
    assert {kind: returned[kind]["id"][: len(prefix)] for kind, prefix in prefixes.items()} == prefixes
