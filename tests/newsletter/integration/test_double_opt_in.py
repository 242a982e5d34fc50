"""Sign-up, confirmation, welcome and consent records, against a real database and the SendGrid stand-in."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import unquote

import requests
from sqlalchemy import select

from services.newsletter.tables import consents, subscribers
from tests.newsletter.local_stack import LocalStack, link_in, local_path


def _address() -> str:
    """Return a fresh address."""
    return f"reader-{uuid.uuid4().hex[:10]}@example.com"


def _subscriber(stack: LocalStack, email: str) -> Any:
    """Read the subscriber row for an address."""
    with stack.nl.db.transaction() as session:
        return session.execute(select(subscribers).where(subscribers.c.email_hash == stack.nl.hasher(email))).first()


def test_sign_up_answers_the_same_for_known_and_unknown_addresses(stack: LocalStack) -> None:
    """The API answers 202 with an identical body whether or not the address is already subscribed."""
    email = _address()
    first = requests.post(stack.url + "/api/newsletter/subscriptions", json={"email": email}, timeout=10)
    second = requests.post(stack.url + "/api/newsletter/subscriptions", json={"email": email}, timeout=10)
    other = requests.post(stack.url + "/api/newsletter/subscriptions", json={"email": _address()}, timeout=10)
    assert first.status_code == second.status_code == other.status_code == 202
    assert first.json() == second.json() == other.json()


def test_invalid_sign_up_is_refused_with_field_errors_and_nothing_stored(stack: LocalStack) -> None:
    """A malformed address or an unknown field is a 422 naming the field."""
    bad = requests.post(stack.url + "/api/newsletter/subscriptions", json={"email": "not-an-address"}, timeout=10)
    extra = requests.post(
        stack.url + "/api/newsletter/subscriptions", json={"email": _address(), "admin": True}, timeout=10
    )
    topic = requests.post(
        stack.url + "/api/newsletter/subscriptions", json={"email": _address(), "topics": ["x"]}, timeout=10
    )
    assert bad.status_code == extra.status_code == topic.status_code == 422
    assert "email" in bad.json()["errors"]["json"]
    assert "admin" in extra.json()["errors"]["json"]


def test_honeypot_filled_stores_nothing_and_sends_nothing(stack: LocalStack) -> None:
    """A bot that fills the hidden field gets the usual answer and no subscriber exists."""
    email = _address()
    answer = requests.post(
        stack.url + "/api/newsletter/subscriptions", json={"email": email, "website": "http://spam"}, timeout=10
    )
    assert answer.status_code == 202
    assert _subscriber(stack, email) is None


def test_double_opt_in_confirms_with_one_post_and_sends_a_welcome(stack: LocalStack) -> None:
    """The emailed link shows a page (GET changes nothing); its POST confirms, records consent and welcomes."""
    email = _address()
    requests.post(
        stack.url + "/api/newsletter/subscriptions",
        json={"email": email, "topics": ["postpartum"]},
        headers={"User-Agent": "ReaderBrowser/1.0"},
        timeout=10,
    )
    confirmation = stack.wait_for_mail(email, "confirm")
    link = link_in(confirmation["text"], "/newsletter/confirm")
    page = requests.get(stack.url + local_path(link), timeout=10)
    assert page.status_code == 200 and "confirm.js" in page.text
    assert _subscriber(stack, email).status == "pending"
    token = link.split("token=", 1)[1].split("&", 1)[0]
    done = requests.post(stack.url + "/newsletter/confirm", data={"token": unquote(token)}, timeout=10)
    assert done.status_code == 200 and "You are subscribed" in done.text
    row = _subscriber(stack, email)
    assert row.status == "confirmed" and row.source == "website"
    with stack.nl.db.transaction() as session:
        records = session.execute(
            select(consents).where(consents.c.subscriber_id == row.id).order_by(consents.c.id)
        ).all()
    assert [r.action for r in records] == ["requested", "confirmed"]
    assert records[0].user_agent == "ReaderBrowser/1.0" and records[0].ip and records[0].text_version
    welcome = stack.wait_for_mail(email, "Welcome")
    assert welcome["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_confirmation_link_is_single_purpose_and_tampering_fails(stack: LocalStack) -> None:
    """A forged or altered token is refused and confirms nobody."""
    email = _address()
    requests.post(stack.url + "/api/newsletter/subscriptions", json={"email": email}, timeout=10)
    link = link_in(stack.wait_for_mail(email, "confirm")["text"], "/newsletter/confirm")
    token = unquote(link.split("token=", 1)[1])
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert requests.post(stack.url + "/newsletter/confirm", data={"token": forged}, timeout=10).status_code == 400
    unsubscribe_page = requests.get(stack.url + "/newsletter/unsubscribe", params={"token": token}, timeout=10)
    assert unsubscribe_page.status_code == 400
    assert _subscriber(stack, email).status == "pending"


def test_sign_up_emails_to_one_address_are_limited_per_day(stack: LocalStack) -> None:
    """Repeated sign-ups of one address never mail it more than the daily allowance."""
    email = _address()
    for _ in range(6):
        requests.post(stack.url + "/api/newsletter/subscriptions", json={"email": email}, timeout=10)
    stack.wait_for_mail(email, "confirm")
    with stack.nl.db.transaction() as session:
        sent = session.execute(
            select(subscribers.c.signup_mails_sent).where(subscribers.c.email_hash == stack.nl.hasher(email))
        ).scalar()
    assert sent == stack.nl.settings.signup_mails_per_day
