"""The health-word check of Stripe requests finds planted health data and is never tripped by a random id."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from tests.billing.stripe_request_text import health_words_in, request_texts

BASE62 = string.ascii_letters + string.digits
random_tails = st.text(alphabet=BASE62, min_size=14, max_size=58)


def _call(method: str = "POST", path: str = "/v1/customers", **params: object) -> dict[str, object]:
    """A call as the stand-in's /dev/stripe/requests records it."""
    return {"method": method, "path": path, "params": params, "idempotency_key": None, "status": 200}


def test_a_score_in_a_metadata_value_is_found() -> None:
    """A questionnaire score written into metadata is reported."""
    assert health_words_in(_call(email="a@example.com", metadata={"note": "PHQ-9 total 14"})) == ["phq"]


def test_a_health_word_in_a_metadata_key_is_found() -> None:
    """Keys are text too: `phq9_total` names the questionnaire even with a harmless value."""
    assert health_words_in(_call(metadata={"phq9_total": "14"})) == ["phq"]


def test_an_outcome_slug_and_a_medicine_in_urls_are_found() -> None:
    """An outcome or a medicine in a return address counts, whatever separates the words."""
    call = _call(
        path="/v1/checkout/sessions",
        success_url="https://clinic.example/done?outcome=likely_eligible",
        cancel_url="https://clinic.example/Sertraline",
    )
    assert health_words_in(call) == ["likely_", "eligib", "sertraline"]


def test_a_health_word_in_our_own_product_id_is_found() -> None:
    """Ids we choose ourselves (a product, an idempotency key) are checked like any text."""
    assert health_words_in(_call(path="/v1/products", id="ketamine-membership", name="Membership")) == ["ketamine"]
    assert health_words_in({**_call(), "idempotency_key": "customer:depression-program"}) == ["depress"]


def test_a_word_inside_another_word_is_not_a_health_word() -> None:
    """Word boundaries: `zephq9` in an address is not the questionnaire."""
    assert health_words_in(_call(email="zephq9@example.com")) == []


@given(random_tails)
def test_no_random_stripe_id_in_a_path_or_a_reference_trips_the_check(tail: str) -> None:
    """Ids Stripe makes up, such as `cs_test_…ePhq9…` or one starting `phq`, are never read as words."""
    calls = [
        _call("GET", f"/v1/checkout/sessions/cs_test_{tail}"),
        _call("POST", f"/v1/subscriptions/sub_{tail}", cancel_at_period_end="true"),
        _call("POST", f"/v1/checkout/sessions/cs_test_{tail}/expire"),
        _call("POST", "/v1/checkout/sessions", customer=f"cus_{tail}", line_items=[{"price": f"price_{tail}"}]),
        _call("GET", "/v1/invoices", customer=f"cus_{tail}", starting_after=f"in_{tail}"),
    ]
    assert [health_words_in(call) for call in calls] == [[]] * len(calls)


def test_the_fixed_words_of_a_path_are_still_read() -> None:
    """Only a route's id parts are dropped: the rest of the path is checked."""
    assert request_texts(_call("GET", "/v1/checkout/sessions/cs_test_abc123")) == ["/v1/checkout/sessions"]
    assert health_words_in(_call("GET", "/v1/assessments/42")) == ["assessment"]
