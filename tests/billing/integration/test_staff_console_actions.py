"""The billing console's actions: filters, member actions with reasons, failed-event replay and reconcile."""

from __future__ import annotations

import re
from typing import Any

import requests
from sqlalchemy import func, select, update

from services.billing.tables import infra, invoices, stripe_events, subscriptions
from services.kit.staff_auth import COOKIE
from tests.billing.harness import BillingHarness

BROWSER = {"Accept": "text/html"}
CSRF = "csrf-actions"


def _admin(billing: BillingHarness, staff_token, *roles: str) -> None:  # type: ignore[no-untyped-def]
    """Sign the harness's browser in with these roles (admin by default)."""
    billing.http.cookies.set(COOKIE, staff_token(*(roles or ("admin",)), csrf=CSRF, subject="ops@clinic.example"))


def _customer_of(billing: BillingHarness, lead_id: str) -> str:
    """The Stripe customer that paid as this lead."""
    with billing.parts.container.db.transaction() as session:
        found = session.execute(
            select(subscriptions.c.stripe_customer_id).where(subscriptions.c.lead_id == lead_id)
        ).scalar()
    return str(found)


def _post(billing: BillingHarness, path: str, **form: str) -> requests.Response:
    """Submit a console form as the browser does."""
    return billing.http.post(
        billing.url + path, data={"csrf_token": CSRF, **form}, headers=BROWSER, timeout=60, allow_redirects=False
    )


def _text(response: requests.Response) -> str:
    """The page's words without tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def _audit_count(billing: BillingHarness, action: str) -> int:
    """How many audit entries of one action exist."""
    with billing.parts.container.db.transaction() as session:
        return int(session.execute(select(func.count()).where(infra.audit.c.action == action)).scalar_one())


def _sub_row(billing: BillingHarness, lead_id: str) -> dict[str, Any]:
    """The mirrored subscription of a lead."""
    found = billing.subscription(lead_id)
    assert found is not None
    return found


def test_members_are_listed_by_state_beside_the_email_search(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Active and ending members appear under their own filter; an unknown state is a 422 page."""
    staying, _ = billing.subscribe()
    leaving, _ = billing.subscribe()
    _admin(billing, staff_token)
    ending = _customer_of(billing, leaving)
    assert (
        _post(billing, f"/admin/billing/members/{ending}/cancel-at-period-end", reason="Moving away").status_code == 303
    )

    def listed(state: str) -> str:
        answer = billing.http.get(billing.url + "/admin/billing", params={"state": state}, headers=BROWSER, timeout=10)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
        return answer.text

    assert _customer_of(billing, staying) in listed("active") and ending not in listed("active")
    assert ending in listed("ending") and _customer_of(billing, staying) not in listed("ending")
    assert "No member is past due right now." in _text(billing.http.get(billing.url + "/admin/billing?state=past_due"))
    bad = billing.http.get(billing.url + "/admin/billing", params={"state": "weird"}, headers=BROWSER, timeout=10)
    assert bad.status_code == 422 and "Please choose one of the listed states." in bad.text
    by_lead = billing.http.get(billing.url + "/admin/billing", params={"lead_id": staying}, headers=BROWSER, timeout=10)
    assert by_lead.status_code == 200 and _customer_of(billing, staying) in by_lead.text and ending not in by_lead.text
    nobody = billing.http.get(billing.url + "/admin/billing?lead_id=00000000-0000", headers=BROWSER, timeout=10)
    assert "No member came from this lead." in nobody.text
    odd = billing.http.get(billing.url + "/admin/billing", params={"lead_id": "<x>"}, headers=BROWSER, timeout=10)
    assert odd.status_code == 422 and "Please paste the lead" in odd.text


