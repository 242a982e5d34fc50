"""Staff pages under /admin/newsletter and the subscriber list, search and CSV export."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable

import requests

from services.kit.staff_auth import COOKIE
from tests.newsletter.local_stack import LocalStack
from tests.newsletter.seeding import seed_confirmed
from tests.support.waiting import wait_until

CSRF = "csrf-test"


def _browser(stack: LocalStack, token: str) -> requests.Session:
    """A session carrying the staff sign-in cookie, as a browser would."""
    session = requests.Session()
    session.cookies.set(COOKIE, token, domain="127.0.0.1")
    return session


def hidden_fields(page: str) -> dict[str, str]:
    """Return the confirmation form's hidden audience count and token, as a browser would post them."""
    return dict(re.findall(r'<input type="hidden" name="(audience_count|confirmation)" value="([^"]*)">', page))


def test_admin_pages_need_a_marketer(stack: LocalStack, staff_token: Callable[..., str]) -> None:
    """Anonymous callers are sent to sign in and back, clinicians get 403, marketers and admins the page."""
    anonymous = requests.get(stack.url + "/admin/newsletter", timeout=10, allow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["Location"] == "/staff/login?next=%2Fadmin%2Fnewsletter"
    assert _browser(stack, staff_token("clinician")).get(stack.url + "/admin/newsletter", timeout=10).status_code == 403
    assert _browser(stack, staff_token("marketer")).get(stack.url + "/admin/newsletter", timeout=10).status_code == 200
    assert (
        _browser(stack, staff_token("admin")).get(stack.url + "/admin/newsletter/subscribers", timeout=10).status_code
        == 200
    )


def test_a_marketer_writes_previews_tests_and_sends_from_the_pages(
    stack: LocalStack, staff_token: Callable[..., str]
) -> None:
    """Create with the form, preview, send a test copy, send now; the progress page shows the figures."""
    seed_confirmed(stack.nl, 7)
    browser = _browser(stack, staff_token("marketer"))
    slug = f"page-{uuid.uuid4().hex[:6]}"
    form = {
        "csrf_token": CSRF,
        "subject": "Winter update",
        "preheader": "News",
        "slug": slug,
        "audience": "everyone",
        "markdown": "Hello **readers**.\n\n<script>alert(1)</script>",
    }
    without_csrf = browser.post(
        stack.url + "/admin/newsletter/campaigns/new", data={**form, "csrf_token": "x"}, timeout=10
    )
    assert without_csrf.status_code == 403
    created = browser.post(stack.url + "/admin/newsletter/campaigns/new", data=form, timeout=10, allow_redirects=False)
    assert created.status_code == 303
    page_url = stack.url + created.headers["Location"]
    preview = browser.get(page_url + "/preview", timeout=10)
    assert preview.status_code == 200 and "Hello <strong>readers</strong>." in preview.text
    assert "Show the plain-text part" in preview.text and "sandbox" in preview.headers["Content-Security-Policy"]
    text_part = browser.get(page_url + "/preview/text", timeout=10)
    assert text_part.status_code == 200 and "Hello readers." in text_part.text.replace("**", "")
    preview_html = browser.get(page_url + "/preview.html", timeout=10)
    html = preview_html.text
    assert "<script>alert" not in html and "Winter update" in html
    policy = preview_html.headers["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "sandbox" in policy and "script-src" not in policy
    tester = f"tester-{uuid.uuid4().hex[:6]}@example.com"
    assert (
        browser.post(page_url + "/test-send", data={"csrf_token": CSRF, "email": tester}, timeout=10).status_code == 200
    )
    assert stack.wait_for_mail(tester, "[Test] Winter update")["headers"]["List-Unsubscribe-Post"]
    asked = browser.get(page_url + "/send", timeout=10).text
    assert 'id="confirm-count">7 subscribers<' in asked and 'id="confirm-segment">Everyone<' in asked
    sent = browser.post(page_url + "/send", data={"csrf_token": CSRF, **hidden_fields(asked)}, timeout=10)
    assert sent.status_code == 200 and "Progress" in sent.text
    wait_until(lambda: ">Sent<" in browser.get(page_url, timeout=10).text, 20)
    final = browser.get(page_url, timeout=10).text
    assert re.search(r'id="sent">7<', final) and "<svg" in final


def test_bad_campaign_form_shows_field_errors(stack: LocalStack, staff_token: Callable[..., str]) -> None:
    """An invalid slug and an empty subject come back as 422 with the fields named."""
    browser = _browser(stack, staff_token("marketer"))
    answer = browser.post(
        stack.url + "/admin/newsletter/campaigns/new",
        timeout=10,
        data={"csrf_token": CSRF, "subject": "", "slug": "Bad Slug", "markdown": "x", "audience": "everyone"},
    )
    assert answer.status_code == 422 and "slug" in answer.text and "subject" in answer.text


def test_subscribers_can_be_searched_and_exported(stack: LocalStack, staff_token: Callable[..., str]) -> None:
    """Search finds by address; the CSV export holds every subscriber with a header row."""
    emails = seed_confirmed(stack.nl, 30, topics=("research_news",))
    browser = _browser(stack, staff_token("marketer"))
    found = browser.get(stack.url + "/admin/newsletter/subscribers", params={"q": emails[3]}, timeout=10)
    assert found.status_code == 200 and emails[3] in found.text and emails[4] not in found.text
    assert found.headers["Cache-Control"] == "no-store"  # a list of addresses stays out of every cache
    listed_answer = browser.get(stack.url + "/api/newsletter/subscribers", params={"q": emails[3]}, timeout=10)
    assert listed_answer.headers["Cache-Control"] == "no-store"
    listed = listed_answer.json()
    assert listed["total"] == 1 and listed["items"][0]["topics"] == ["research_news"]
    assert "email_hash" not in listed["items"][0]
    export = browser.get(stack.url + "/admin/newsletter/subscribers/export.csv", timeout=10)
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert export.headers["Content-Type"].startswith("text/csv")
    assert {r["email"] for r in rows} == set(emails) and rows[0]["topics"] == "research_news"
