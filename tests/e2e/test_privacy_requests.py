"""Through the gateway and real processes: a person gets a copy of what all three services hold, then erases it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from tests.e2e.privacy_steps import (
    billing_members,
    mail_link,
    member_everywhere,
    newsletter_rows,
    opened_export,
    stripe,
    token_of,
)
from tests.support.browser import origins
from tests.support.system import RunningSystem
from tests.support.waiting import wait_until

SHOTS = os.environ.get("SHOTS_DIR", "/tmp/shots-privacy")


def _ask(system: RunningSystem, email: str, kind: str) -> requests.Response:
    return requests.post(system.url + "/privacy/requests", data={"email": email, "kind": kind}, timeout=10)


def test_a_member_downloads_one_copy_holding_what_leads_newsletter_and_billing_keep(system: RunningSystem, staff_token):  # type: ignore[no-untyped-def]
    """Ask → confirm by emailed link → one JSON download with the assessment, the sign-up and the invoices, once."""
    _, email, _ = member_everywhere(system)
    marketer = staff_token("marketer")
    wait_until(lambda: newsletter_rows(system, email, marketer) or None, timeout=30, interval=0.3)
    wait_until(
        lambda: [i for m in billing_members(system, email, staff_token("clinician")) for i in m["invoices"]] or None,
        timeout=30,
        interval=0.3,
    )

    asked = _ask(system, email, "export")
    assert asked.status_code == 200 and "If we hold information for this address" in asked.text
    assert asked.headers["Cache-Control"] == "no-store"
    link = mail_link(system, email, "copy of your information", "/privacy/requests/confirm")
    assert requests.get(link, timeout=10).status_code == 200
    started = requests.post(system.url + "/privacy/requests/confirm", data={"token": token_of(link)}, timeout=10)
    assert started.status_code == 202

    download = mail_link(system, email, "is ready", "/privacy/requests/download")
    page = requests.get(download, timeout=10)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    got = requests.post(system.url + "/privacy/requests/download", data={"token": token_of(download)}, timeout=10)
    assert got.status_code == 200 and got.headers["Cache-Control"] == "no-store"
    assert "attachment" in got.headers["Content-Disposition"]
    document, readable = opened_export(got.content)
    assert email in readable and "Likely eligible" in readable and "likely_eligible" not in readable
    record = document["leads"]["data"]["records"][0]
    assert record["email"] == email and record["assessments"][0]["answers"]["positions"]["phq9"] == [
        2,
        2,
        1,
        2,
        1,
        1,
        1,
        0,
        0,
    ]
    assert document["newsletter"]["data"]["email"] == email
    billing = document["billing"]["data"]
    assert billing["customer"]["email"] == email
    assert [(i["status"], i["amount_paid_cents"]) for i in billing["invoices"]] == [("paid", 25000)]
    again = requests.post(system.url + "/privacy/requests/download", data={"token": token_of(download)}, timeout=10)
    assert again.status_code == 410


def test_an_erasure_removes_the_person_from_all_three_services_and_redacts_the_stripe_customer(  # type: ignore[no-untyped-def]
    system: RunningSystem, staff_token
):
    """Ask → confirm → leads anonymised, subscriber gone and suppressed, membership canceled, Stripe redacted."""
    lead_id, email, session = member_everywhere(system)
    marketer, clinician = staff_token("marketer"), staff_token("clinician")
    wait_until(lambda: newsletter_rows(system, email, marketer) or None, timeout=30, interval=0.3)
    members = wait_until(
        lambda: [m for m in billing_members(system, email, clinician) if m["access"]["active"]] or None,
        timeout=30,
        interval=0.3,
    )
    customer_id = members[0]["customer_id"]
    subscription_id = stripe(system, f"checkout/sessions/{session['id']}")["subscription"]
    assert stripe(system, f"customers/{customer_id}")["email"] == email

    assert _ask(system, email, "erase").status_code == 200
    link = mail_link(system, email, "erase your information", "/privacy/requests/confirm")
    started = requests.post(system.url + "/privacy/requests/confirm", data={"token": token_of(link)}, timeout=10)
    assert started.status_code == 202 and "We are erasing your information" in started.text
    done = wait_until(
        lambda: [m for m in system.mail(to=email) if m["subject"] == "Your information has been erased"] or None,
        timeout=60,
        interval=0.3,
    )
    assert len(done) == 1

    lead = requests.get(
        f"{system.url}/api/leads/staff/leads/{lead_id}",
        headers={"Authorization": f"Bearer {clinician}"},
        params={"reason": "erasure check"},
        timeout=10,
    ).json()
    assert lead["erased_at"] and lead["email"] is None and lead["phone"] is None
    assert all(s["answers"] is None for s in lead["submissions"])
    assert newsletter_rows(system, email, marketer) == []
    assert billing_members(system, email, clinician) == []
    customer = stripe(system, f"customers/{customer_id}")
    assert customer["email"] is None and customer["name"] is None
    assert stripe(system, f"subscriptions/{subscription_id}")["status"] == "canceled"
    assert stripe(system, f"invoices?customer={customer_id}")["data"], "Stripe keeps the financial records"

    # The same address signing up again is answered as always, and never mailed.
    before = len(system.mail(to=email))
    again = requests.post(system.url + "/api/newsletter/subscriptions", json={"email": email}, timeout=10)
    assert again.status_code == 202
    assert newsletter_rows(system, email, marketer) == []
    assert len(system.mail(to=email)) == before

    admin = requests.get(
        system.url + "/admin/leads/privacy-requests", headers={"Authorization": f"Bearer {staff_token('admin')}"}
    )
    assert admin.status_code == 200 and admin.headers["Cache-Control"] == "no-store"
    assert "Erasure" in admin.text and email not in admin.text


@pytest.mark.browser
def test_in_chromium_the_footer_link_leads_to_a_request_an_emailed_link_and_one_download(  # type: ignore[no-untyped-def]
    browser, system: RunningSystem, staff_token
):
    """Footer → form → "check your email" → link → confirm → ready email → download page → one JSON file."""
    _, email, _ = member_everywhere(system)
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(system.url + "/faq")
    page.get_by_role("link", name="Your information: a copy or erasure").click()
    page.wait_for_url(system.url + "/privacy/requests")
    page.get_by_role("button", name="Send me the link").click()
    assert "Please choose what you would like us to do." in page.locator(".error-summary").inner_text()
    page.screenshot(path=f"{SHOTS}/privacy-form-errors.png", full_page=True)
    page.get_by_label("Send me a copy of my information").check()
    page.get_by_label("Your email address").fill(email)
    page.screenshot(path=f"{SHOTS}/privacy-form.png", full_page=True)
    page.get_by_role("button", name="Send me the link").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    page.screenshot(path=f"{SHOTS}/privacy-sent.png", full_page=True)

    page.goto(mail_link(system, email, "copy of your information", "/privacy/requests/confirm"))
    page.screenshot(path=f"{SHOTS}/privacy-confirm.png", full_page=True)
    page.get_by_role("button", name="Confirm and prepare my copy").click()
    assert page.get_by_role("heading", name="We are preparing your copy").is_visible()
    page.screenshot(path=f"{SHOTS}/privacy-started.png", full_page=True)

    download_link = mail_link(system, email, "is ready", "/privacy/requests/download")
    page.goto(download_link)
    page.screenshot(path=f"{SHOTS}/privacy-download.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my information").click()
    document, _ = opened_export(Path(download.value.path()).read_bytes())
    assert document["leads"]["data"]["records"][0]["email"] == email
    assert document["newsletter"]["data"]["email"] == email and document["billing"]["data"]["invoices"]
    page.goto(download_link)
    assert page.get_by_role("heading", name="This link no longer works").is_visible()
    page.screenshot(path=f"{SHOTS}/privacy-link-refused.png", full_page=True)
    context.close()
    assert origins(seen) == {system.url}

    staff = browser.new_context(extra_http_headers={"Authorization": f"Bearer {staff_token('admin')}"})
    admin = staff.new_page()
    admin.goto(system.url + "/admin/leads/privacy-requests")
    assert admin.get_by_role("heading", name="Privacy requests").is_visible()
    assert "Copy of their information" in admin.locator("table").inner_text()
    admin.screenshot(path=f"{SHOTS}/privacy-admin.png", full_page=True)
    staff.close()


def test_a_staff_erasure_reaches_the_newsletter_billing_and_stripe_and_the_person_is_told(  # type: ignore[no-untyped-def]
    system: RunningSystem, staff_token
):
    """A clinician erases a member on her behalf: the same events run, and the admins' list names the clinician."""
    lead_id, email, _ = member_everywhere(system)
    marketer, clinician = staff_token("marketer"), staff_token("clinician", subject="dr-rivera")
    wait_until(lambda: newsletter_rows(system, email, marketer) or None, timeout=30, interval=0.3)
    members = wait_until(
        lambda: [m for m in billing_members(system, email, clinician) if m["access"]["active"]] or None,
        timeout=30,
        interval=0.3,
    )
    erased = requests.post(
        f"{system.url}/api/leads/staff/leads/{lead_id}/erase",
        json={"reason": "she asked by phone"},
        headers={"Authorization": f"Bearer {clinician}", "X-CSRF-Token": "csrf-test"},
        timeout=10,
    )
    assert erased.status_code == 200, erased.text
    wait_until(
        lambda: [m for m in system.mail(to=email) if m["subject"] == "Your information has been erased"] or None,
        timeout=60,
        interval=0.3,
    )
    assert newsletter_rows(system, email, marketer) == [] and billing_members(system, email, clinician) == []
    assert stripe(system, f"customers/{members[0]['customer_id']}")["email"] is None
    admin = requests.get(
        system.url + "/admin/leads/privacy-requests",
        headers={"Authorization": f"Bearer {staff_token('admin')}"},
        timeout=10,
    )
    assert "Erasure" in admin.text and "Done" in admin.text
