"""The result page tells a likely-eligible visitor plainly how the clinician and the refund promise work."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.leads import payloads

REVIEW = "A clinician reviews your answers and meets with you in a consultation before anything is prescribed."
REFUND = "If your clinician decides treatment is not right for you, we cancel your membership and refund your payment"


def _result_page(client, submit, payload, outcome: str) -> str:  # type: ignore[no-untyped-def]
    """Submit an assessment with the expected outcome and open its result page as the visitor would."""
    answer = submit(payload).get_json()
    assert answer["outcome"] == outcome
    page = client.get(urlsplit(answer["result_url"]).path)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_likely_eligible_result_promises_review_before_prescribing_and_a_full_refund(client, submit):
    """The likely-eligible result keeps its membership link and says who decides and what a decline means."""
    page = _result_page(client, submit, payloads.likely_eligible(), "likely_eligible")
    assert REVIEW in page and REFUND in page and "5–10 business days" in page
    assert "/membership?lead=" in page and "Membership is $250 per month." in page
    assert "decide to go ahead" not in page


def test_other_results_make_no_membership_promise(client, submit):
    """A visitor sent to review or out of area is offered no membership and so no refund promise."""
    cases = (
        (payloads.body(), "needs_review"),
        (payloads.likely_eligible(location={"state": "NY", "zip": "10001"}), "out_of_area"),
    )
    for payload, outcome in cases:
        page = _result_page(client, submit, payload, outcome)
        assert REFUND not in page and "/membership?lead=" not in page
