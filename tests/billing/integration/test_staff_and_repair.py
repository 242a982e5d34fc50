"""Staff billing API and the reconcile job."""

from __future__ import annotations

from sqlalchemy import select, update

from services.billing.repair.reconcile import reconcile
from services.billing.tables import invoices, subscriptions
from services.kit.staff_auth import ROLES
from tests.billing.harness import BillingHarness
from tests.billing.integration.test_renewals_and_dunning import _email_of

REASON = {"reason": "member asked by phone"}


def _auth(token: str) -> dict[str, str]:
    """Bearer header for a staff token."""
    return {"Authorization": f"Bearer {token}"}


def test_staff_see_a_members_status_and_invoice_links(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """A clinician finds the member by email and sees access, subscription and the invoice's page and PDF."""
    lead_id, _ = billing.subscribe()
    email, customer_id = _email_of(billing, lead_id)
    headers = _auth(staff_token("clinician"))
    found = billing.http.get(billing.url + "/api/billing/members", params={"email": email}, headers=headers, timeout=10)
    assert found.status_code == 200 and [m["customer_id"] for m in found.json()] == [customer_id]
    assert found.headers["Cache-Control"] == "no-store"  # names and emails: never kept by a browser or proxy
    member = billing.http.get(f"{billing.url}/api/billing/members/{customer_id}", headers=headers, timeout=10).json()
    assert member["access"]["active"] is True and member["subscriptions"][0]["status"] == "active"
    invoice = member["invoices"][0]
    assert invoice["status"] == "paid" and invoice["amount_paid"] == 25000
    assert billing.http.get(invoice["hosted_invoice_url"], timeout=10).status_code == 200
    assert billing.http.get(invoice["invoice_pdf"], timeout=10).headers["Content-Type"] == "application/pdf"


def test_staff_cancel_at_period_end_and_resume_and_only_admins_cancel_now(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Clinicians schedule and withdraw cancellation; cancel-now is admin-only; all of it is audited."""
    lead_id, _ = billing.subscribe()
    _, customer_id = _email_of(billing, lead_id)
    base = f"{billing.url}/api/billing/members/{customer_id}"
    clinician = _auth(staff_token("clinician"))
    ending = billing.http.post(base + "/cancel-at-period-end", json=REASON, headers=clinician, timeout=30).json()
    assert ending["subscriptions"][0]["cancel_at_period_end"] is True and ending["access"]["state"] == "ending"
    resumed = billing.http.post(base + "/resume", json=REASON, headers=clinician, timeout=30).json()
    assert resumed["access"]["state"] == "active"
    assert billing.http.post(base + "/cancel-now", json=REASON, headers=clinician, timeout=30).status_code == 403
    admin = _auth(staff_token("admin"))
    ended = billing.http.post(base + "/cancel-now", json=REASON, headers=admin, timeout=30).json()
    assert ended["subscriptions"][0]["status"] == "canceled" and ended["access"]["active"] is False
    with billing.parts.container.db.transaction() as db:
        actions = [r.action for r in db.execute(select(billing.parts.container.infra.audit.c.action))]
    assert actions == ["billing.cancel_at_period_end", "billing.resume", "billing.cancel_now"]
    billing.settle()
    assert [e["data"]["lead_id"] for e in billing.leads.of_type("subscription.canceled")] == [lead_id]


def test_staff_endpoints_answer_401_without_a_token_403_for_marketers_and_422_for_bad_input(
    billing: BillingHarness, staff_token
) -> None:  # type: ignore[no-untyped-def]
    """The staff API checks who is asking before anything else."""
    url = billing.url + "/api/billing/members"
    assert billing.http.get(url, params={"email": "a@example.com"}, timeout=10).status_code == 401
    assert "marketer" in ROLES
    marketer = _auth(staff_token("marketer"))
    assert billing.http.get(url, params={"email": "a@example.com"}, headers=marketer, timeout=10).status_code == 403
    clinician = _auth(staff_token("clinician"))
    assert billing.http.get(url, params={"email": "nope"}, headers=clinician, timeout=10).status_code == 422
    bad = billing.http.post(url + "/cus_x/resume", json={"why": "x"}, headers=clinician, timeout=10)
    assert bad.status_code == 422
    assert billing.http.get(url + "/cus_unknown", headers=clinician, timeout=10).status_code == 404


def test_reconcile_repairs_a_mirror_that_drifted_from_stripe(billing: BillingHarness) -> None:
    """Rows altered or lost locally are restored to Stripe's state by one reconcile pass."""
    lead_id, _ = billing.subscribe()
    sub = billing.subscription(lead_id)
    assert sub is not None
    with billing.parts.container.db.transaction() as db:
        db.execute(update(subscriptions).where(subscriptions.c.id == sub["id"]).values(status="canceled"))
        db.execute(invoices.delete())
    report = reconcile(billing.parts)
    assert report.customers == 1 and report.fixed == 2 and report.failed == []
    repaired = billing.subscription(lead_id)
    assert repaired is not None and repaired["status"] == "active"
    assert reconcile(billing.parts).fixed == 0
