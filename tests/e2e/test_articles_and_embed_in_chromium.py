"""A real Chromium reads an article and takes its next steps, and signs up from the sample clinic site's embed."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select

from services.kit.db import make_engine
from services.newsletter.tables import consents, subscribers
from tests.support.browser import origins
from tests.support.system import RunningSystem
from tests.support.waiting import wait_until
from tools.sample_clinic_site import handler_for

pytestmark = pytest.mark.browser
ARTICLE = "/resources/ketamine-and-breastfeeding"
SHOTS = "/tmp/screenshots"


@pytest.fixture(scope="module")
def sample_site(system: RunningSystem, sample_port: int) -> Iterator[str]:
    """The sample clinic site on its own origin, loading the call to action from the system's gateway."""
    server = ThreadingHTTPServer(("127.0.0.1", sample_port), handler_for(system.url))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sample_port}"
    server.shutdown()


def newsletter_rows(system: RunningSystem, email: str) -> list[Any]:
    """The subscriber's source and its consent records' landing pages, read from the newsletter's database."""
    engine = make_engine(system.env["NEWSLETTER_DATABASE_URL"], pool_size=1)
    try:
        with engine.connect() as conn:
            query = (
                select(subscribers.c.source, subscribers.c.email_hash, consents.c.landing_page)
                .join(consents, consents.c.subscriber_id == subscribers.c.id)
                .where(subscribers.c.email == email)
            )
            return list(conn.execute(query).all())
    finally:
        engine.dispose()


def test_an_article_leads_to_the_assessment_and_signs_up_with_itself_as_landing_page(
    system: RunningSystem, browser: Any
) -> None:
    """Phone-width visitor: the assessment button carries the article; the inline form signs up recording it."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(system.url + ARTICLE)
    page.screenshot(path=f"{SHOTS}/e2e-article-390.png", full_page=True)
    page.get_by_role("link", name="See If You Qualify — Free Assessment").click()
    page.wait_for_load_state()
    assert page.url == system.url + "/assessment?landing_page=" + ARTICLE
    assert page.locator('input[name="landing_page"]').input_value() == ARTICLE

    email = f"reader-{uuid.uuid4().hex[:8]}@example.com"
    page.goto(system.url + ARTICLE)
    page.locator("#signup-email").fill(email)
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(system.url + "/newsletter/check-email")
    assert wait_until(lambda: [m for m in system.mail(email) if "onfirm" in m["subject"]], timeout=30)
    ((source, _, landing),) = newsletter_rows(system, email)
    assert (source, landing) == ("website", ARTICLE)
    context.close()
    assert origins(seen) == {system.url}


@pytest.mark.parametrize("width", [390, 1280])
def test_the_sample_clinic_site_signs_a_visitor_up_through_the_embedded_form(
    system: RunningSystem, sample_site: str, browser: Any, width: int
) -> None:
    """The snippet on another origin draws the button and form; the form signs up via CORS; the email follows."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(sample_site + "/")
    button = page.get_by_role("link", name="See If You Qualify — Free Assessment")
    assert button.get_attribute("href") == (
        system.url + "/assessment?utm_source=clinic-site&utm_medium=embed&utm_campaign=sample-site"
    )
    assert page.get_by_text("Every email has a one-click unsubscribe.").is_visible()
    page.get_by_role("button", name="Subscribe").click()
    assert page.get_by_role("status").inner_text() == "Please enter your email address."
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_text("Please enter a valid email address.").wait_for()
    email = f"embed-{width}-{uuid.uuid4().hex[:8]}@example.com"
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_text("a confirmation email is on its way").wait_for()
    page.screenshot(path=f"{SHOTS}/sample-site-{width}.png", full_page=True)
    assert wait_until(lambda: [m for m in system.mail(email) if "onfirm" in m["subject"]], timeout=30)
    ((source, _, landing),) = newsletter_rows(system, email)
    assert (source, landing) == ("embed", None)
    button.click()
    page.wait_for_load_state()
    assert page.url.startswith(system.url + "/assessment?utm_source=clinic-site")
    context.close()
