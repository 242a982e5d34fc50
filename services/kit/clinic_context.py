"""Put the clinic profile and the legal documents in reach of every template and view of an app."""

from __future__ import annotations

from flask import Flask

from services.kit.clinic_profile import ClinicProfile, load_clinic_profile
from services.kit.legal_documents import LegalDocument, LegalLibrary, load_legal_library


def install_clinic_context(app: Flask, profile_path: str = "") -> None:
    """Load the profile and documents once (a broken file stops the app starting) and expose them to Jinja.

    Templates get `clinic` (the profile), `legal_document('terms')` (the version in force, with its `url`
    and `version` for a consent checkbox to link to and record) and `legal_documents()` (all of them).
    """
    profile = load_clinic_profile(profile_path or None)
    library = load_legal_library()
    app.extensions["clinic_profile"] = profile
    app.extensions["legal_library"] = library

    # Both read the library from the app at call time, so a test replaces it in one place.
    def legal_document(slug: str) -> LegalDocument:
        """The version of `slug` in force today."""
        return legal_library(app).current(slug)

    def legal_documents() -> tuple[LegalDocument, ...]:
        """The version in force of every document, in footer order."""
        return legal_library(app).all_current()

    # Pages print the profile's name, so the brand, the footer and the documents always agree.
    app.jinja_env.globals.update(
        clinic=profile,
        clinic_name=profile.name,
        legal_document=legal_document,
        legal_documents=legal_documents,
    )


def clinic_profile(app: Flask) -> ClinicProfile:
    """The profile an app loaded."""
    return app.extensions["clinic_profile"]  # type: ignore[no-any-return]


def legal_library(app: Flask) -> LegalLibrary:
    """The legal documents an app loaded."""
    return app.extensions["legal_library"]  # type: ignore[no-any-return]
