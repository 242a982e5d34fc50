"""Merge fields rendered per subscriber, refused when unknown; sends and schedules confirmed against the audience."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import requests

from services.kit.staff_auth import COOKIE
from services.newsletter.subscriber_admin.importing import ImportOptions, import_rows
from services.newsletter.subscriber_domain.csv_import import AcceptedRow
from tests.newsletter.campaign_api import confirmation, create_campaign, wait_until_sent
from tests.newsletter.local_stack import LocalStack
from tests.newsletter.seeding import seed_confirmed

CSRF = "csrf-test"
GREETING = 'Hello {{ first_name | fallback: "there" }}, this month in research.'


def _browser(stack: LocalStack, token: str) -> requests.Session:
    """A session carrying the staff sign-in cookie, as a browser would."""
    session = requests.Session()
    session.cookies.set(COOKIE, token, domain="127.0.0.1")
    return session


def _hidden(page: str) -> dict[str, str]:
    """The hidden fields of the confirmation form, as a browser would post them."""
    return dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', page))


def _subscriber(stack: LocalStack, first_name: str | None) -> str:
    """Add one confirmed subscriber with or without a first name; return the address."""
    email = f"reader-{uuid.uuid4().hex[:8]}@example.com"
    import_rows(stack.nl, [AcceptedRow(2, email, first_name, ())], ImportOptions("confirmed", "test-consent-v1"))
    return email


def test_a_merge_field_reaches_each_subscriber_with_their_name_or_the_fallback(
    stack: LocalStack, marketer_headers: dict[str, str]
) -> None:
    """Maya's mail greets Maya in subject, HTML and text; the reader without a name gets "there"."""
    maya, nameless = _subscriber(stack, "Maya"), _subscriber(stack, None)
    campaign = requests.post(
        stack.url + "/api/newsletter/campaigns",
        headers=marketer_headers,
        json={
            "slug": f"merge-{uuid.uuid4().hex[:6]}",
            "subject": 'News for {{ first_name | fallback: "you" }}',
            "markdown": GREETING,
        },
        timeout=10,
    ).json()
    preview = requests.get(
        f"{stack.url}/api/newsletter/campaigns/{campaign['id']}/preview", headers=marketer_headers, timeout=10
    ).json()
    assert preview["subject"] == "News for Maya" and maya in preview["shown_for"]
    sent = requests.post(
        f"{stack.url}/api/newsletter/campaigns/{campaign['id']}/send",
        headers=marketer_headers,
        json=confirmation(stack.url, marketer_headers, campaign["id"]),
        timeout=30,
    )
    assert sent.status_code == 200, sent.text
    wait_until_sent(stack.url, marketer_headers, campaign["id"])
    to_maya = stack.wait_for_mail(maya, "News for")
    to_nameless = stack.wait_for_mail(nameless, "News for")
    assert to_maya["subject"] == "News for Maya" and to_nameless["subject"] == "News for you"
    assert "Hello Maya, this month" in to_maya["text"] and "Hello Maya, this month" in to_maya["html"]
    assert "Hello there, this month" in to_nameless["text"] and "Hello there, this month" in to_nameless["html"]
    for mail in (to_maya, to_nameless):
        assert "{{" not in mail["subject"] + mail["html"] + mail["text"] and "-merge" not in mail["html"]


