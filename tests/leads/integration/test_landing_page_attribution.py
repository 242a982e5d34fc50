"""Each lead keeps the site path its visits started on, so the funnel can count assessments and members per article."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from gateway.app import create_app as create_gateway
from services.kit.db_types import utcnow
from services.leads.bootstrap import LeadsParts
from services.leads.tables import leads
from tests.leads import payloads
from tests.leads.integration.billing_events import from_billing
from tests.leads.integration.db_rows import rows
from tests.leads.wizard import answers, walk

ARTICLE = "/resources/ketamine-and-breastfeeding"


def assessment_link_of(article: str) -> str:
    """The "See If You Qualify" link exactly as the gateway's article page prints it."""
    gateway = create_gateway(
        {"APP_ENV": "development", "LOG_LEVEL": "WARNING", "LEADS_URL": "http://leads", "BILLING_URL": "http://b"}
        | {"NEWSLETTER_URL": "http://n", "GATEWAY_DATABASE_URL": "sqlite://"}
    )
    html = gateway.test_client().get(article).get_data(as_text=True)
    (href,) = re.findall(r'<a class="button" href="([^"]+)">See If You Qualify', html)
    return href.replace("&amp;", "&")


def test_an_assessment_started_from_an_article_stores_the_article_as_landing_page(
    client: FlaskClient, parts: LeadsParts
) -> None:
    """Visit an article, follow its assessment button, finish the questions: the lead's landing page is the article."""
    link = assessment_link_of(ARTICLE)
    assert link.startswith("/assessment?")
    response, _ = walk(client, answers(), start=link)
    assert response.status_code == 303
    (lead,) = rows(parts, leads)
    assert (lead.first_landing_page, lead.last_landing_page) == (ARTICLE, ARTICLE)


def test_a_direct_visit_stores_the_assessment_itself_without_its_query(client: FlaskClient, parts: LeadsParts) -> None:
    """Arriving on /assessment with UTM tags records /assessment, not the tags, as the landing page."""
    response, _ = walk(client, answers())
    assert response.status_code == 303
    (lead,) = rows(parts, leads)
    assert lead.first_landing_page == "/assessment" and lead.first_source == "facebook"


def test_a_later_visit_moves_the_last_landing_page_and_keeps_the_first(submit: Any, parts: LeadsParts) -> None:
    """The same person returning through another article: first stays, last follows; a foreign address is dropped."""
    first = payloads.likely_eligible()
    first["attribution"]["landing_page"] = "https://clinic.example" + ARTICLE + "?utm_source=newsletter"
    assert submit(first).status_code == 201
    again = payloads.likely_eligible()
    again["contact"] = first["contact"]
    again["attribution"]["landing_page"] = "/resources/when-to-seek-help-now"
    assert submit(again).status_code == 201
    (lead,) = rows(parts, leads)
    assert (lead.first_landing_page, lead.last_landing_page) == (ARTICLE, "/resources/when-to-seek-help-now")
    odd = payloads.likely_eligible()
    odd["attribution"]["landing_page"] = "javascript:alert(1)"
    assert submit(odd).status_code == 201
    assert {row.first_landing_page for row in rows(parts, leads)} == {ARTICLE, None}


def test_a_member_converted_by_billing_keeps_the_article_that_brought_them(
    client: FlaskClient, submit: Any, parts: LeadsParts
) -> None:
    """billing's subscription.activated marks the lead converted with its revenue and leaves the landing page alone."""
    payload = payloads.likely_eligible()
    payload["attribution"]["landing_page"] = ARTICLE
    lead_id = submit(payload).get_json()["id"]
    event = {
        "lead_id": lead_id,
        "subscription_id": "sub_9",
        "amount_cents": 25000,
        "activated_at": utcnow().isoformat(),
    }
    assert from_billing(client, "subscription.activated", event) == 200
    (lead,) = rows(parts, leads)
    assert (lead.status, lead.revenue_cents, lead.first_landing_page) == ("converted", 25000, ARTICLE)
