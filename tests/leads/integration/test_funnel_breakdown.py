"""The funnel by source, campaign and landing page, with collected revenue and MRR from billing's money events."""

from __future__ import annotations

import re

from services.kit.db_types import utcnow
from services.kit.staff_auth import COOKIE
from services.leads.tables import collected_payments
from tests.leads import payloads
from tests.leads.integration.billing_events import from_billing
from tests.leads.integration.db_rows import rows


def _lead(submit, source: str, campaign: str, landing: str) -> str:  # type: ignore[no-untyped-def]
    """Take an assessment arriving from a source, campaign and landing page; return the lead id."""
    attribution = {
        "utm_source": source,
        "utm_medium": "email",
        "utm_campaign": campaign,
        "referrer": "",
        "landing_page": landing,
    }
    return str(submit(payloads.likely_eligible(attribution=attribution)).get_json()["id"])


def _member(client, lead_id: str, price: int = 25000) -> None:  # type: ignore[no-untyped-def]
    """Billing says the lead's membership started."""
    data = {"lead_id": lead_id, "subscription_id": f"sub_{lead_id[:8]}", "amount_cents": price, "currency": "usd"}
    assert from_billing(client, "subscription.activated", {**data, "activated_at": utcnow().isoformat()}) == 200


def _paid(client, lead_id: str, invoice: str, cents: int, event_id: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """Billing says an invoice of the lead was paid."""
    data = {"lead_id": lead_id, "invoice_id": invoice, "amount_cents": cents, "currency": "usd"}
    body = {**data, "paid_at": utcnow().isoformat()}
    return int(from_billing(client, "invoice.paid", body, event_id=event_id or f"e-{invoice}"))


def test_collected_revenue_is_paid_minus_refunded_and_each_invoice_counts_once(
    client, submit, parts, staff_token
) -> None:  # type: ignore[no-untyped-def]
    """Two paid invoices (one discounted), one repeated with a new event id, one refund: $250 + $200 − $50."""
    lead_id = _lead(submit, "newsletter", "dec-roundup", "/resources/ketamine-basics")
    _member(client, lead_id)
    assert _paid(client, lead_id, "in_1", 25000) == 200
    assert _paid(client, lead_id, "in_2", 20000) == 200
    assert _paid(client, lead_id, "in_2", 20000, event_id="e-again") == 200  # the same invoice, told again
    refund = {"lead_id": lead_id, "refund_id": "re_1", "amount_cents": 5000, "currency": "usd"}
    assert from_billing(client, "refund.issued", {**refund, "refunded_at": utcnow().isoformat()}) == 200
    assert len(rows(parts, collected_payments)) == 3
    client.set_cookie(COOKIE, staff_token("marketer", csrf="csrf-1"))
    (row,) = client.get("/api/leads/staff/funnel/breakdown?by=source").get_json()["rows"]
    assert (row["label"], row["members"], row["collected_cents"], row["mrr_cents"]) == ("newsletter", 1, 40000, 25000)
    bad = {"lead_id": lead_id, "invoice_id": "in_3", "amount_cents": "lots", "currency": "usd", "paid_at": "x"}
    assert from_billing(client, "invoice.paid", bad, event_id="e-bad") >= 400
    assert len(rows(parts, collected_payments)) == 3


def test_the_funnel_groups_by_source_campaign_and_landing_page(client, submit, staff_token) -> None:  # type: ignore[no-untyped-def]
    """The page draws a labelled bar chart with the table beside it, for each grouping, in words."""
    first = _lead(submit, "newsletter", "dec-roundup", "/resources/ketamine-basics?utm_source=newsletter")
    _lead(submit, "google", "", "/assessment")
    _lead(submit, "newsletter", "nov", "/resources/ketamine-basics")
    _member(client, first)
    _paid(client, first, "in_9", 25000)
    client.set_cookie(COOKIE, staff_token("marketer", csrf="csrf-1"))
    by_landing = client.get("/api/leads/staff/funnel/breakdown?by=landing_page").get_json()["rows"]
    assert {r["key"]: r["assessments"] for r in by_landing} == {"/resources/ketamine-basics": 2, "/assessment": 1}
    by_campaign = client.get("/api/leads/staff/funnel/breakdown?by=campaign").get_json()["rows"]
    assert {r["label"]: r["collected_cents"] for r in by_campaign} == {"dec-roundup": 25000, "nov": 0, "No campaign": 0}
    assert client.get("/api/leads/staff/funnel/breakdown?by=week").status_code == 422
    revenue = client.get("/api/leads/staff/funnel/revenue").get_json()["sources"]
    assert revenue[0]["label"] == "newsletter" and revenue[0]["first_collected_cents"] == 25000
    page = client.get("/admin/leads/funnel?by=source").get_data(as_text=True)
    assert "<h1>Funnel by source</h1>" in page and "Number of people" in page and 'id="funnel-table"' in page
    assert re.search(
        r"<th scope=\"row\">newsletter</th><td>2</td><td>2</td><td>0</td><td>1</td><td>\$250\.00</td>", page
    )
    assert "newsletter, Assessments: 2" in page and ">Google<" not in page
    landing = client.get("/admin/leads/funnel?by=landing_page").get_data(as_text=True)
    assert "<h1>Funnel by landing page</h1>" in landing and "/resources/ketamine-basics</th>" in landing
    assert "Enter the date" in client.get("/admin/leads/funnel?since=yesterday").get_data(as_text=True)


def test_the_new_funnel_endpoints_answer_by_role(client, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Breakdown and revenue: no token 401, marketer and clinician 200, admin 200."""
    for path in ("/api/leads/staff/funnel/breakdown", "/api/leads/staff/funnel/revenue"):
        assert client.get(path).status_code == 401, path
        for role in ("marketer", "clinician", "admin"):
            answer = client.get(path, headers={"Authorization": "Bearer " + staff_token(role)})
            assert answer.status_code == 200, (path, role)
