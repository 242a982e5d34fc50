"""Manage billing: the same answer for any email, an emailed link that works once for 15 minutes."""

from __future__ import annotations

import re
import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.billing.harness import BillingHarness
from tests.billing.integration.test_renewals_and_dunning import _email_of


class SixteenMinutesAgo(TimestampSigner):
    """Sign as if it were sixteen minutes ago."""

    def get_timestamp(self) -> int:
        """Return a time one minute past the links' lifetime."""
        return int(time.time()) - 16 * 60


def _ask(billing: BillingHarness, email: str) -> str:
    """Ask for a sign-in link and return the page."""
    answer = billing.http.post(billing.url + "/billing/manage", data={"email": email}, timeout=30)
    assert answer.status_code == 200
    return answer.text


def _token(billing: BillingHarness, email: str) -> str:
    """Read the newest sign-in token mailed to `email`."""
    billing.settle()
    found = re.search(r"token=([\w.\-]+)", billing.mail(to=email)[0]["text"])
    assert found is not None
    return found.group(1)


def test_known_and_unknown_emails_get_the_same_page_and_only_members_get_mail(billing: BillingHarness) -> None:
    """The answer never tells whether an address is a customer."""
    lead_id, _ = billing.subscribe()
    email, _ = _email_of(billing, lead_id)
    stranger = "nobody-here@example.com"
    known, unknown = _ask(billing, email), _ask(billing, stranger)
    assert known == unknown
    billing.settle()
    assert len(billing.mail(to=email)) == 1 and billing.mail(to=stranger) == []


def test_a_link_opens_the_portal_once_and_is_refused_the_second_time(billing: BillingHarness) -> None:
    """GET shows a button (scanners cannot spend it); the POST redirects to the portal once."""
    lead_id, _ = billing.subscribe()
    email, customer_id = _email_of(billing, lead_id)
    _ask(billing, email)
    token = _token(billing, email)
    shown = billing.http.get(billing.url + "/billing/manage/signin", params={"token": token}, timeout=10)
    assert shown.status_code == 200
    first = billing.http.post(
        billing.url + "/billing/manage/signin", data={"token": token}, allow_redirects=False, timeout=30
    )
    assert first.status_code == 303 and first.headers["Location"].startswith(billing.stripe_url + "/p/session/")
    portal = billing.http.get(first.headers["Location"], timeout=10)
    assert portal.status_code == 200
    again = billing.http.post(
        billing.url + "/billing/manage/signin", data={"token": token}, allow_redirects=False, timeout=30
    )
    assert again.status_code == 410 and 'data-reason="used"' in again.text
    portal_calls = [c for c in billing.stripe_requests() if c["path"] == "/v1/billing_portal/sessions"]
    assert [c["params"]["customer"] for c in portal_calls] == [customer_id]


def test_forged_and_expired_links_are_refused(billing: BillingHarness) -> None:
    """A token signed with another key, or a real link older than 15 minutes, opens nothing."""
    forged = URLSafeTimedSerializer("not-our-key", salt="billing-signin-link").dumps({"n": "x"})
    answer = billing.http.post(billing.url + "/billing/manage/signin", data={"token": forged}, timeout=10)
    assert answer.status_code == 400 and 'data-reason="invalid"' in answer.text
    lead_id, _ = billing.subscribe()
    email, _ = _email_of(billing, lead_id)
    _ask(billing, email)
    nonce = billing.parts.links.loads(_token(billing, email))["n"]
    old = URLSafeTimedSerializer(
        billing.parts.settings.link_signing_key, salt="billing-signin-link", signer=SixteenMinutesAgo
    ).dumps({"n": nonce})
    for method in ("get", "post"):
        expired = billing.http.request(
            method,
            billing.url + "/billing/manage/signin",
            params={"token": old},
            data={"token": old},
            allow_redirects=False,
            timeout=10,
        )
        assert expired.status_code == 410 and 'data-reason="expired"' in expired.text


def test_a_malformed_email_gets_a_field_error(billing: BillingHarness) -> None:
    """Bad input is a 422 page with the error next to the field."""
    answer = billing.http.post(billing.url + "/billing/manage", data={"email": "not-an-email"}, timeout=10)
    assert answer.status_code == 422 and 'id="email-error"' in answer.text


def test_a_customer_deleted_at_stripe_is_told_plainly_instead_of_try_again(billing: BillingHarness) -> None:
    """Stripe's 400 resource_missing for the customer gives a 409 page that offers no retry button."""
    lead_id, _ = billing.subscribe()
    email, customer_id = _email_of(billing, lead_id)
    _ask(billing, email)
    token = _token(billing, email)
    gone = billing.http.delete(
        f"{billing.stripe_url}/v1/customers/{customer_id}", headers={"Authorization": "Bearer sk_test_x"}, timeout=10
    )
    assert gone.json()["deleted"] is True
    answer = billing.http.post(billing.url + "/billing/manage/signin", data={"token": token}, timeout=30)
    assert answer.status_code == 409 and "We could not find your billing account" in answer.text
    assert 'id="open-portal"' not in answer.text
