"""The clinic's own public pages on the gateway: legal documents, about, FAQ and articles, all read from the profile."""

from __future__ import annotations

from flask import Flask

from gateway.about_pages import install_about_pages
from gateway.legal_pages import install_legal_pages
from gateway.resource_pages import install_resource_pages
from gateway.sitemap import install_sitemap
from services.kit.clinic_context import install_clinic_context


def install_clinic_pages(app: Flask) -> None:
    """Load the clinic profile and the legal documents, then serve the pages built from them."""
    install_clinic_context(app, app.extensions["gateway_settings"].clinic_profile_path)
    install_legal_pages(app)
    install_about_pages(app)
    install_resource_pages(app)
    install_sitemap(app)
