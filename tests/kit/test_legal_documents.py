"""Legal documents: every shipped one is in force, a new version file takes over, broken files are refused."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from services.kit.clinic_profile import load_clinic_profile
from services.kit.legal_documents import (
    DEFAULT_ROOT,
    DOCUMENT_SLUGS,
    LegalDocumentError,
    clinic_today,
    current,
    load_legal_library,
)
from services.kit.legal_rendering import render_legal_html

NEW_TERMS = """---
title: Terms of Use
short_title: Terms of Use
version: "{version}"
effective: {effective}
status: draft for counsel review
summary: The terms, revised.
---
These revised terms apply from {effective}. Call {{{{ phone }}}}.
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the shipped documents that a test may add to."""
    root = tmp_path / "legal"
    shutil.copytree(DEFAULT_ROOT, root)
    return root


def add_terms(root: Path, version: str, effective: str) -> None:
    """Write a new version of the terms."""
    (root / "terms" / f"{version}.md").write_text(NEW_TERMS.format(version=version, effective=effective), "utf-8")


def test_every_shipped_document_has_a_version_in_force_marked_for_counsel() -> None:
    """All seven documents load, each has a version in force today, and each is marked for the clinic's counsel."""
    library = load_legal_library()
    assert tuple(library.documents) == DOCUMENT_SLUGS
    for document in library.all_current():
        assert document.effective <= clinic_today()
        assert document.status == "draft for counsel review"
        assert document.url == f"/{document.slug}/{document.version}"


def test_current_names_the_version_and_its_url() -> None:
    """current("terms") gives the version id a consent records and the URL it links to."""
    terms = current("terms")
    assert terms.version == "2026-12-01"
    assert terms.url == "/terms/2026-12-01"
    assert terms.canonical_url == "/terms"
    assert terms.effective_label == "December 1, 2026"


def test_a_new_version_file_makes_current_return_the_new_version(content: Path) -> None:
    """Adding terms/2026-12-02.md in force from that day moves current() to it; the old version stays readable."""
    before = current("terms", root=content, today=dt.date(2026, 12, 2))
    add_terms(content, "2026-12-02", "2026-12-02")
    after = current("terms", root=content, today=dt.date(2026, 12, 2))
    assert before.version == "2026-12-01"
    assert (after.version, after.url) == ("2026-12-02", "/terms/2026-12-02")
    library = load_legal_library(content)
    assert [doc.version for doc in library.versions("terms")] == ["2026-12-01", "2026-12-02"]
    assert library.version("terms", "2026-12-01") == before


def test_a_version_dated_in_the_future_is_not_in_force_until_its_day(content: Path) -> None:
    """A version published ahead of its effective date leaves the previous one in force until then."""
    add_terms(content, "2027-01-15", "2027-01-15")
    assert current("terms", root=content, today=dt.date(2027, 1, 14)).version == "2026-12-01"
    assert current("terms", root=content, today=dt.date(2027, 1, 15)).version == "2027-01-15"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter at all\n", "front matter"),
        (NEW_TERMS.format(version="2027-02-01", effective="2027-02-01"), "matching the file name"),
        (NEW_TERMS.format(version="2027-01-01", effective="soon"), "effective must be a date"),
        (
            NEW_TERMS.format(version="2027-01-01", effective="2027-01-01").replace(
                "summary: The terms, revised.\n", ""
            ),
            "front matter needs exactly",
        ),
        (NEW_TERMS.format(version="2027-01-01", effective="2027-01-01") + "{{ secret_key }}\n", "unknown placeholder"),
        (NEW_TERMS.format(version="2027-01-01", effective="2027-01-01") + "{{ Phone-Number }}\n", "not a placeholder"),
    ],
)
def test_a_malformed_version_file_is_refused(content: Path, text: str, message: str) -> None:
    """Missing front matter, a version not matching the file, a bad date, a missing key or an unknown name fail."""
    (content / "terms" / "2027-01-01.md").write_text(text, encoding="utf-8")
    with pytest.raises(LegalDocumentError, match=message):
        load_legal_library(content)


def test_a_document_with_no_version_is_refused(content: Path) -> None:
    """Every document the footer links must exist."""
    shutil.rmtree(content / "sms-terms")
    with pytest.raises(LegalDocumentError, match="no version of 'sms-terms'"):
        load_legal_library(content)


def test_rendering_fills_in_the_clinic_and_escapes_raw_html(content: Path) -> None:
    """The profile's phone replaces its placeholder, and HTML written in a document is shown as text, never run."""
    add_terms(content, "2027-01-01", "2027-01-01")
    path = content / "terms" / "2027-01-01.md"
    path.write_text(path.read_text("utf-8") + "\n<script>alert(1)</script>\n\n## Your rights\n", encoding="utf-8")
    document = load_legal_library(content).version("terms", "2027-01-01")
    assert document is not None
    html = str(render_legal_html(document, load_clinic_profile()))
    assert "Call (813) 555-0142." in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<h2 id="your-rights">Your rights</h2>' in html
