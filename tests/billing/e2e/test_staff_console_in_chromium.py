"""Chromium through the gateway: staff cancel a member with a refund from her page; a member pays with a code."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import requests

from services.kit.staff_auth import COOKIE
from tests.billing.e2e.funnel import pay, start_checkout, take_assessment
from tests.support.browser import origins
from tests.support.system import RunningSystem
from tests.support.waiting import wait_until

pytestmark = pytest.mark.browser
STRIPE_AUTH = {"Authorization": "Bearer sk_test_e2e"}
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/shots-billing"))


def _member_id(system: RunningSystem, email: str, token: str) -> str | None:
    """The member's id once billing's mirror holds the paid subscription."""
    found = requests.get(
        f"{system.url}/api/billing/members",
        params={"email": email},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    return found[0]["customer_id"] if found and found[0]["access"]["state"] == "active" else None


def test_an_admin_cancels_a_member_now_with_a_refund_from_her_page(browser, system: RunningSystem, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Search by email, open, see the paid invoice and history; a missing reason is refused; then the refund lands."""
    lead_id, email = take_assessment(system)
    assert pay(start_checkout(system, lead_id))["result"] == "complete"
    admin = staff_token("admin", subject="staff:7")
    member = wait_until(lambda: _member_id(system, email, admin), timeout=30, interval=0.3)
    SHOTS.mkdir(parents=True, exist_ok=True)

    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_cookies([{"name": COOKIE, "value": admin, "url": system.url}])
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(system.url + "/admin/billing")
    page.get_by_label("Find a member by email").fill(email)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Open").click()
    page.wait_for_url(f"**/admin/billing/members/{member}")
    assert page.locator("h1").inner_text() == email
    body = page.locator("main").inner_text()
    assert "Paid" in body and "$250.00" in body and "Payment received" in body and "None" not in body
    page.screenshot(path=str(SHOTS / "member-page.png"), full_page=True)

    form = page.locator("#action-cancel-now-refund")
    form.get_by_role("textbox").fill("   ")
    form.evaluate("f => f.noValidate = true")
    form.get_by_role("button", name="Cancel now and refund").click()
    assert "Please give a reason" in page.locator("main").inner_text()
    page.screenshot(path=str(SHOTS / "action-refused.png"), full_page=True)

    form = page.locator("#action-cancel-now-refund")
    form.get_by_role("textbox").fill("Asked to stop after the first week")
    form.get_by_role("button", name="Cancel now and refund").click()
    page.wait_for_url("**?done=cancel-now-refund")
    assert "latest payment is refunded" in page.get_by_role("status").inner_text()
    page.screenshot(path=str(SHOTS / "after-refund.png"), full_page=True)
    context.close()

    refunds = requests.get(f"{system.service_url('stripe')}/v1/refunds", headers=STRIPE_AUTH, timeout=10).json()
    assert [(r["amount"], r["status"]) for r in refunds["data"] if r["customer"] == member] == [(25000, "succeeded")]
    assert origins(seen) <= {system.url}


def _member(system: RunningSystem, email: str, token: str) -> dict | None:  # type: ignore[type-arg]
    """The member's staff view once the paid invoice is mirrored."""
    found = requests.get(
        f"{system.url}/api/billing/members",
        params={"email": email},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    paid = found and [i for i in found[0]["invoices"] if i["status"] == "paid"]
    return found[0] if paid else None


def test_a_visitor_pays_with_a_promotion_code_and_staff_see_the_discount(
    browser, system: RunningSystem, staff_token
) -> None:  # type: ignore[no-untyped-def]
    """Membership page → hosted Checkout → code applied ($200.00 today) → paid → member page and code list agree."""
    lead_id, email = take_assessment(system, source="promo-e2e")
    membership = f"{system.url}/membership?lead={lead_id}"
    wait_until(lambda: 'id="checkout"' in requests.get(membership, timeout=10).text, timeout=30, interval=0.3)
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(membership)
    page.get_by_role("button", name="Continue to secure checkout").click()
    page.wait_for_url(system.service_url("stripe") + "/c/pay/**")
    page.get_by_label("Promotion code").fill("NOT-A-CODE")
    page.get_by_role("button", name="Apply").click()
    assert "This code is invalid." in page.locator("#card-error").inner_text()
    page.get_by_label("Promotion code").fill("welcome50")
    page.get_by_role("button", name="Apply").click()
    assert "Total due today $200.00" in page.locator("#discount").inner_text()
    page.screenshot(path=str(SHOTS / "checkout-promotion-code.png"), full_page=True)
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(system.url + "/billing/success**")
    context.close()

    admin = staff_token("admin", subject="staff:7")
    member = wait_until(lambda: _member(system, email, admin), timeout=30, interval=0.3)
    assert [(i["amount_paid"], i["amount_discount"]) for i in member["invoices"]] == [(20000, 5000)]
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    staff.add_cookies([{"name": COOKIE, "value": admin, "url": system.url}])
    page = staff.new_page()
    page.goto(f"{system.url}/admin/billing/members/{member['customer_id']}")
    assert "$200.00 of $250.00, $50.00 off with a promotion code" in page.locator("main").inner_text()
    page.goto(f"{system.url}/admin/billing/promotion-codes")
    row = page.locator("tr", has_text="WELCOME50").inner_text()
    assert re.search(r"WELCOME50\s+\$50\.00 off the first month\s+[1-9]\d*\s+Active", row), row
    page.screenshot(path=str(SHOTS / "promotion-codes.png"), full_page=True)
    staff.close()