def test_cancel_at_period_end_and_resume_need_a_reason_and_are_audited(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """No reason: 422 in the page, nothing changes. With one: done, audited, in the history; resuming twice is 409."""
    lead_id, _ = billing.subscribe()
    customer = _customer_of(billing, lead_id)
    _admin(billing, staff_token)
    path = f"/admin/billing/members/{customer}"
    refused = _post(billing, f"{path}/cancel-at-period-end", reason="   ")
    assert refused.status_code == 422 and "Please give a reason" in _text(refused)
    assert _sub_row(billing, lead_id)["cancel_at_period_end"] is False
    done = _post(billing, f"{path}/cancel-at-period-end", reason="Asked by phone")
    assert done.status_code == 303 and done.headers["Location"].endswith("?done=cancel-at-period-end")
    assert _sub_row(billing, lead_id)["cancel_at_period_end"] is True
    assert billing.standin.store.get("subscription", _sub_row(billing, lead_id)["id"])["cancel_at_period_end"] is True
    page = _text(billing.http.get(billing.url + done.headers["Location"], headers=BROWSER, timeout=10))
    assert "the membership will end at the close of the paid period" in page
    assert "Staff set the membership to end at the close of the paid period" in page and "Asked by phone" in page
    assert _audit_count(billing, "billing.cancel_at_period_end") == 1
    again = _post(billing, f"{path}/cancel-at-period-end", reason="Twice")
    assert again.status_code == 409 and "already set to end" in _text(again)
    assert _post(billing, f"{path}/resume", reason="Changed her mind").status_code == 303
    assert _sub_row(billing, lead_id)["cancel_at_period_end"] is False
    twice = _post(billing, f"{path}/resume", reason="Again")
    assert twice.status_code == 409 and "nothing to withdraw" in _text(twice)


def test_cancel_now_refunds_the_latest_payment_once_and_shows_it(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """The subscription ends at Stripe, the $250.00 charge is refunded there, the page shows both in words."""
    lead_id, _ = billing.subscribe()
    customer = _customer_of(billing, lead_id)
    _admin(billing, staff_token)
    offer = _text(billing.http.get(f"{billing.url}/admin/billing/members/{customer}", headers=BROWSER, timeout=10))
    assert re.search(r"the latest payment \(\$250\.00, \w{3} \d+, \d{4}, [\d:]+ [AP]M E[SD]T\) is refunded", offer)
    done = _post(billing, f"/admin/billing/members/{customer}/cancel-now-refund", reason="Clinician advised stopping")
    assert done.status_code == 303 and done.headers["Location"].endswith("?done=cancel-now-refund")
    charges = [c for c in billing.standin.store.all("charge") if c["customer"] == customer]
    assert [c["amount_refunded"] for c in charges] == [25000]
    assert billing.standin.store.get("subscription", _sub_row(billing, lead_id)["id"])["status"] == "canceled"
    billing.settle()
    page = _text(billing.http.get(billing.url + done.headers["Location"], headers=BROWSER, timeout=10))
    assert "Refunded" in page and "$250.00" in page and "Membership ended" in page
    assert "ended the membership at once and refunded the last payment" in page and "Clinician advised stopping" in page
    assert re.search(r"(EST|EDT)", page) and "None" not in page and "invoice.paid" not in page
    again = _post(billing, f"/admin/billing/members/{customer}/cancel-now-refund", reason="Again")
    assert again.status_code == 409 and "no membership that can be changed" in _text(again)
    assert [c["amount_refunded"] for c in billing.standin.store.all("charge") if c["customer"] == customer] == [25000]


def test_the_manage_billing_link_is_emailed_again(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Resending queues one sign-in email to the member and an audit entry."""
    lead_id, _ = billing.subscribe()
    customer = _customer_of(billing, lead_id)
    email = billing.standin.store.get("customer", customer)["email"]
    _admin(billing, staff_token)
    assert (
        _post(billing, f"/admin/billing/members/{customer}/resend-manage-link", reason="Lost the email").status_code
        == 303
    )
    billing.settle()
    assert any("/billing/manage/signin?token=" in str(m) for m in billing.mail(email))
    assert _audit_count(billing, "billing.resend_manage_link") == 1


def test_bad_actions_answer_with_a_page_and_change_nothing(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Unknown member 404, unknown action 404, missing CSRF 403, clinicians 403 and no forms on their page."""
    lead_id, _ = billing.subscribe()
    customer = _customer_of(billing, lead_id)
    _admin(billing, staff_token)
    assert _post(billing, "/admin/billing/members/cus_nobody/resume", reason="x").status_code == 404
    assert _post(billing, f"/admin/billing/members/{customer}/delete-everything", reason="x").status_code == 404
    forged = billing.http.post(
        f"{billing.url}/admin/billing/members/{customer}/cancel-now-refund",
        data={"reason": "x"},
        headers=BROWSER,
        timeout=10,
    )
    assert forged.status_code == 403
    _admin(billing, staff_token, "clinician")
    assert _post(billing, f"/admin/billing/members/{customer}/cancel-now-refund", reason="x").status_code == 403
    page = billing.http.get(f"{billing.url}/admin/billing/members/{customer}", headers=BROWSER, timeout=10)
    # A clinician reads the page; the only form on it is the shared header's sign-out.
    assert page.status_code == 200 and 'action="/admin/billing' not in page.text and "Invoices" in page.text
    assert _sub_row(billing, lead_id)["status"] == "active" and _audit_count(billing, "billing.cancel_now_refund") == 0


def test_failed_events_are_listed_and_replayed_with_a_reason(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """A failed event shows in words; replay without a reason is refused, with one it is processed again."""
    lead_id, _ = billing.subscribe()
    with billing.parts.container.db.transaction() as session:
        event_id = session.execute(
            select(stripe_events.c.id).where(stripe_events.c.type == "invoice.paid").limit(1)
        ).scalar_one()
        session.execute(
            update(stripe_events)
            .where(stripe_events.c.id == event_id)
            .values(status="failed", last_error="RetryableJobError: Stripe unreachable")
        )
    _admin(billing, staff_token)
    listed = billing.http.get(billing.url + "/admin/billing/failed-events", headers=BROWSER, timeout=10)
    assert listed.status_code == 200 and "Invoice paid" in listed.text and "Stripe unreachable" in listed.text
    assert "RetryableJobError" not in listed.text
    refused = _post(billing, "/admin/billing/failed-events/replay", event_id=event_id, reason="")
    assert refused.status_code == 422 and "Please give a reason" in _text(refused)
    done = _post(billing, "/admin/billing/failed-events/replay", event_id=event_id, reason="Stripe was down")
    assert done.status_code == 200 and "1 event is queued again" in _text(done)
    billing.settle()
    with billing.parts.container.db.transaction() as session:
        status = session.execute(select(stripe_events.c.status).where(stripe_events.c.id == event_id)).scalar_one()
    assert status == "processed"
    stale = _post(billing, "/admin/billing/failed-events/replay", event_id=event_id, reason="again")
    assert stale.status_code == 409 and "not waiting for a replay" in _text(stale)
    assert _audit_count(billing, "billing.failed_events.replay") == 1


def test_reconcile_now_corrects_a_drifted_mirror(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """A subscription row altered locally is restored from Stripe by the page's button, with a report in words."""
    lead_id, _ = billing.subscribe()
    with billing.parts.container.db.transaction() as session:
        session.execute(update(subscriptions).where(subscriptions.c.lead_id == lead_id).values(status="canceled"))
    _admin(billing, staff_token)
    assert billing.http.get(billing.url + "/admin/billing/reconcile", headers=BROWSER, timeout=10).status_code == 200
    refused = _post(billing, "/admin/billing/reconcile", reason="")
    assert refused.status_code == 422 and _sub_row(billing, lead_id)["status"] == "canceled"
    done = _post(billing, "/admin/billing/reconcile", reason="Member page looked wrong")
    assert done.status_code == 200 and re.search(
        r"Checked \d+ members? at Stripe: [1-9]\d* records? corrected", _text(done)
    )
    assert _sub_row(billing, lead_id)["status"] == "active"


def test_a_declined_renewal_shows_the_banks_reason_among_payment_failures(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Stripe's decline_code (insufficient_funds) is kept on the mirrored invoice and read in words on the page."""
    lead_id, _ = billing.subscribe()
    customer = _customer_of(billing, lead_id)
    card = {"card": "4000000000009995"}
    assert billing.http.post(f"{billing.stripe_url}/dev/stripe/customers/{customer}/card", json=card, timeout=10).ok
    billing.advance(31)
    with billing.parts.container.db.transaction() as session:
        codes = session.execute(select(invoices.c.last_decline_code).where(invoices.c.stripe_customer_id == customer))
        assert sorted(str(c) for c in codes.scalars()) == ["None", "insufficient_funds"]
    _admin(billing, staff_token, "clinician")
    page = _text(billing.http.get(f"{billing.url}/admin/billing/members/{customer}", headers=BROWSER, timeout=10))
    failures = page.split("Payment failures", 1)[1].split("History", 1)[0]
    assert "Not enough money on the card" in failures and "$250.00" in failures and "insufficient" not in failures


def test_a_membership_ended_without_its_refund_can_still_be_refunded(billing: BillingHarness, staff_token) -> None:  # type: ignore[no-untyped-def]
    """Canceled at Stripe with the payment kept: the page offers the refund, which is made once."""
    lead_id, _ = billing.subscribe()
    customer = _customer_of(billing, lead_id)
    sub_id = _sub_row(billing, lead_id)["id"]
    ended = billing.http.delete(
        f"{billing.stripe_url}/v1/subscriptions/{sub_id}", headers={"Authorization": "Bearer sk_test_x"}, timeout=10
    )
    assert ended.json()["status"] == "canceled"
    billing.settle()
    _admin(billing, staff_token)
    page = billing.http.get(f"{billing.url}/admin/billing/members/{customer}", headers=BROWSER, timeout=10)
    assert "Refund the last payment" in page.text and "Cancel at the end of the paid period" not in page.text
    done = _post(billing, f"/admin/billing/members/{customer}/cancel-now-refund", reason="Refund was missed")
    assert done.status_code == 303
    assert [c["amount_refunded"] for c in billing.standin.store.all("charge") if c["customer"] == customer] == [25000]
    after = billing.http.get(billing.url + done.headers["Location"], headers=BROWSER, timeout=10)
    assert "Refund the last payment" not in after.text