def test_an_unknown_field_is_refused_by_the_api_and_the_form_and_nothing_is_stored(
    stack: LocalStack, marketer_headers: dict[str, str], staff_token: Callable[..., str]
) -> None:
    """The API answers 422 naming the body; the page shows the message beside the body; no campaign exists."""
    slug = f"bad-{uuid.uuid4().hex[:6]}"
    api = requests.post(
        stack.url + "/api/newsletter/campaigns",
        headers=marketer_headers,
        json={"slug": slug, "subject": "Hi", "markdown": "Hello {{ last_name }}"},
        timeout=10,
    )
    assert api.status_code == 422 and "unknown field 'last_name'" in api.json()["errors"]["markdown"][0], api.text
    unbalanced = requests.post(
        stack.url + "/api/newsletter/campaigns",
        headers=marketer_headers,
        json={"slug": slug, "subject": "Hi {{ first_name", "markdown": "Hello"},
        timeout=10,
    )
    assert unbalanced.status_code == 422 and "Unbalanced braces" in unbalanced.json()["errors"]["subject"][0]
    form = {"csrf_token": CSRF, "subject": "Hi", "slug": slug, "audience": "everyone", "markdown": "Hi {{ name }}"}
    page = _browser(stack, staff_token("marketer")).post(stack.url + "/admin/newsletter/campaigns/new", data=form)
    assert (
        page.status_code == 422 and 'id="markdown-error"' in page.text and "unknown field &#39;name&#39;" in page.text
    )
    listed = requests.get(stack.url + "/api/newsletter/campaigns", headers=marketer_headers, timeout=10).json()
    assert slug not in {c["slug"] for c in listed}


def test_a_send_is_confirmed_against_the_exact_audience_and_a_changed_one_asks_again(
    stack: LocalStack, marketer_headers: dict[str, str], staff_token: Callable[..., str]
) -> None:
    """No confirmation: 422; a stale one after someone joined: 409 and nothing sent; the page asks again."""
    seed_confirmed(stack.nl, 2)
    campaign = create_campaign(stack.url, marketer_headers)
    api = f"{stack.url}/api/newsletter/campaigns/{campaign['id']}"
    assert requests.post(api + "/send", headers=marketer_headers, timeout=10).status_code == 422
    shown = requests.get(api + "/audience", headers=marketer_headers, timeout=10).json()
    assert shown["count"] == 2 and shown["audience_label"] == "Everyone"
    stale = {"audience_count": 2, "confirmation": shown["confirmation"]}
    _subscriber(stack, None)
    refused = requests.post(api + "/send", headers=marketer_headers, json=stale, timeout=10)
    assert refused.status_code == 409 and "now 3 subscribers" in refused.json()["message"]
    assert requests.get(api, headers=marketer_headers, timeout=10).json()["state"] == "draft"
    browser = _browser(stack, staff_token("marketer"))
    page_url = f"{stack.url}/admin/newsletter/campaigns/{campaign['id']}"
    asked = browser.get(page_url + "/send", timeout=10)
    assert asked.status_code == 200 and 'id="confirm-count">3 subscribers<' in asked.text
    assert asked.headers["Cache-Control"] == "no-store"
    _subscriber(stack, "Lee")
    again = browser.post(page_url + "/send", data={"csrf_token": CSRF, **_hidden(asked.text)}, timeout=10)
    assert (
        again.status_code == 409 and 'id="confirm-count">4 subscribers<' in again.text and "has changed" in again.text
    )
    done = browser.post(page_url + "/send", data={"csrf_token": CSRF, **_hidden(again.text)}, timeout=30)
    assert done.status_code == 200 and "Progress" in done.text
    assert wait_until_sent(stack.url, marketer_headers, campaign["id"])["total"] == 4


