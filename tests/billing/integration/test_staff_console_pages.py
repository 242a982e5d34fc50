"""/admin/billing: staff find a member by email and read their membership and invoices, in words."""

from __future__ import annotations

import re

from sqlalchemy import select

from services.billing.staff.members import get_member
from services.billing.tables import subscriptions
from services.kit.staff_auth import COOKIE
from tests.billing.harness import BillingHarness

BROWSER = {"Accept": "text/html"}


def _signed_in(billing: BillingHarness, staff_token, *roles: str) -> None:  # type: ignore[no-untyped-def]
    """Sign the harness's browser in with a staff token of these roles."""
    billing.http.cookies.set(COOKIE, staff_token(*roles, csrf="csrf-1"))


def _email_of(billing: BillingHarness, lead_id: str) -> str:
    """The address billing holds for the member who paid as this lead."""
    with billing.parts.container.db.transaction() as session:
        customer = session.execute(
            select(subscriptions.c.stripe_customer_id).where(subscriptions.c.lead_id == lead_id)
        ).scalar()
    view = get_member(billing.parts, str(customer))
    assert view is not None
    return str(view["email"])


def test_anonymous_staff_are_sent_to_sign_in(billing: BillingHarness) -> None:
    """Without a token the console redirects to /staff/login with a way back."""
    answer = billing.http.get(billing.url + "/admin/billing", headers=BROWSER, allow_redirects=False, timeout=10)
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/staff/login?next=%2Fadmin%2Fbilling")


def test_a_member_is_found_by_email_and_read_in_words(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Search, open, and see an active membership, $250.00 a month, a paid invoice with its page and PDF."""
    lead_id, _ = billing.subscribe()
    email = _email_of(billing, lead_id)
    _signed_in(billing, staff_token, "admin")
    found = billing.http.get(billing.url + "/admin/billing", params={"email": email}, headers=BROWSER, timeout=10)
    assert found.status_code == 200 and found.headers["Cache-Control"] == "no-store"
    link = re.search(r'href="(/admin/billing/members/[^"]+)"', found.text)
    assert link and "Active" in found.text
    page = billing.http.get(billing.url + link.group(1), headers=BROWSER, timeout=10)
    text = re.sub(r"<[^>]+>", " ", page.text)
    assert page.status_code == 200 and email in text and "$250.00 a month" in text
    assert "Paid" in text and "Invoice page" in text and "PDF" in text
    assert re.search(r"(EST|EDT)", text) and "None" not in text and "past_due" not in text
    assert f"/admin/leads/{lead_id}" in page.text


def test_a_bad_email_and_an_unknown_member_get_clear_pages(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """A half-typed address is a 422 with the message in the page; an unknown id is a staff 404 page."""
    _signed_in(billing, staff_token, "clinician")
    bad = billing.http.get(billing.url + "/admin/billing", params={"email": "maya@"}, headers=BROWSER, timeout=10)
    assert bad.status_code == 422 and "Please enter a whole email address" in bad.text
    missing = billing.http.get(billing.url + "/admin/billing/members/cus_nobody", headers=BROWSER, timeout=10)
    assert missing.status_code == 404 and "No member has this id." in missing.text and 'href="/staff"' in missing.text


def test_a_marketer_may_not_open_the_console(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Members' payments are for clinicians and admins only."""
    _signed_in(billing, staff_token, "marketer")
    assert billing.http.get(billing.url + "/admin/billing", headers=BROWSER, timeout=10).status_code == 403
