"""/about (who the clinicians are, where and when to reach the clinic) and /faq, both from the clinic profile."""

from __future__ import annotations

from flask import Flask, Response, current_app, make_response, render_template

from gateway.clinic_structured_data import clinic_data, faq_data
from gateway.faq_entries import faq_entries
from gateway.legal_pages import PUBLIC_CACHE
from services.kit.clinic_context import clinic_profile
from services.kit.page_meta import PageMeta


def install_about_pages(app: Flask) -> None:
    """Serve the about page and the FAQ."""

    @app.get("/about")
    def about() -> Response:
        """Introduce the clinicians, with the clinic's phone, address, hours and service area."""
        clinic = clinic_profile(current_app)
        public_url: str = current_app.extensions["gateway_settings"].public_url
        meta = PageMeta(
            title=f"About us and our clinicians · {clinic.name}",
            description=f"Who treats you at {clinic.name}: our clinicians, their licenses, and how to reach us. "
            f"Serving {clinic.service_area_line}.",
            path="/about",
            structured=(clinic_data(clinic, public_url),),
        )
        return cacheable(render_template("clinic/about.html", meta=meta))

    @app.get("/faq")
    def faq() -> Response:
        """Answer what the membership includes, how consultations, cancellation and refunds work, breastfeeding."""
        clinic = clinic_profile(current_app)
        public_url: str = current_app.extensions["gateway_settings"].public_url
        entries = faq_entries(clinic)
        meta = PageMeta(
            title=f"Questions and answers · {clinic.name}",
            description=f"What the {clinic.membership.price_label} membership includes, how consultations work, "
            "cancellation and refunds, and breastfeeding.",
            path="/faq",
            structured=(faq_data(entries), clinic_data(clinic, public_url)),
        )
        return cacheable(render_template("clinic/faq.html", entries=entries, meta=meta))


def cacheable(html: str) -> Response:
    """Wrap a page that carries no personal data, letting browsers keep it for an hour."""
    response = make_response(html)
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return response
