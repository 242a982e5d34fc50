"""Idempotency keys, injected faults, webhook retries and the request log."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
import stripe


def test_same_idempotency_key_replays_the_first_answer(client, standin):
    """A repeated POST with the same key returns the same object and creates nothing new."""
    first = client.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "lead:1:customer"})
    again = client.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "lead:1:customer"})
    assert again.id == first.id
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(client.v1.customers.list().data) == 1


def test_same_key_with_other_params_is_an_idempotency_error(client):
    """Reusing a key for different parameters raises IdempotencyError (HTTP 400)."""
    client.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "lead:2:customer"})
    with pytest.raises(stripe.IdempotencyError) as caught:
        client.v1.customers.create({"email": "b@example.com"}, {"idempotency_key": "lead:2:customer"})
    assert caught.value.http_status == 400


def test_injected_429s_surface_as_rate_limit_errors_then_clear(client, standin):
    """After POST /dev/stripe/faults {mode: 429, count: 2} two calls fail with RateLimitError, the third works."""
    plan = standin.dev("POST", "/faults", {"mode": "429", "count": 2})
    assert plan.json() == {"mode": "429", "count": 2, "delay": 10.0}
    for _ in range(2):
        with pytest.raises(stripe.RateLimitError) as caught:
            client.v1.customers.list()
        error = caught.value
        body: Any = error.json_body
        assert error.http_status == 429 and body["error"]["code"] == "rate_limit"
        assert "X-RateLimit-Reset" in (error.headers or {})
    assert client.v1.customers.list().object == "list"


def test_injected_500s_surface_as_api_errors_and_the_client_can_retry_past_them(standin):
    """A 500 raises APIError; a client with retries succeeds once the fault is spent, keeping one object."""
    standin.dev("POST", "/faults", {"mode": "500", "count": 1})
    no_retry = stripe.StripeClient("sk_test_x", base_addresses={"api": standin.url}, max_network_retries=0)
    with pytest.raises(stripe.APIError) as caught:
        no_retry.v1.customers.create({"email": "c@example.com"})
    assert caught.value.http_status == 500
    standin.dev("POST", "/faults", {"mode": "500", "count": 1})
    retrying = stripe.StripeClient("sk_test_x", base_addresses={"api": standin.url}, max_network_retries=2)
    created = retrying.v1.customers.create({"email": "c@example.com"})
    assert [c.id for c in retrying.v1.customers.list({"email": "c@example.com"}).data] == [created.id]


def test_a_bad_fault_plan_is_a_422(standin):
    """An unknown mode or a negative count is refused with field errors."""
    response = standin.dev("POST", "/faults", {"mode": "418", "count": -1})
    assert response.status_code == 422 and set(response.json()["errors"]) == {"mode", "count"}


def test_a_timeout_fault_delays_the_answer(client, standin):
    """Mode timeout holds the call for `delay` seconds, then answers normally."""
    standin.dev("POST", "/faults", {"mode": "timeout", "count": 1, "delay": 0.3})
    started = time.monotonic()
    client.v1.customers.list()
    assert time.monotonic() - started >= 0.3


def test_webhooks_are_retried_after_a_500_from_the_receiver(client, standin):
    """A delivery answered with 500 is sent again, re-signed, until it gets a 2xx."""
    standin.receiver.fail_next = 2
    customer = client.v1.customers.create({"email": "retry@example.com"})
    standin.wait_for_webhooks()
    tries = [r for r in standin.receiver.posts if customer.id.encode() in r["body"]]
    assert [r["status"] for r in tries] == [500, 500, 200]
    assert [e.type for e in standin.receiver.events()] == ["customer.created"]
    attempts = standin.dev("GET", "/webhooks").json()["attempts"]
    assert [a["attempt"] for a in attempts] == [1, 2, 3] and attempts[-1]["delivered"] is True


def test_webhooks_give_up_after_five_tries(client, standin):
    """A receiver that always fails gets the first try and four retries, then no more."""
    standin.receiver.fail_next = 100
    client.v1.customers.create({"email": "never@example.com"})
    standin.wait_for_webhooks()
    assert len(standin.receiver.posts) == 5


def test_every_api_call_is_recorded_with_its_params(client, standin, new_session):
    """GET /dev/stripe/requests lists method, path and decoded params of each call, in order."""
    session = new_session()
    client.v1.checkout.sessions.retrieve(session.id, {"expand": ["subscription"]})
    log = standin.dev("GET", "/requests").json()
    assert [(r["method"], r["path"]) for r in log][-2:] == [
        ("POST", "/v1/checkout/sessions"),
        ("GET", f"/v1/checkout/sessions/{session.id}"),
    ]
    created = log[-2]["params"]
    assert created["line_items"][0]["quantity"] == "1" and created["metadata"] == {"lead_id": "L1"}
    assert log[-1]["params"] == {"expand": ["subscription"]}
    assert standin.dev("DELETE", "/requests").status_code == 204
    assert standin.dev("GET", "/requests").json() == []


def test_events_are_listed_and_retrieved_through_the_api(client, new_session, pay, standin):
    """GET /v1/events filters by type and GET /v1/events/{id} returns the same event."""
    pay(new_session(), "4242424242424242")
    completed = client.v1.events.list({"type": "checkout.session.completed"}).data
    assert len(completed) == 1
    assert client.v1.events.retrieve(completed[0].id).data.object.object == "checkout.session"
    subscription_events = client.v1.events.list({"type": "customer.subscription.*"}).data
    assert {e.type for e in subscription_events} == {"customer.subscription.created", "customer.subscription.updated"}
    assert requests.get(f"{standin.url}/healthz", timeout=5).json()["status"] == "ok"
