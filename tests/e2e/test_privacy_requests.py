"""Through the gateway and real processes: a person gets a copy of what all three services hold, then erases it."""

from __future__ import annotations

import requests

from tests.e2e.privacy_steps import (
    billing_members,
    mail_link,
    member_everywhere,
    newsletter_rows,
    stripe,
    token_of,
)
from tests.support.system import RunningSystem
from tests.support.waiting import wait_until


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
    document = got.json()
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
