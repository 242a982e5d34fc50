"""Double opt-in and one-click unsubscribe through the gateway, with mail read from /dev/mail."""

from __future__ import annotations

import re
import uuid
from typing import Any

import requests

from tests.support.system import RunningSystem
from tests.support.waiting import wait_until


def _link(text: str, path: str) -> str:
    """Find the first link to `path` in an email body."""
    match = re.search(r"https?://[^\s\"'<>)]+" + re.escape(path) + r"\?token=[A-Za-z0-9._\-]+", text)
    assert match, f"no {path} link"
    return match.group(0)


def _mail(system: RunningSystem, to: str, subject_part: str) -> dict[str, Any]:
    """Wait for a message to `to` whose subject contains `subject_part`."""

    def found() -> dict[str, Any] | None:
        return next((m for m in system.mail(to) if subject_part in m["subject"]), None)

    message = wait_until(found, timeout=30)
    assert message is not None
    return message


def test_double_opt_in_end_to_end_through_the_gateway(system: RunningSystem) -> None:
    """Sign up → confirmation mail → the link's page → its POST confirms → welcome mail with one-click headers."""
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    answer = requests.post(
        system.url + "/api/newsletter/subscriptions", json={"email": email, "topics": ["research_news"]}, timeout=10
    )
    assert answer.status_code == 202
    confirm_link = _link(_mail(system, email, "confirm")["text"], "/newsletter/confirm")
    assert confirm_link.startswith(system.url)
    page = requests.get(confirm_link, timeout=10)
    assert page.status_code == 200 and 'action="/newsletter/confirm"' in page.text
    token = confirm_link.split("token=", 1)[1]
    confirmed = requests.post(system.url + "/newsletter/confirm", data={"token": token}, timeout=10)
    assert confirmed.status_code == 200 and "You are subscribed" in confirmed.text
    welcome = _mail(system, email, "Welcome")
    assert welcome["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "not medical advice" in welcome["text"]


def test_one_click_unsubscribe_through_the_gateway_needs_no_cookie(system: RunningSystem) -> None:
    """A real message's List-Unsubscribe URL takes a bare POST: 200, no redirect, no cookie, at once."""
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    requests.post(system.url + "/api/newsletter/subscriptions", json={"email": email}, timeout=10)
    token = _link(_mail(system, email, "confirm")["text"], "/newsletter/confirm").split("token=", 1)[1]
    requests.post(system.url + "/newsletter/confirm", data={"token": token}, timeout=10)
    url = _mail(system, email, "Welcome")["headers"]["List-Unsubscribe"].strip("<>")
    answer = requests.post(
        url,
        data={"List-Unsubscribe": "One-Click"},
        allow_redirects=False,
        timeout=10,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 200 and "Set-Cookie" not in answer.headers
    again = requests.post(system.url + "/api/newsletter/subscriptions", json={"email": email}, timeout=10)
    assert again.status_code == 202
    # Unsubscribed, so a new sign-up asks for confirmation again rather than saying "already subscribed".
    assert wait_until(lambda: len([m for m in system.mail(email) if "confirm" in m["subject"]]) == 2, timeout=30)
