"""The clinic's legal documents: versioned Markdown files under content/legal/<document>/<version>.md.

A version is in force from its effective date (clinic time); `current("terms")` names the version in force
now, so a consent can record, and link to, exactly the text the person was shown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "content" / "legal"
CLINIC_TIME = ZoneInfo("America/New_York")
# The documents in the order the footer lists them; each directory name is also the document's URL path.
DOCUMENT_SLUGS = (
    "privacy",
    "terms",
    "notice-of-privacy-practices",
    "telehealth-consent",
    "sms-terms",
    "disclaimer",
    "accessibility",
)
FRONT_MATTER_KEYS = frozenset({"title", "short_title", "version", "effective", "status", "summary"})
VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Texts the documents may name from the clinic profile, written {{ name }}; anything else is refused.
PLACEHOLDERS = frozenset(
    {
        "clinic_name",
        "legal_name",
        "phone",
        "phone_e164",
        "email",
        "privacy_email",
        "address",
        "hours",
        "service_area",
        "service_states",
        "price",
        "medical_director",
    }
)
PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")


class LegalDocumentError(ValueError):
    """A legal document file is missing, malformed, or names something it may not."""


@dataclass(frozen=True)
class LegalDocument:
    """One version of one legal document."""

    slug: str
    version: str
    title: str
    short_title: str
    effective: dt.date
    status: str
    summary: str
    body: str = field(repr=False)

    @property
    def url(self) -> str:
        """The address of this exact version, which never changes: /terms/2026-12-01."""
        return f"/{self.slug}/{self.version}"

    @property
    def canonical_url(self) -> str:
        """The stable address that always shows the version in force: /terms."""
        return f"/{self.slug}"

    @property
    def effective_label(self) -> str:
        """The effective date as people read it: December 1, 2026."""
        return f"{self.effective:%B} {self.effective.day}, {self.effective.year}"


@dataclass(frozen=True)
class LegalLibrary:
    """Every version of every legal document, oldest first per document."""

    documents: dict[str, tuple[LegalDocument, ...]]

    def versions(self, slug: str) -> tuple[LegalDocument, ...]:
        """Every version of `slug`, oldest first; KeyError for an unknown document."""
        return self.documents[slug]

    def version(self, slug: str, version: str) -> LegalDocument | None:
        """The given version of `slug`, or None when there is no such version."""
        return next((doc for doc in self.documents.get(slug, ()) if doc.version == version), None)

    def current(self, slug: str, today: dt.date | None = None) -> LegalDocument:
        """The version of `slug` in force on `today` (clinic time; now by default)."""
        today = today or clinic_today()
        versions = self.versions(slug)
        in_force = [doc for doc in versions if doc.effective <= today]
        # A document whose every version starts later still has to be shown; its first version is the one to read.
        return in_force[-1] if in_force else versions[0]

    def all_current(self, today: dt.date | None = None) -> tuple[LegalDocument, ...]:
        """The version in force of every document, in footer order."""
        return tuple(self.current(slug, today) for slug in self.documents)


def clinic_today() -> dt.date:
    """Today's date where the clinic and its patients are."""
    return dt.datetime.now(CLINIC_TIME).date()


def load_legal_library(root: str | Path | None = None) -> LegalLibrary:
    """Read and check every document version under `root` (the repository's content/legal by default)."""
    base = Path(root) if root else DEFAULT_ROOT
    documents = {}
    for slug in DOCUMENT_SLUGS:
        files = sorted((base / slug).glob("*.md"))
        if not files:
            raise LegalDocumentError(f"no version of {slug!r} under {base}")
        versions = sorted((read_document(slug, path) for path in files), key=lambda doc: (doc.effective, doc.version))
        documents[slug] = tuple(versions)
    return LegalLibrary(documents)


def current(slug: str, root: str | Path | None = None, today: dt.date | None = None) -> LegalDocument:
    """Name the version of `slug` in force now, read fresh from disk: current("terms").url == "/terms/2026-12-01"."""
    return load_legal_library(root).current(slug, today)


def read_document(slug: str, path: Path) -> LegalDocument:
    """Parse one version file: YAML front matter between --- lines, then the Markdown body."""
    text = path.read_text(encoding="utf-8")
    parts = text.split("---\n", 2)
    if len(parts) != 3 or parts[0].strip():
        raise LegalDocumentError(f"{path}: the file must start with front matter between --- lines")
    meta = yaml.safe_load(parts[1]) or {}
    if not isinstance(meta, dict) or set(meta) != FRONT_MATTER_KEYS:
        raise LegalDocumentError(f"{path}: front matter needs exactly {', '.join(sorted(FRONT_MATTER_KEYS))}")
    version = str(meta["version"])
    if not VERSION.match(version) or version != path.stem:
        raise LegalDocumentError(f"{path}: version {version!r} must be a date (YYYY-MM-DD) matching the file name")
    if not isinstance(meta["effective"], dt.date):
        raise LegalDocumentError(f"{path}: effective must be a date (YYYY-MM-DD)")
    for key in ("title", "short_title", "status", "summary"):
        if not isinstance(meta[key], str) or not meta[key].strip():
            raise LegalDocumentError(f"{path}: {key} must be a non-empty text")
    unknown = sorted(set(PLACEHOLDER.findall(parts[2])) - PLACEHOLDERS)
    if unknown:
        raise LegalDocumentError(f"{path}: unknown placeholder(s) {', '.join(unknown)}")
    if "{{" in PLACEHOLDER.sub("", parts[2]):
        raise LegalDocumentError(f"{path}: a {{{{ is not a placeholder (write names like {{{{ phone }}}})")
    return LegalDocument(
        slug=slug,
        version=version,
        title=meta["title"].strip(),
        short_title=meta["short_title"].strip(),
        effective=meta["effective"],
        status=meta["status"].strip(),
        summary=meta["summary"].strip(),
        body=parts[2],
    )
