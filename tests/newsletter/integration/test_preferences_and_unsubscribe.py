"""Preferences, one-click unsubscribe (RFC 8058), export and erase through signed links."""

from __future__ import annotations

from typing import Any

import requests
from sqlalchemy import select

from services.newsletter.signup import store
from services.newsletter.subscriber_domain.tokens import LinkSigner
from services.newsletter.tables import subscribers
from tests.newsletter.local_stack import LocalStack
from tests.newsletter.seeding import seed_confirmed


def _id_of(stack: LocalStack, email: str) -> int:
    """Return the subscriber id of an address."""
    with stack.nl.db.transaction() as session:
        found = session.execute(select(subscribers.c.id).where(subscribers.c.email_hash == stack.nl.hasher(email)))
        return int(found.scalar_one())


def _row(stack: LocalStack, subscriber_id: int) -> Any:
    """Read a subscriber row."""
    with stack.nl.db.transaction() as session:
        return store.get(session, subscriber_id)


def test_one_click_unsubscribe_works_without_cookies_and_answers_200_without_redirect(stack: LocalStack) -> None:
    """A bare POST of List-Unsubscribe=One-Click to the per-recipient URL unsubscribes at once."""
    [email] = seed_confirmed(stack.nl, 1)
    subscriber_id = _id_of(stack, email)
    url = stack.nl.links.url("unsubscribe", subscriber_id, c=1)
    session = requests.Session()
    answer = session.post(
        url.replace(stack.nl.links.base, stack.url),
        data={"List-Unsubscribe": "One-Click"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 200
    assert not answer.is_redirect and "Set-Cookie" not in answer.headers
    assert not session.cookies
    assert _row(stack, subscriber_id).status == "unsubscribed"
    with stack.nl.db.transaction() as db_session:
        assert store.suppression_of(db_session, stack.nl.hasher(email)) == "unsubscribe"


def test_get_on_the_unsubscribe_link_changes_nothing(stack: LocalStack) -> None:
    """Link scanners fetch with GET; the subscriber stays subscribed until the button is pressed."""
    [email] = seed_confirmed(stack.nl, 1)
    subscriber_id = _id_of(stack, email)
    url = stack.nl.links.url("unsubscribe", subscriber_id).replace(stack.nl.links.base, stack.url)
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "Unsubscribe" in page.text
    assert _row(stack, subscriber_id).status == "confirmed"


def test_a_forged_unsubscribe_token_is_refused(stack: LocalStack) -> None:
    """A token signed with another key unsubscribes nobody."""
    [email] = seed_confirmed(stack.nl, 1)
    subscriber_id = _id_of(stack, email)
    forged = LinkSigner("someone-elses-signing-key").make("unsubscribe", subscriber_id)
    answer = requests.post(
        stack.url + "/newsletter/unsubscribe",
        params={"token": forged},
        data={"List-Unsubscribe": "One-Click"},
        timeout=10,
    )
    assert answer.status_code == 400
    assert _row(stack, subscriber_id).status == "confirmed"


def test_preferences_page_saves_topics_and_pause(stack: LocalStack) -> None:
    """Topics and the pause are saved from the signed preferences link."""
    [email] = seed_confirmed(stack.nl, 1)
    subscriber_id = _id_of(stack, email)
    token = stack.nl.links.signer.make("preferences", subscriber_id)
    page = requests.get(stack.url + "/newsletter/preferences", params={"token": token}, timeout=10)
    assert page.status_code == 200 and "Research news" in page.text
    saved = requests.post(
        stack.url + "/newsletter/preferences",
        data={"token": token, "topics": ["research_news", "clinic_updates"], "paused": "on"},
        timeout=10,
    )
    assert saved.status_code == 200
    with stack.nl.db.transaction() as session:
        assert store.topics_of(session, subscriber_id) == ["clinic_updates", "research_news"]
    assert _row(stack, subscriber_id).paused is True


def test_export_returns_the_record_and_erase_deletes_it(stack: LocalStack) -> None:
    """A subscriber downloads their record as JSON, then erases it; the link then finds nothing."""
    [email] = seed_confirmed(stack.nl, 1)
    subscriber_id = _id_of(stack, email)
    token = stack.nl.links.signer.make("preferences", subscriber_id)
    export = requests.post(stack.url + "/newsletter/preferences/export", data={"token": token}, timeout=10)
    assert export.status_code == 200 and export.json()["email"] == email
    assert export.json()["consents"][0]["action"] == "imported"
    unconfirmed = requests.post(stack.url + "/newsletter/preferences/erase", data={"token": token}, timeout=10)
    assert unconfirmed.status_code == 422 and _row(stack, subscriber_id) is not None
    erased = requests.post(
        stack.url + "/newsletter/preferences/erase", data={"token": token, "confirm": "yes"}, timeout=10
    )
    assert erased.status_code == 200
    assert _row(stack, subscriber_id) is None
    assert requests.get(stack.url + "/newsletter/preferences", params={"token": token}, timeout=10).status_code == 404


def test_an_expired_preferences_link_offers_a_fresh_one(stack: LocalStack) -> None:
    """An old link explains itself and a fresh one can be requested without revealing the address's status."""
    [email] = seed_confirmed(stack.nl, 1)
    subscriber_id = _id_of(stack, email)
    old = LinkSigner(stack.nl.settings.link_signing_key, clock=lambda: 1_000_000).make("preferences", subscriber_id)
    page = requests.get(stack.url + "/newsletter/preferences", params={"token": old}, timeout=10)
    assert page.status_code == 410 and "fresh link" in page.text
    known = requests.post(stack.url + "/newsletter/preferences/link", data={"email": email}, timeout=10)
    unknown = requests.post(
        stack.url + "/newsletter/preferences/link", data={"email": "nobody@example.com"}, timeout=10
    )
    assert known.status_code == unknown.status_code == 200 and known.text == unknown.text
    assert "/newsletter/preferences?token=" in stack.wait_for_mail(email, "manage your subscription")["text"]
