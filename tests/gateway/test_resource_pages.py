"""/resources: the articles, their index by condition, the clinicians' pages, and what each article offers next."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.app import create_app
from gateway.article_rendering import article_html
from gateway.resource_library import ArticleError, load_resource_library
from services.kit.clinic_profile import load_clinic_profile
from tests.support.html_check import html_problems

ARTICLES = (
    "/resources/postpartum-depression-in-mothers-and-fathers",
    "/resources/ketamine-and-breastfeeding",
    "/resources/when-to-seek-help-now",
)
BROWSER = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture(scope="module")
def app() -> Flask:
    """The gateway app with the development clinic and its articles."""
    return create_app(
        {
            "APP_ENV": "development",
            "LOG_LEVEL": "WARNING",
            "PUBLIC_URL": "https://clinic.example",
            "GATEWAY_DATABASE_URL": "sqlite://",
            **{f"{name}_URL": "http://127.0.0.1:9" for name in ("LEADS", "BILLING", "NEWSLETTER")},
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the gateway app."""
    return app.test_client()


def page(client: FlaskClient, path: str) -> str:
    """The HTML of a page that must answer 200 in valid HTML and may be cached (it carries no personal data)."""
    answer = client.get(path, headers=BROWSER)
    assert answer.status_code == 200, path
    assert answer.headers["Cache-Control"] == "public, max-age=3600"
    html = answer.get_data(as_text=True)
    assert html_problems(html) == [], path
    return html


def test_the_index_groups_every_article_by_condition_and_links_each_condition(client: FlaskClient) -> None:
    """/resources lists the three articles under their conditions, with a filter link per condition."""
    html = page(client, "/resources")
    for path in ARTICLES:
        assert f'href="{path}"' in html
    for label, slug in (("Postpartum depression", "postpartum-depression"), ("Breastfeeding", "breastfeeding")):
        assert f'<a href="/resources/conditions/{slug}">{label}</a>' in html
    condition = page(client, "/resources/conditions/breastfeeding")
    assert "<h1>Breastfeeding</h1>" in condition and 'href="/resources/ketamine-and-breastfeeding"' in condition
    assert 'href="/resources/when-to-seek-help-now"' not in condition.split("<h2 class")[1].split("Need help now")[0]
    assert 'aria-current="page">Breastfeeding' in condition


def test_an_article_shows_its_byline_dates_reading_time_and_sources(client: FlaskClient) -> None:
    """The breastfeeding article names author and reviewer (linked), dates in words, minutes to read, references."""
    html = page(client, "/resources/ketamine-and-breastfeeding")
    assert '<h1 id="article-title">Ketamine treatment and breastfeeding</h1>' in html
    assert '<a href="/resources/authors/dr-jordan-sample">Dr. Jordan Sample, DO</a>' in html
    assert "December 1, 2026" in html and re.search(r"<dd>\d+ minutes</dd>", html)
    assert "Store milk beforehand" in html and "pump and discard" in html.lower()
    assert html.count('rel="noopener"') >= 4 and "https://www.cdc.gov/breastfeeding/" in html
    assert "<table>" in html  # the milk storage table


def test_an_article_carries_the_calls_to_action_with_the_article_as_landing_page(client: FlaskClient) -> None:
    """Assessment button, inline Stay Informed form, membership card, versioned disclaimer link, service area."""
    html = page(client, "/resources/when-to-seek-help-now")
    landing = "/resources/when-to-seek-help-now"
    assert f'href="/assessment?landing_page={landing}">See If You Qualify — Free Assessment</a>' in html
    form = html.split('<form method="post" action="/newsletter"')[1].split("</form>")[0]
    assert '<input type="hidden" name="landing_page" value="/resources/when-to-seek-help-now">' in form
    assert 'name="email"' in form and 'name="website"' in form
    assert "The membership: $250/month" in html and "A check-in with your clinician" in html
    assert re.search(r'href="/disclaimer/\d{4}-\d{2}-\d{2}">Read our medical and FDA disclaimer', html)
    assert "Florida (all 67 counties) and New Jersey (all 21 counties)" in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html


def test_author_pages_introduce_each_clinician_and_what_they_wrote(client: FlaskClient) -> None:
    """Every clinician in the profile has a page; the reviewer's page lists the articles they reviewed."""
    html = page(client, "/resources/authors/dr-jordan-sample")
    assert "<h1>Dr. Jordan Sample, DO</h1>" in html and "License number OS 000002 (fictional)" in html
    assert all(f'href="{path}"' in html for path in ARTICLES)
    assert "has not written or reviewed an article yet" in page(client, "/resources/authors/dr-avery-example")


@pytest.mark.parametrize(
    "path", ["/resources/no-such-article", "/resources/conditions/gout", "/resources/authors/dr-nobody"]
)
def test_an_unknown_address_under_resources_is_the_sites_html_404(client: FlaskClient, path: str) -> None:
    """A mistyped article, condition or clinician is the site's own 404 page for a browser."""
    answer = client.get(path, headers=BROWSER)
    assert answer.status_code == 404 and answer.mimetype == "text/html"
    assert "911" in answer.get_data(as_text=True) and html_problems(answer.get_data(as_text=True)) == []


def test_an_article_naming_someone_outside_the_profile_stops_the_app(tmp_path: Path) -> None:
    """An author the clinic profile does not list, or a missing field, is refused when the app starts."""
    profile = load_clinic_profile(None)
    good = (Path(__file__).parents[2] / "content/resources/when-to-seek-help-now.md").read_text(encoding="utf-8")
    (tmp_path / "stranger.md").write_text(good.replace("author: Dr. Jordan Sample", "author: Dr. Who"))
    with pytest.raises(ArticleError, match="'Dr. Who' is not a clinician"):
        load_resource_library(profile, tmp_path)
    (tmp_path / "stranger.md").write_text(good.replace("reviewer: Riley Placeholder\n", ""))
    with pytest.raises(ArticleError, match="missing \\['reviewer'\\]"):
        load_resource_library(profile, tmp_path)


def test_markup_in_an_article_file_is_shown_as_text_never_run(tmp_path: Path) -> None:
    """Raw HTML in a Markdown body is escaped, and a javascript: link is never made a link."""
    good = (Path(__file__).parents[2] / "content/resources/when-to-seek-help-now.md").read_text(encoding="utf-8")
    (tmp_path / "tricky.md").write_text(good + "\n<script>alert(1)</script> [x](javascript:alert(1))\n")
    (article,) = load_resource_library(load_clinic_profile(None), tmp_path).articles
    html = str(article_html(article))
    assert "<script>" not in html and "&lt;script&gt;" in html and 'href="javascript:' not in html
