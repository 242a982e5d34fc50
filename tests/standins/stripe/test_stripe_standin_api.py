"""The /v1 API as the official client sees it: auth, errors, catalog, customers, lists."""

from __future__ import annotations

import uuid

import pytest
import requests
import stripe


def test_missing_or_live_key_is_refused_with_401(standin):
    """Calls without a key, or with a non-test key, get 401 and Stripe's error body."""
    for headers in (
        {},
        {"Authorization": "Bearer sk_live_abcdef123456"},
        {"Authorization": "Basic xyz"},
        {"Authorization": "Token sk_test_abc"},
    ):
        response = requests.get(f"{standin.url}/v1/customers", headers=headers, timeout=5)
        assert response.status_code == 401
        assert response.json()["error"]["type"] == "invalid_request_error"
        assert response.json()["error"]["message"]
    live = stripe.StripeClient("sk_live_nope", base_addresses={"api": standin.url}, max_network_retries=0)
    with pytest.raises(stripe.AuthenticationError):
        live.v1.customers.list()


def test_unknown_ids_are_404_resource_missing(client):
    """Retrieving an id that does not exist raises InvalidRequestError with code resource_missing."""
    for call in (
        lambda: client.v1.customers.retrieve("cus_missing"),
        lambda: client.v1.subscriptions.retrieve("sub_missing"),
        lambda: client.v1.checkout.sessions.retrieve("cs_test_missing"),
        lambda: client.v1.invoices.retrieve("in_missing"),
        lambda: client.v1.events.retrieve("evt_missing"),
    ):
        with pytest.raises(stripe.InvalidRequestError) as caught:
            call()
        assert caught.value.http_status == 404 and caught.value.code == "resource_missing"


def test_unknown_parameters_are_refused(client):
    """A parameter the endpoint does not take is a 400 naming it, as on Stripe."""
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.customers.create({"email": "a@example.com", "diagnosis": "x"})  # type: ignore[typeddict-unknown-key]
    assert caught.value.param == "diagnosis" and caught.value.code == "parameter_unknown"


def test_product_and_price_creation_is_repeatable_with_ids_keys_and_lookup_keys(client):
    """A fixed product id, an idempotency key and a lookup key make catalog setup safe to rerun."""
    product_id = f"prod_care_{uuid.uuid4().hex[:8]}"
    key = f"catalog:{product_id}"
    params = {"id": product_id, "name": "Monthly care plan"}
    first = client.v1.products.create(params, {"idempotency_key": key})
    again = client.v1.products.create(params, {"idempotency_key": key})
    assert first.id == again.id == product_id
    assert len(client.v1.products.list().data) == 1

    price_params = {
        "product": product_id,
        "unit_amount": 25000,
        "currency": "usd",
        "recurring": {"interval": "month"},
        "lookup_key": f"care_monthly_{product_id}",
    }
    price = client.v1.prices.create(price_params, {"idempotency_key": f"price:{product_id}"})
    replay = client.v1.prices.create(price_params, {"idempotency_key": f"price:{product_id}"})
    assert replay.id == price.id
    found = client.v1.prices.list({"lookup_keys": [price_params["lookup_key"]], "expand": ["data.product"]})
    assert [p.id for p in found.data] == [price.id]
    assert found.data[0].product.name == "Monthly care plan"
    assert price.recurring.interval == "month" and price.unit_amount == 25000 and price.type == "recurring"
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.prices.create(price_params)
    assert [p.id for p in client.v1.prices.list({"product": product_id}).data] == [price.id]


def test_customers_are_found_by_email_and_updated(client):
    """GET /v1/customers?email= finds the customer; POST updates metadata."""
    email = f"ana-{uuid.uuid4().hex[:6]}@example.com"
    customer = client.v1.customers.create({"email": email, "name": "Ana Diaz"})
    client.v1.customers.create({"email": "someone-else@example.com"})
    assert customer.id.startswith("cus_")
    assert [c.id for c in client.v1.customers.list({"email": email}).data] == [customer.id]
    updated = client.v1.customers.update(customer.id, {"metadata": {"lead_id": "L9"}})
    assert updated.metadata["lead_id"] == "L9"
    assert client.v1.customers.retrieve(customer.id).metadata["lead_id"] == "L9"


def test_lists_page_with_limit_and_starting_after(client):
    """Lists are newest first and `auto_paging_iter` walks every page."""
    created = [client.v1.customers.create({"email": f"p{i}@example.com"}).id for i in range(5)]
    first = client.v1.customers.list({"limit": 2})
    assert first.object == "list" and first.has_more is True and first.url == "/v1/customers"
    assert [c.id for c in first.data] == created[::-1][:2]
    assert [c.id for c in first.auto_paging_iter()] == created[::-1]


def test_checkout_session_requires_a_recurring_price(client):
    """A one-time price cannot be sold in subscription mode."""
    one_time = client.v1.prices.create({"product_data": {"name": "Intake"}, "unit_amount": 100, "currency": "usd"})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(
            {"mode": "subscription", "success_url": "http://x/s", "line_items": [{"price": one_time.id, "quantity": 1}]}
        )
    assert caught.value.param == "line_items[0][price]"
