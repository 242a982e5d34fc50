"""A real Chromium buys the membership and opens the billing portal through the emailed link."""

from __future__ import annotations

import pytest
import requests

from tests.billing.e2e.funnel import take_assessment
from tests.support.browser import origins
from tests.support.system import RunningSystem
from tests.support.waiting import wait_until

pytestmark = pytest.mark.browser


def test_checkout_from_the_membership_page_and_manage_billing_by_emailed_link(browser, system: RunningSystem) -> None:  # type: ignore[no-untyped-def]
    """Membership page → Stripe's hosted Checkout → success page → Manage billing → email → portal."""
    lead_id, email = take_assessment(system)
    membership = f"{system.url}/membership?lead={lead_id}"
    wait_until(lambda: 'id="checkout"' in requests.get(membership, timeout=10).text, timeout=30, interval=0.3)
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(membership)
    assert "$250/month" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Continue to secure checkout").click()
    page.wait_for_url(system.service_url("stripe") + "/c/pay/**")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(system.url + "/billing/success**")
    assert page.locator("#membership-status").get_attribute("data-state") == "active"

    page.goto(system.url + "/billing/manage")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    assert page.locator("#link-sent").is_visible()
    mail = wait_until(lambda: [m for m in system.mail(to=email) if "sign-in link" in m["subject"]], timeout=30)
    link = next(word for word in mail[0]["text"].split() if "/billing/manage/signin?token=" in word)
    page.goto(link)
    page.get_by_role("button", name="Continue to billing").click()
    page.wait_for_url(system.service_url("stripe") + "/p/session/**")
    assert page.get_by_role("button", name="Cancel subscription").is_visible()
    context.close()
    assert origins(seen) <= {system.url, system.service_url("stripe")}
