"""The legal documents at their stable addresses (/terms) and each version at its own (/terms/2026-12-01)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from flask import Flask, Response, abort, current_app, make_response, render_template
from markupsafe import Markup

from services.kit.clinic_context import clinic_profile, legal_library
from services.kit.clinic_profile import ClinicProfile
from services.kit.legal_documents import LegalDocument, clinic_today
from services.kit.legal_rendering import render_legal_html
from services.kit.page_meta import PageMeta

# The documents carry no personal data, so browsers and proxies may keep them for an hour.
PUBLIC_CACHE = "public, max-age=3600"


def install_legal_pages(app: Flask) -> None:
    """Add one stable route and one versioned route per legal document."""
    for slug in legal_library(app).documents:
        app.add_url_rule(f"/{slug}", f"legal_{slug}", current_view(slug))
        app.add_url_rule(f"/{slug}/<version>", f"legal_{slug}_version", version_view(slug))


def current_view(slug: str) -> Callable[[], Response]:
    """Build the view showing the version of `slug` in force today."""

    def show_current() -> Response:
        """Show the version in force today."""
        return document_page(current_app, legal_library(current_app).current(slug))

    return show_current


def version_view(slug: str) -> Callable[[str], Response]:
    """Build the view showing one named version of `slug`."""

    def show_version(version: str) -> Response:
        """Show the named version, or 404 when the document has no such version."""
        document = legal_library(current_app).version(slug, version)
        if document is None:
            abort(404, "There is no such version of this document.")
        return document_page(current_app, document)

    return show_version


def document_page(app: Flask, document: LegalDocument) -> Response:
    """Render a document version in the site layout with its version, date and the other versions."""
    library = legal_library(app)
    in_force = library.current(document.slug)
    response = make_response(
        render_template(
            "legal/document.html",
            document=document,
            body=rendered(document, clinic_profile(app)),
            in_force=in_force,
            upcoming=document.effective > clinic_today(),
            versions=library.versions(document.slug),
            meta=PageMeta(
                title=f"{document.title} · {clinic_profile(app).name}",
                description=document.summary,
                path=document.canonical_url if document == in_force else document.url,
            ),
        )
    )
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return response


@lru_cache(maxsize=128)
def rendered(document: LegalDocument, profile: ClinicProfile) -> Markup:
    """Render a version once per profile; both are immutable, and rendering the privacy policy takes milliseconds."""
    return render_legal_html(document, profile)
