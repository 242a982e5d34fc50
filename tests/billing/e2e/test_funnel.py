"""The membership funnel through the gateway: assessment → checkout → pay → webhook → active → converted."""

from __future__ import annotations

import uuid

import requests

from tests.billing.e2e.funnel import funnel_row, lead_record, pay, start_checkout, take_assessment
from tests.billing.stripe_request_text import health_words_in, request_texts
from tests.support.system import RunningSystem
from tests.support.waiting import wait_until


def _status(system: RunningSystem, session_id: str) -> dict:  # type: ignore[type-arg]
    """Read the success page's status of a session."""
    return requests.get(f"{system.url}/api/billing/checkout-sessions/{session_id}", timeout=30).json()


def test_a_likely_eligible_visitor_pays_and_the_lead_converts_with_revenue(system: RunningSystem, staff_token) -> None:  # type: ignore[no-untyped-def]
    """The whole funnel: assessment, checkout, card 4242, webhook, active member, lead converted with $250."""
    source = f"e2e-{uuid.uuid4().hex[:8]}"
    lead_id, _ = take_assessment(system, source)
    session = start_checkout(system, lead_id)
    assert pay(session)["result"] == "complete"
    assert _status(system, session["id"])["access"] == {"active": True, "state": "active"}
    token = staff_token("clinician")
    wait_until(lambda: lead_record(system, lead_id, token).get("status") == "converted", timeout=30, interval=0.3)
    row = funnel_row(system, source, staff_token("marketer"))
    assert row is not None and row["converted"] == 1 and row["revenue_cents"] == 25000


def test_a_declined_card_gives_no_access_and_the_lead_is_not_converted(system: RunningSystem, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Card 4000000000000341 is refused; the session stays open; the lead is untouched."""
    lead_id, _ = take_assessment(system)
    session = start_checkout(system, lead_id)
    assert pay(session, "4000000000000341")["result"] == "declined"
    status = _status(system, session["id"])
    assert status["status"] == "open" and status["access"]["active"] is False
    assert lead_record(system, lead_id, staff_token("clinician")).get("status") != "converted"


def test_cancel_at_period_end_then_time_passing_loses_the_lead(system: RunningSystem, staff_token) -> None:  # type: ignore[no-untyped-def]
    """A member cancels (staff API), the stand-in's clock passes the period end, the lead becomes lost."""
    lead_id, email = take_assessment(system)
    session = start_checkout(system, lead_id)
    pay(session)
    admin = {"Authorization": f"Bearer {staff_token('clinician')}"}
    members = wait_until(
        lambda: [
            m
            for m in requests.get(
                system.url + "/api/billing/members", params={"email": email}, headers=admin, timeout=10
            ).json()
            if m["access"]["active"]
        ],
        timeout=20,
    )
    customer_id = members[0]["customer_id"]
    ending = requests.post(
        f"{system.url}/api/billing/members/{customer_id}/cancel-at-period-end",
        json={"reason": "member asked"},
        headers=admin,
        timeout=30,
    )
    assert ending.status_code == 200, ending.text
    assert ending.json()["access"]["state"] == "ending"
    requests.post(system.url + "/dev/stripe/clock/advance", json={"days": 32}, timeout=30)
    token = staff_token("clinician")
    wait_until(lambda: lead_record(system, lead_id, token).get("status") == "lost", timeout=30, interval=0.3)


def test_tampered_and_stale_webhooks_through_the_gateway_are_refused(system: RunningSystem) -> None:
    """The gateway keeps the body byte-for-byte, so billing's signature check still decides: 400."""
    from services.billing.webhooks.signature import sign

    body = (
        b'{"id": "evt_e2e_tampered", "object": "event", "type": "invoice.paid", "created": 1,'
        b' "data": {"object": {"id": "in_x"}}}'
    )
    good = sign(body, "whsec_dev_standin")
    assert (
        requests.post(
            system.url + "/webhooks/stripe", data=body + b" ", timeout=10, headers={"Stripe-Signature": good}
        ).status_code
        == 400
    )
    stale = sign(body, "whsec_dev_standin", 1_000_000_000)
    assert (
        requests.post(
            system.url + "/webhooks/stripe", data=body, timeout=10, headers={"Stripe-Signature": stale}
        ).status_code
        == 400
    )


def test_a_failed_renewal_is_dunned_and_fixed_through_manage_billing(system: RunningSystem, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Renewal declined → past_due → dunning email → sign-in link → portal → new card → active again."""
    lead_id, email = take_assessment(system)
    pay(start_checkout(system, lead_id))
    staff = {"Authorization": f"Bearer {staff_token('clinician')}"}

    def member() -> dict | None:  # type: ignore[type-arg]
        found = requests.get(system.url + "/api/billing/members", params={"email": email}, headers=staff, timeout=10)
        return found.json()[0] if found.json() and found.json()[0]["subscriptions"] else None

    customer_id = wait_until(member, timeout=20)["customer_id"]
    requests.post(
        f"{system.url}/dev/stripe/customers/{customer_id}/card", json={"card": "4000000000000341"}, timeout=10
    )
    requests.post(system.url + "/dev/stripe/clock/advance", json={"days": 31}, timeout=30)
    wait_until(lambda: (m := member()) and m["subscriptions"][0]["status"] == "past_due" and m, timeout=30)
    dunning = wait_until(lambda: [m for m in system.mail(to=email) if "couldn't take" in m["subject"]], timeout=30)
    assert "/billing/manage" in dunning[0]["text"]
    assert requests.post(system.url + "/billing/manage", data={"email": email}, timeout=10).status_code == 200
    signin = wait_until(lambda: [m for m in system.mail(to=email) if "sign-in link" in m["subject"]], timeout=30)
    token = signin[0]["text"].split("token=")[1].split()[0]
    opened = requests.post(
        system.url + "/billing/manage/signin", data={"token": token}, allow_redirects=False, timeout=30
    )
    assert opened.status_code == 303
    fixed = requests.post(opened.headers["Location"] + "/card", data={"card": "4242424242424242"}, timeout=30)
    assert fixed.status_code == 200
    wait_until(lambda: (m := member()) and m["subscriptions"][0]["status"] == "active", timeout=30)


def test_no_request_the_stripe_standin_recorded_carries_health_data(system: RunningSystem) -> None:
    """Nothing sent to Stripe in a paid funnel (or any funnel before it) names a condition, score or medicine."""
    # The test makes its own funnel, so it checks real calls when it runs alone or first.
    lead_id, email = take_assessment(system)
    session = start_checkout(system, lead_id)
    assert pay(session)["result"] == "complete"
    wait_until(lambda: _status(system, session["id"])["access"]["active"], timeout=30, interval=0.3)
    calls = requests.get(system.url + "/dev/stripe/requests", timeout=10).json()
    texts = [text for call in calls for text in request_texts(call)]
    assert email in texts and lead_id in texts
    assert [(call["method"], call["path"], health_words_in(call)) for call in calls if health_words_in(call)] == []