def test_a_schedule_is_confirmed_with_the_time_in_eastern_and_the_audience(
    stack: LocalStack, marketer_headers: dict[str, str], staff_token: Callable[..., str]
) -> None:
    """Schedule… shows the send time and count; a bad time comes back on the campaign page; confirming schedules."""
    seed_confirmed(stack.nl, 3)
    campaign = create_campaign(stack.url, marketer_headers)
    browser = _browser(stack, staff_token("marketer"))
    page_url = f"{stack.url}/admin/newsletter/campaigns/{campaign['id']}"
    past = browser.post(
        page_url + "/schedule/check", data={"csrf_token": CSRF, "send_at": "2020-01-01T09:00", "timezone": "UTC"}
    )
    # A time that has passed is a conflict with the clock (409), shown as the same field error.
    assert (
        past.status_code == 409 and 'class="field-error"' in past.text and "the send time is in the past" in past.text
    )
    asked = browser.post(
        page_url + "/schedule/check",
        data={"csrf_token": CSRF, "send_at": "2031-07-01T09:00", "timezone": "America/Chicago"},
        timeout=10,
    )
    assert asked.status_code == 200 and "Jul 1, 2031, 10:00 AM EDT" in asked.text and "3 subscribers" in asked.text
    done = browser.post(page_url + "/schedule", data={"csrf_token": CSRF, **_hidden(asked.text)}, timeout=10)
    assert done.status_code == 200 and "Scheduled." in done.text
    state = requests.get(f"{stack.url}/api/newsletter/campaigns/{campaign['id']}", headers=marketer_headers).json()
    assert state["state"] == "scheduled" and state["send_at"].startswith("2031-07-01T14:00")


def test_the_new_campaign_endpoints_answer_by_role(stack: LocalStack, staff_token: Callable[..., str]) -> None:
    """Audience, confirmation and text preview: no token 401 (pages: sign-in), clinician 403, marketer and admin 200."""
    campaign = create_campaign(stack.url, {"Authorization": "Bearer " + staff_token("marketer")})
    paths = [
        f"/api/newsletter/campaigns/{campaign['id']}/audience",
        f"/admin/newsletter/campaigns/{campaign['id']}/send",
        f"/admin/newsletter/campaigns/{campaign['id']}/preview",
        f"/admin/newsletter/campaigns/{campaign['id']}/preview/text",
    ]
    for path in paths:
        anonymous = requests.get(stack.url + path, timeout=10, allow_redirects=False)
        if path.startswith("/admin/"):  # a page sends someone without a session to sign in
            assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/staff/login"), path
        else:
            assert anonymous.status_code == 401, path
        for role, expected in (("clinician", 403), ("marketer", 200), ("admin", 200)):
            answer = _browser(stack, staff_token(role)).get(stack.url + path, timeout=10)
            assert answer.status_code == expected, (path, role, answer.status_code)
    check = f"{stack.url}/admin/newsletter/campaigns/{campaign['id']}/schedule/check"
    anonymous = requests.post(check, data={"csrf_token": CSRF}, timeout=10, allow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/staff/login")
    assert _browser(stack, staff_token("clinician")).post(check, data={"csrf_token": CSRF}).status_code == 403


def test_a_test_copy_carries_no_subscribers_name_or_address(
    stack: LocalStack, marketer_headers: dict[str, str]
) -> None:
    """A test goes to any address: its merge fields show the example name and that address, not Maya's."""
    maya = _subscriber(stack, "Maya")
    campaign = requests.post(
        stack.url + "/api/newsletter/campaigns",
        headers=marketer_headers,
        json={
            "slug": f"trial-{uuid.uuid4().hex[:6]}",
            "subject": 'For {{ first_name | fallback: "you" }}',
            "markdown": "Sent to {{ email }}. " + GREETING,
        },
        timeout=10,
    )
    assert campaign.status_code == 201, campaign.text
    campaign = campaign.json()
    tester = f"tester-{uuid.uuid4().hex[:8]}@clinic.example"
    answer = requests.post(
        f"{stack.url}/api/newsletter/campaigns/{campaign['id']}/test-sends",
        headers=marketer_headers,
        json={"email": tester},
        timeout=10,
    )
    assert answer.status_code == 202, answer.text
    mail = stack.wait_for_mail(tester, "[Test] For")
    assert mail["subject"] == "[Test] For Alex"
    assert f"Sent to {tester}." in mail["text"] and "Hello Alex, this month" in mail["text"]
    everything = mail["subject"] + mail["html"] + mail["text"]
    assert "Maya" not in everything and maya not in everything
