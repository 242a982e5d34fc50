"""/about, /faq, the landing page and the footer, all read from the clinic profile named by CLINIC_PROFILE_PATH."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from gateway.app import create_app
from services.kit.clinic_profile import DEFAULT_PROFILE, ClinicProfileError
from services.kit.legal_documents import load_legal_library
from tests.support.html_check import html_problems
from tests.support.servers import ThreadServer


@pytest.fixture
def other_clinic(tmp_path: Path) -> Path:
    """A profile for a different clinic: another name, phone, price and medical director."""
    text = DEFAULT_PROFILE.read_text(encoding="utf-8")
    text = text.replace('name = "Harbor Wellness"', 'name = "Lantern Bay Health"')
    text = text.replace("+18135550142", "+12015550177").replace("monthly_usd = 250", "monthly_usd = 275")
    text = text.replace('"Dr. Avery Example"', '"Dr. Casey Fixture"')
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def other_gateway(start_gateway: Callable[..., ThreadServer], other_clinic: Path) -> ThreadServer:
    """A gateway reading the other clinic's profile."""
    return start_gateway(CLINIC_PROFILE_PATH=str(other_clinic))


def structured_data(page: str) -> list[dict[str, Any]]:
    """Every JSON-LD block on a page, parsed."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def test_about_introduces_the_clinicians_and_how_to_reach_the_clinic(other_gateway: ThreadServer) -> None:
    """/about lists each clinician with credentials and licences, the phone as a tel: link, address, hours, area."""
    page = requests.get(other_gateway.url + "/about", timeout=10)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "public, max-age=3600"
    html = page.text
    assert "<h1>About Lantern Bay Health</h1>" in html
    assert "Dr. Casey Fixture, MD" in html and "Riley Placeholder, DNP, PMHNP-BC" in html
    assert "Licensed in New Jersey" in html and "25MA00000100 (fictional)" in html
    assert '<a href="tel:+12015550177">(201) 555-0177</a>' in html
    assert "100 Example Way, Suite 200" in html and "Monday to Friday, 8 a.m. to 6 p.m. (Eastern Time)" in html
    assert "Florida (all 67 counties) and New Jersey (all 21 counties)" in html
    assert "made up" in html  # the development clinic says it is a sample
    assert html_problems(html) == []


def test_about_carries_medical_clinic_and_physician_structured_data(other_gateway: ThreadServer) -> None:
    """The JSON-LD describes a MedicalClinic from the profile, its physicians typed Physician."""
    (clinic,) = structured_data(requests.get(other_gateway.url + "/about", timeout=10).text)
    assert clinic["@type"] == "MedicalClinic" and clinic["name"] == "Lantern Bay Health"
    assert clinic["telephone"] == "+12015550177"
    assert clinic["address"]["postalCode"] == "33602"
    assert [area["name"] for area in clinic["areaServed"]] == ["Florida", "New Jersey"]
    assert clinic["openingHoursSpecification"][0]["dayOfWeek"][0] == "Monday"
    kinds = {person["name"]: person["@type"] for person in clinic["employee"]}
    assert kinds == {
        "Dr. Casey Fixture, MD": "Physician",
        "Dr. Jordan Sample, DO": "Physician",
        "Riley Placeholder, DNP, PMHNP-BC": "Person",
    }


def test_faq_answers_price_consultations_refunds_and_breastfeeding(other_gateway: ThreadServer) -> None:
    """/faq answers the four questions from the profile, with FAQPage and MedicalClinic structured data."""
    page = requests.get(other_gateway.url + "/faq", timeout=10)
    assert page.status_code == 200
    html = page.text
    assert "What does the $275/month membership include?" in html
    assert "How do consultations work?" in html
    assert "refund everything you paid for it, in full" in html
    assert "pump and store milk before a session" in html
    assert '<a class="call" href="tel:988">' in html and 'href="tel:18338526262"' in html
    assert html_problems(html) == []
    faq, clinic = structured_data(html)
    assert faq["@type"] == "FAQPage" and clinic["@type"] == "MedicalClinic"
    questions = [item["name"] for item in faq["mainEntity"]]
    assert "I am breastfeeding. Can I still be treated?" in questions
    price = faq["mainEntity"][0]["acceptedAnswer"]["text"]
    assert "$275/month" in price and "Secure messages to the care team" in price


def test_the_footer_shows_the_clinic_phone_area_and_every_legal_page(other_gateway: ThreadServer) -> None:
    """Each gateway page's footer names the clinic, links its phone, gives the service area and links the documents."""
    for path in ("/", "/about", "/terms"):
        footer = requests.get(other_gateway.url + path, timeout=10).text.split('<footer class="site-footer">')[1]
        assert "<strong>Lantern Bay Health</strong>" in footer
        assert '<a href="tel:+12015550177">(201) 555-0177</a>' in footer
        assert "Florida (all 67 counties) and New Jersey (all 21 counties)" in footer
        for document in load_legal_library().all_current():
            assert f'<a href="{document.canonical_url}">{document.short_title}</a>' in footer


def test_the_landing_page_reads_the_price_and_area_from_the_profile(other_gateway: ThreadServer) -> None:
    """The landing page's membership card and welcome use the profile's price and service area."""
    html = requests.get(other_gateway.url + "/", timeout=10).text
    assert "Starting at $275/month" in html
    assert "for adults in Florida (all 67 counties) and New Jersey (all 21 counties)." in html
    assert html_problems(html) == []


def test_the_gateway_refuses_to_start_with_a_broken_profile(
    gateway_env: Callable[..., dict[str, str]], tmp_path: Path
) -> None:
    """A profile missing a field stops the gateway at start, naming the field, rather than showing a half clinic."""
    broken = tmp_path / "clinic.toml"
    text = DEFAULT_PROFILE.read_text(encoding="utf-8")
    broken.write_text(text.replace('privacy_email = "privacy@clinic.example"\n', ""), encoding="utf-8")
    with pytest.raises(ClinicProfileError, match="'privacy_email' is missing"):
        create_app(gateway_env(CLINIC_PROFILE_PATH=str(broken)))
