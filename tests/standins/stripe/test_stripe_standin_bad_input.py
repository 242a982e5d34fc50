"""Malformed API input gets a clear 4xx with Stripe's error body, never a 500."""

from __future__ import annotations

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ENDPOINTS = [
    ("POST", "/v1/customers"),
    ("POST", "/v1/products"),
    ("POST", "/v1/prices"),
    ("POST", "/v1/checkout/sessions"),
    ("POST", "/v1/billing_portal/sessions"),
    ("GET", "/v1/customers"),
    ("GET", "/v1/prices"),
    ("GET", "/v1/subscriptions"),
    ("GET", "/v1/invoices"),
    ("GET", "/v1/events"),
    ("GET", "/v1/checkout/sessions"),
]
NAMES = [
    "mode",
    "name",
    "email",
    "metadata",
    "product",
    "unit_amount",
    "currency",
    "recurring",
    "line_items",
    "customer",
    "success_url",
    "limit",
    "expand",
    "lookup_keys",
    "subscription_data",
    "status",
    "types",
]
keys = st.builds(
    lambda name, tail: name + tail,
    st.sampled_from(NAMES),
    st.sampled_from(["", "[0]", "[]", "[a]", "[0][price]", "[interval]", "[metadata][x]", "[", "]"]),
)
values = st.one_of(
    st.sampled_from(["", "x", "-1", "0", "true", "100", "usd", "month", "price_x", "cus_x"]), st.text(max_size=12)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=st.sampled_from(ENDPOINTS), pairs=st.lists(st.tuples(keys, values), max_size=6))
def test_random_form_input_never_causes_a_server_error(standin, endpoint, pairs):
    """Any mix of known names, bracket suffixes and values is answered below 500 with an error body."""
    method, path = endpoint
    headers = {"Authorization": "Bearer sk_test_fuzz"}
    if method == "GET":
        response = requests.get(standin.url + path, params=pairs, headers=headers, timeout=5)
    else:
        response = requests.post(standin.url + path, data=pairs, headers=headers, timeout=5)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.json()["error"]["message"]
