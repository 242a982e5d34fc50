"""GET /api/billing/staff/summary: members, monthly recurring revenue, past due and failures, for admins."""

from __future__ import annotations

from sqlalchemy import insert, update

from services.billing.tables import stripe_events, subscriptions
from services.kit.staff_auth import COOKIE
from services.kit.staff_summary_schema import BillingSummarySchema
from tests.billing.harness import BillingHarness

URL = "/api/billing/staff/summary"


def _auth(token: str) -> dict[str, str]:
    """Bearer header for a staff token."""
    return {"Authorization": f"Bearer {token}"}


def test_the_summary_counts_members_revenue_past_due_and_failed_webhooks(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Two paying members make $500 a month; one past-due member and one failed Stripe event are counted apart."""
    for _ in range(3):
        billing.subscribe()
    with billing.parts.container.db.transaction() as db:
        late = db.execute(subscriptions.select().limit(1)).first()
        assert late is not None
        db.execute(update(subscriptions).where(subscriptions.c.id == late.id).values(status="past_due"))
        db.execute(
            insert(stripe_events).values(
                id="evt_broken", type="invoice.paid", created=0, payload="{}", status="failed", last_error="boom"
            )
        )
    answer = billing.http.get(billing.url + URL, headers=_auth(staff_token("admin")), timeout=10)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert answer.json() == {
        "active_members": 2,
        "monthly_recurring_revenue_cents": 50000,
        "past_due_members": 1,
        "failed_webhooks": 1,
        "dead_letters": 0,
    }
    assert BillingSummarySchema().validate(answer.json()) == {}


def test_the_summary_answers_each_role_as_the_role_matrix_says(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """No token 401, clinician and marketer 403, admin 200; the route is in the OpenAPI document."""
    get = billing.http.get
    assert get(billing.url + URL, timeout=10).status_code == 401
    for role in ("clinician", "marketer"):
        assert get(billing.url + URL, headers=_auth(staff_token(role)), timeout=10).status_code == 403
    assert get(billing.url + URL, headers=_auth(staff_token("admin")), timeout=10).status_code == 200
    spec = get(billing.url + "/api/billing/openapi.json", timeout=10).json()
    assert "get" in spec["paths"][URL]


def test_the_billing_pages_wear_the_shared_staff_header(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """An admin on /admin/billing sees every area with Billing marked, their name and the gateway's sign-out."""
    cookies = {COOKIE: staff_token("admin", csrf="csrf-b", email="ops@clinic.example")}
    html = billing.http.get(billing.url + "/admin/billing", cookies=cookies, timeout=10).text
    header = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/admin/billing" aria-current="page">Billing</a>' in header
    assert all(f">{title}<" in header for title in ("Leads", "Newsletter", "Admin"))
    assert '<strong class="staff-name">ops</strong>' in header and 'value="csrf-b"' in header
