"""The campaign page refuses empty sends, survives a refresh after a test send, and speaks in human labels."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import requests
from sqlalchemy import func, select

from services.kit.staff_auth import COOKIE
from tests.newsletter.campaign_api import confirmation, create_campaign
from tests.newsletter.local_stack import LocalStack
from tests.newsletter.seeding import seed_confirmed

CSRF = "csrf-test"


def _browser(token: str) -> requests.Session:
    """A session carrying the staff sign-in cookie, as a browser would."""
    session = requests.Session()
    session.cookies.set(COOKIE, token, domain="127.0.0.1")
    return session


def _test_sends(stack: LocalStack, campaign_id: int) -> int:
    """Count the audited test sends of one campaign."""
    audit = stack.nl.container.infra.audit
    with stack.nl.db.transaction() as session:
        query = select(func.count()).where(
            audit.c.action == "campaign.test_send", audit.c.target_id == str(campaign_id)
        )
        return int(session.execute(query).scalar_one())


def test_send_now_is_refused_when_nobody_would_receive_it(
    stack: LocalStack, staff_token: Callable[..., str], marketer_headers: dict[str, str]
) -> None:
    """With 0 subscribers the button is disabled, the API answers 409 and the page an error; nothing starts."""
    campaign = create_campaign(stack.url, marketer_headers)
    api = requests.post(
        f"{stack.url}/api/newsletter/campaigns/{campaign['id']}/send",
        headers=marketer_headers,
        json=confirmation(stack.url, marketer_headers, campaign["id"]),
        timeout=10,
    )
    assert api.status_code == 409 and "0 subscribers" in api.json()["errors"]["audience"][0], api.text
    browser = _browser(staff_token("marketer"))
    page_url = f"{stack.url}/admin/newsletter/campaigns/{campaign['id']}"
    shown = browser.get(page_url, timeout=10).text
    assert 'disabled aria-describedby="audience-now">Send now…</button>' in shown
    refused = browser.post(page_url + "/send", data={"csrf_token": CSRF}, timeout=10, allow_redirects=False)
    assert refused.status_code == 409 and 'class="error-summary"' in refused.text and "0 subscribers" in refused.text
    state = requests.get(f"{stack.url}/api/newsletter/campaigns/{campaign['id']}", headers=marketer_headers, timeout=10)
    assert state.json()["state"] == "draft" and not state.json().get("started_at")


def test_send_now_is_offered_once_someone_can_receive_it(
    stack: LocalStack, staff_token: Callable[..., str], marketer_headers: dict[str, str]
) -> None:
    """With a confirmed subscriber the button is enabled and the hint counts one subscriber."""
    seed_confirmed(stack.nl, 1)
    campaign = create_campaign(stack.url, marketer_headers)
    shown = _browser(staff_token("marketer")).get(f"{stack.url}/admin/newsletter/campaigns/{campaign['id']}").text
    assert f'<a class="button" id="send-now" href="/admin/newsletter/campaigns/{campaign["id"]}/send">' in shown
    assert "Sending now would reach 1 subscriber;" in shown


def test_a_test_send_redirects_so_a_refresh_sends_nothing_more(
    stack: LocalStack, staff_token: Callable[..., str], marketer_headers: dict[str, str]
) -> None:
    """POST answers 303 to the campaign page with a notice; reloading that page queues no second copy."""
    campaign = create_campaign(stack.url, marketer_headers)
    browser = _browser(staff_token("marketer"))
    page_url = f"{stack.url}/admin/newsletter/campaigns/{campaign['id']}"
    tester = f"tester-{uuid.uuid4().hex[:6]}@example.com"
    posted = browser.post(page_url + "/test-send", data={"csrf_token": CSRF, "email": tester}, allow_redirects=False)
    assert posted.status_code == 303 and posted.headers["Location"].endswith(
        f"/campaigns/{campaign['id']}?notice=test-sent"
    )
    landed = browser.get(stack.url + posted.headers["Location"], timeout=10)
    assert landed.status_code == 200 and "A test copy is on its way." in landed.text
    stack.wait_for_mail(tester, "[Test]")
    assert browser.get(stack.url + posted.headers["Location"], timeout=10).status_code == 200
    assert _test_sends(stack, campaign["id"]) == 1
    assert len(stack.mail(tester)) == 1
    assert "forged" not in browser.get(page_url, params={"notice": "<b>forged</b>"}, timeout=10).text
    bad = browser.post(page_url + "/test-send", data={"csrf_token": CSRF, "email": "nope"}, allow_redirects=False)
    assert bad.status_code == 422 and "test-email" in bad.text


def test_state_and_audience_show_as_human_labels(
    stack: LocalStack, staff_token: Callable[..., str], marketer_headers: dict[str, str]
) -> None:
    """The page and the list say "Draft" and the topic's title, never the raw codes."""
    campaign = create_campaign(stack.url, marketer_headers, audience="postpartum")
    browser = _browser(staff_token("marketer"))
    page = browser.get(f"{stack.url}/admin/newsletter/campaigns/{campaign['id']}", timeout=10).text
    assert 'id="campaign-state">Draft<' in page and "Audience: Postpartum and new parents" in page
    assert "audience postpartum" not in page
    listing = browser.get(f"{stack.url}/admin/newsletter", timeout=10).text
    assert "<td>Postpartum and new parents</td><td>Draft</td>" in listing
    assert '<option value="postpartum" selected>Postpartum and new parents</option>' in page
