"""A sign-up records the page its form was on, so the funnel can count sign-ups per article."""

from __future__ import annotations

import re
import uuid

import requests
from sqlalchemy import select

from services.newsletter.tables import consents, subscribers
from tests.newsletter.local_stack import LocalStack

ARTICLE = "/resources/ketamine-and-breastfeeding"


def recorded_landing(stack: LocalStack, email: str) -> list[str | None]:
    """The landing pages of an address's consent records, oldest first."""
    with stack.nl.db.transaction() as session:
        query = (
            select(consents.c.landing_page)
            .join(subscribers, subscribers.c.id == consents.c.subscriber_id)
            .where(subscribers.c.email_hash == stack.nl.hasher(email))
            .order_by(consents.c.id)
        )
        return [row.landing_page for row in session.execute(query)]


def test_the_inline_form_of_an_article_stores_the_article_with_the_consent(stack: LocalStack) -> None:
    """POST /newsletter with the article's hidden landing_page: the requested consent names the article."""
    email = f"reader-{uuid.uuid4().hex[:10]}@example.com"
    answer = requests.post(
        stack.url + "/newsletter",
        data={"email": email, "landing_page": ARTICLE, "website": ""},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303
    assert recorded_landing(stack, email) == [ARTICLE]


def test_the_topics_form_reached_from_an_article_carries_it_through(stack: LocalStack) -> None:
    """/newsletter?landing_page=<article> keeps the article in the form; the API takes it the same way."""
    form = requests.get(stack.url + "/newsletter", params={"landing_page": ARTICLE}, timeout=10).text
    assert f'<input type="hidden" name="landing_page" value="{ARTICLE}">' in form
    strange = requests.get(stack.url + "/newsletter", params={"landing_page": "https://elsewhere.example/"}, timeout=10)
    assert 'name="landing_page"' not in strange.text
    email = f"reader-{uuid.uuid4().hex[:10]}@example.com"
    api = requests.post(
        stack.url + "/api/newsletter/subscriptions", json={"email": email, "landing_page": ARTICLE}, timeout=10
    )
    assert api.status_code == 202 and recorded_landing(stack, email) == [ARTICLE]


def test_a_landing_page_that_is_not_one_of_ours_is_refused_and_nothing_stored(stack: LocalStack) -> None:
    """A forged landing_page is a 422 naming the field, on the page and in the API, and stores no subscriber."""
    email = f"reader-{uuid.uuid4().hex[:10]}@example.com"
    page = requests.post(stack.url + "/newsletter", data={"email": email, "landing_page": "javascript:x"}, timeout=10)
    assert page.status_code == 422 and re.search(r"must be a path of this site", page.text)
    api = requests.post(
        stack.url + "/api/newsletter/subscriptions", json={"email": email, "landing_page": "//evil"}, timeout=10
    )
    assert api.status_code == 422 and "landing_page" in api.json()["errors"]["json"]
    assert recorded_landing(stack, email) == []
