"""Search and sharing: every public page's head tags and JSON-LD, /sitemap.xml and /robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.app import create_app
from tests.support.seo_check import json_ld, seo_problems

SITE = "https://clinic.example"
PAGES = (
    "/",
    "/about",
    "/faq",
    "/resources",
    "/resources/postpartum-depression-in-mothers-and-fathers",
    "/resources/ketamine-and-breastfeeding",
    "/resources/when-to-seek-help-now",
    "/resources/conditions/postpartum-depression",
    "/resources/authors/riley-placeholder",
)


@pytest.fixture(scope="module")
def app() -> Flask:
    """The gateway app with the production site's public address."""
    return create_app(
        {
            "APP_ENV": "development",
            "LOG_LEVEL": "WARNING",
            "PUBLIC_URL": SITE,
            "GATEWAY_DATABASE_URL": "sqlite://",
            **{f"{name}_URL": "http://127.0.0.1:9" for name in ("LEADS", "BILLING", "NEWSLETTER")},
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the gateway app."""
    return app.test_client()


@pytest.mark.parametrize("path", PAGES)
def test_each_public_page_has_its_search_and_sharing_essentials(client: FlaskClient, path: str) -> None:
    """Title, description, canonical from PUBLIC_URL, lang, Open Graph, one h1, crawlable links, valid JSON-LD."""
    html = client.get(path).get_data(as_text=True)
    assert seo_problems(html, SITE + path) == []


@pytest.mark.parametrize("path", ["/privacy", "/terms", "/disclaimer"])
def test_the_legal_documents_have_their_search_and_sharing_essentials(client: FlaskClient, path: str) -> None:
    """A legal document in force has its description, its stable address as canonical, and Open Graph tags."""
    html = client.get(path).get_data(as_text=True)
    assert seo_problems(html, SITE + path, structured=False) == []


def test_an_article_is_a_medical_web_page_reviewed_by_a_physician(client: FlaskClient) -> None:
    """The article's JSON-LD names its author, its reviewer as a Physician, the review date and the conditions."""
    html = client.get("/resources/ketamine-and-breastfeeding").get_data(as_text=True)
    page, clinic = json_ld(html)
    assert page["@type"] == "MedicalWebPage" and page["url"] == SITE + "/resources/ketamine-and-breastfeeding"
    assert page["reviewedBy"] == {
        "@type": "Physician",
        "name": "Dr. Jordan Sample, DO",
        "url": SITE + "/resources/authors/dr-jordan-sample",
        "description": "Psychiatrist",
    }
    assert page["lastReviewed"] == "2026-12-01" and page["datePublished"] == "2026-12-01"
    assert {"@type": "MedicalCondition", "name": "Breastfeeding"} in page["about"]
    assert page["publisher"] == {"@id": clinic["@id"]} and clinic["@type"] == "MedicalClinic"
    assert len(page["citation"]) == 4


def test_the_sitemap_lists_every_public_page_article_and_legal_document_with_lastmod(client: FlaskClient) -> None:
    """/sitemap.xml is valid sitemap XML with absolute addresses and a date on each."""
    answer = client.get("/sitemap.xml")
    assert answer.status_code == 200 and answer.mimetype == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in ET.fromstring(answer.data).findall("s:url", ns)
    }
    for path in (*PAGES, "/assessment", "/newsletter", "/membership", "/privacy", "/terms", "/disclaimer"):
        assert SITE + path in entries, path
    assert all(day and len(day) == 10 for day in entries.values())
    assert not [url for url in entries if "/admin" in url or "/staff" in url or "/result" in url]


def test_robots_keeps_crawlers_out_of_staff_admin_api_and_result_pages(client: FlaskClient) -> None:
    """/robots.txt disallows the private areas and names the sitemap."""
    text = client.get("/robots.txt").get_data(as_text=True)
    for path in ("/staff", "/admin", "/api", "/assessment/result", "/billing", "/newsletter/preferences"):
        assert f"Disallow: {path}\n" in text
    assert f"Sitemap: {SITE}/sitemap.xml" in text and "Disallow: /\n" not in text


@pytest.mark.parametrize("path", ["/", "/about", "/faq"])
def test_the_site_pages_assessment_buttons_name_the_page_they_are_on(client: FlaskClient, path: str) -> None:
    """The landing page, about and FAQ send the assessment (and the landing page the sign-up) their own path."""
    html = client.get(path).get_data(as_text=True)
    assert f'class="button" href="/assessment?landing_page={path}">See If You Qualify' in html
    if path == "/":
        assert 'href="/newsletter?landing_page=/">Sign up for the newsletter' in html
