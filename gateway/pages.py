"""The gateway's own pages: the landing page and the shared stylesheet under /assets."""

from __future__ import annotations

from flask import Flask, current_app, render_template

from gateway.clinic_structured_data import clinic_data
from services.kit.clinic_context import clinic_profile
from services.kit.page_meta import PageMeta


def install_pages(app: Flask) -> None:
    """Serve the landing page (the stylesheet is the app's static folder, mounted at /assets)."""

    @app.get("/")
    def landing() -> str:
        """Welcome visitors and point them to the assessment, the newsletter and the membership."""
        clinic = clinic_profile(current_app)
        public_url: str = current_app.extensions["gateway_settings"].public_url
        meta = PageMeta(
            title=f"At-home ketamine therapy for depression · {clinic.name}",
            description="Physician-supervised at-home ketamine therapy for depression, including postpartum "
            f"depression, for adults in {clinic.service_area_line}. Take the free, private assessment.",
            path="/",
            structured=(clinic_data(clinic, public_url),),
        )
        return render_template("landing.html", meta=meta)
