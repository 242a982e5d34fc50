"""Every billing staff page and endpoint answers admin, clinician, marketer and no token as intended."""

from __future__ import annotations

import requests
from sqlalchemy import select

from services.billing.tables import subscriptions
from services.kit.staff_auth import COOKIE
from tests.billing.harness import BillingHarness

CSRF = "csrf-roles"
ROLES = ("admin", "clinician", "marketer", None)
# (method, path, form or JSON body, expected answer for admin, clinician, marketer, no token)
PAGES = [
    ("GET", "/admin/billing", None, (200, 200, 403, 303)),
    ("GET", "/admin/billing?state=active", None, (200, 200, 403, 303)),
    ("GET", "/admin/billing/members/{member}", None, (200, 200, 403, 303)),
    ("POST", "/admin/billing/members/{member}/cancel-at-period-end", {"reason": ""}, (422, 403, 403, 303)),
    ("POST", "/admin/billing/members/{member}/resume", {"reason": ""}, (422, 403, 403, 303)),
    ("POST", "/admin/billing/members/{member}/cancel-now-refund", {"reason": ""}, (422, 403, 403, 303)),
    ("POST", "/admin/billing/members/{member}/resend-manage-link", {"reason": ""}, (422, 403, 403, 303)),
    ("GET", "/admin/billing/failed-events", None, (200, 403, 403, 303)),
    ("POST", "/admin/billing/failed-events/replay", {"reason": ""}, (422, 403, 403, 303)),
    ("GET", "/admin/billing/reconcile", None, (200, 403, 403, 303)),
    ("POST", "/admin/billing/reconcile", {"reason": ""}, (422, 403, 403, 303)),
    ("GET", "/admin/billing/promotion-codes", None, (200, 403, 200, 303)),
]
API = [
    ("GET", "/api/billing/members?email=a@example.com", None, (200, 200, 403, 401)),
    ("GET", "/api/billing/members/{member}", None, (200, 200, 403, 401)),
    ("POST", "/api/billing/members/{member}/cancel-at-period-end", {}, (422, 422, 403, 401)),
    ("POST", "/api/billing/members/{member}/resume", {}, (422, 422, 403, 401)),
    ("POST", "/api/billing/members/{member}/cancel-now", {}, (422, 403, 403, 401)),
    ("POST", "/api/billing/members/{member}/cancel-now-refund", {}, (422, 403, 403, 401)),
    ("POST", "/api/billing/members/{member}/resend-manage-link", {}, (422, 403, 403, 401)),
    ("GET", "/api/billing/failed-events", None, (200, 403, 403, 401)),
    ("POST", "/api/billing/failed-events/replay", {}, (422, 403, 403, 401)),
    ("POST", "/api/billing/reconcile", {}, (422, 403, 403, 401)),
    ("GET", "/api/billing/promotion-codes", None, (200, 403, 200, 401)),
]


def _member(billing: BillingHarness) -> str:
    """A paying member's Stripe customer id."""
    lead_id, _ = billing.subscribe()
    with billing.parts.container.db.transaction() as session:
        return str(
            session.execute(
                select(subscriptions.c.stripe_customer_id).where(subscriptions.c.lead_id == lead_id)
            ).scalar()
        )


def test_every_billing_staff_page_and_endpoint_answers_each_role_as_intended(
    billing: BillingHarness, staff_token
) -> None:  # type: ignore[no-untyped-def]
    """The full matrix: pages by signed-in cookie (anonymous is sent to sign in), the API by bearer token."""
    member = _member(billing)
    seen: dict[str, tuple[int, ...]] = {}
    wanted: dict[str, tuple[int, ...]] = {}
    for method, path, body, expected in PAGES:
        answers = []
        for role in ROLES:
            browser = requests.Session()
            if role:
                browser.cookies.set(COOKIE, staff_token(role, csrf=CSRF))
            form = {**body, "csrf_token": CSRF} if body is not None else None
            answer = browser.request(
                method,
                billing.url + path.format(member=member),
                data=form,
                headers={"Accept": "text/html"},
                allow_redirects=False,
                timeout=30,
            )
            answers.append(answer.status_code)
        seen[f"{method} {path}"], wanted[f"{method} {path}"] = tuple(answers), expected
    for method, path, body, expected in API:
        answers = []
        for role in ROLES:
            headers = {"Authorization": f"Bearer {staff_token(role)}"} if role else {}
            answer = requests.request(
                method, billing.url + path.format(member=member), json=body, headers=headers, timeout=30
            )
            answers.append(answer.status_code)
        seen[f"{method} {path}"], wanted[f"{method} {path}"] = tuple(answers), expected
    assert seen == wanted
