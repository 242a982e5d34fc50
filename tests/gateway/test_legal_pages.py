"""The legal documents on the gateway: stable URLs, every version at its own URL, in the layout, valid HTML."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from flask import Flask, render_template_string

from gateway.app import create_app
from services.kit.legal_documents import DEFAULT_ROOT, DOCUMENT_SLUGS, load_legal_library
from tests.support.html_check import html_problems
from tests.support.servers import ThreadServer

REVISED = """---
title: Terms of Use
short_title: Terms of Use
version: "{version}"
effective: {version}
status: draft for counsel review
summary: The terms, revised.
---
## What changed

The revised terms.
"""


def test_every_legal_page_renders_in_the_layout_with_its_version_and_date(gateway: ThreadServer) -> None:
    """Each stable URL answers 200 with the site layout, the title, version and effective date, and valid HTML."""
    library = load_legal_library()
    for slug in DOCUMENT_SLUGS:
        document = library.current(slug)
        page = requests.get(f"{gateway.url}/{slug}", timeout=10)
        assert page.status_code == 200, slug
        assert page.headers["Content-Type"].startswith("text/html")
        assert '<header class="site-header">' in page.text and '<footer class="site-footer">' in page.text
        assert f'<h1 id="document-title">{document.title}</h1>' in page.text
        assert f"Version {document.version} · Effective {document.effective_label}" in page.text
        assert "draft for counsel review" in page.text
        assert "{{" not in page.text and "None" not in page.text
        assert html_problems(page.text) == [], slug


def test_legal_pages_may_be_cached_since_they_hold_no_personal_data(gateway: ThreadServer) -> None:
    """The documents are public: they allow caching instead of no-store."""
    page = requests.get(gateway.url + "/privacy", timeout=10)
    assert page.headers["Cache-Control"] == "public, max-age=3600"


def test_every_version_url_resolves_and_an_unknown_version_is_404(gateway: ThreadServer) -> None:
    """/<document>/<version> answers for every version on disk; a version that does not exist is 404."""
    library = load_legal_library()
    for slug in DOCUMENT_SLUGS:
        for document in library.versions(slug):
            page = requests.get(gateway.url + document.url, timeout=10)
            assert page.status_code == 200, document.url
            assert f"Version {document.version}" in page.text
    assert requests.get(gateway.url + "/terms/1999-01-01", timeout=10).status_code == 404


def test_documents_are_filled_in_from_the_clinic_profile(gateway: ThreadServer) -> None:
    """The privacy policy names the clinic, its privacy contact and phone, and keeps the retention periods."""
    page = requests.get(gateway.url + "/privacy", timeout=10).text
    assert "Harbor Wellness Medical Group, P.A." in page
    assert '<a href="mailto:privacy@clinic.example">privacy@clinic.example</a>' in page
    assert '<a href="tel:+18135550142">(813) 555-0142</a>' in page
    assert "12 months after our last contact with you" in page


def test_faq_links_into_the_terms_reach_a_real_section(gateway: ThreadServer) -> None:
    """The refund answer's link to the terms lands on the heading it names."""
    terms = requests.get(gateway.url + "/terms", timeout=10).text
    assert 'id="payments-cancellation-and-refunds"' in terms
    faq = requests.get(gateway.url + "/faq", timeout=10).text
    assert 'href="/terms#payments-cancellation-and-refunds"' in faq


def test_the_strict_html_check_catches_what_a_browser_would_repair() -> None:
    """The checker the page tests rely on reports unclosed, misnested and duplicated markup."""
    page = "<!doctype html><html><body><h1 id=a>x</h1><p><ul><li>y</li></ul></p><i><b>z</i></b><a href=#gone>g</a>"
    problems = " | ".join(html_problems(page))
    for expected in ("<ul> inside <p>", "</i> while ['b'] is open", "link to missing #gone", "left open"):
        assert expected in problems


@pytest.fixture
def revised_app(gateway_env: Callable[..., dict[str, str]], tmp_path: Path) -> Flask:
    """A gateway whose terms have a newer version in force and one more published ahead of its date."""
    root = tmp_path / "legal"
    shutil.copytree(DEFAULT_ROOT, root)
    for version in ("2026-12-02", "2099-01-01"):
        (root / "terms" / f"{version}.md").write_text(REVISED.format(version=version), encoding="utf-8")
    app = create_app(gateway_env())
    app.extensions["legal_library"] = load_legal_library(root)
    return app


def test_an_earlier_version_says_so_and_links_the_one_in_force(revised_app: Flask) -> None:
    """/terms shows the newest version in force; the old one at its URL says it is earlier and links the current."""
    client = revised_app.test_client()
    current = client.get("/terms").get_data(as_text=True)
    assert "Version 2026-12-02 · Effective December 2, 2026" in current
    assert "(in effect now)" in current and 'href="/terms/2026-12-01"' in current
    earlier = client.get("/terms/2026-12-01").get_data(as_text=True)
    assert "This is an earlier version" in earlier and 'href="/terms">Read the version in effect now' in earlier
    upcoming = client.get("/terms/2099-01-01").get_data(as_text=True)
    assert "This version takes effect on January 1, 2099" in upcoming
    for page in (current, earlier, upcoming):
        assert html_problems(page) == []


def test_templates_link_a_consent_to_the_version_in_force(revised_app: Flask) -> None:
    """legal_document('terms') in any template gives the exact version and URL a consent checkbox records."""
    with revised_app.test_request_context("/"):
        text = render_template_string("{{ legal_document('terms').version }} {{ legal_document('terms').url }}")
    assert text == "2026-12-02 /terms/2026-12-02"


def test_the_legal_link_macro_links_the_version_in_force(revised_app: Flask) -> None:
    """legal_link('terms') writes a link to the version in force, titled, or with the label given."""
    source = (
        '{% from "legal_links.html" import legal_link %}'
        '{{ legal_link("terms") }} {{ legal_link("privacy", "our policy") }}'
    )
    with revised_app.test_request_context("/"):
        text = render_template_string(source)
    assert text == '<a href="/terms/2026-12-02">Terms of Use</a> <a href="/privacy/2026-12-03">our policy</a>'
