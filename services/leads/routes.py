"""Every blueprint of the leads service, registered in one place."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from services.leads.assessments import api as assessments_api
from services.leads.assessments import link_request_pages, result_pages
from services.leads.assessments import pages as assessment_pages
from services.leads.assessments.schemas import document_epds_rule
from services.leads.consultations import api as consultations_api
from services.leads.consultations import booking_api as consultation_booking_api
from services.leads.consultations import manage_pages as consultation_manage_pages
from services.leads.consultations import pages as consultation_pages
from services.leads.contact import api as contact_api
from services.leads.contact import pages as contact_pages
from services.leads.privacy import admin_pages as privacy_admin_pages
from services.leads.privacy import request_pages as privacy_request_pages
from services.leads.staff import api_leads, api_reports, api_summary, consultation_actions, report_pages, spam_pages
from services.leads.staff import pages as staff_lead_pages
from services.leads.waitlist import api as waitlist_api
from services.leads.waitlist import pages as waitlist_pages
from services.leads.web.lead_id import install_lead_id_converter
from services.leads.web.phone_links import tel_links


def register_routes(app: Flask, api: Api) -> None:
    """Register the API blueprints (OpenAPI) and the page blueprints."""
    install_lead_id_converter(app, api)
    consultations_api.document_periods(api, app.extensions["container"].settings)
    app.add_template_filter(tel_links, "tel_links")
    for blueprint in (
        assessments_api.blp,
        consultations_api.blp,
        consultation_booking_api.blp,
        contact_api.blp,
        waitlist_api.blp,
        api_leads.blp,
        api_reports.blp,
        api_summary.blp,
    ):
        api.register_blueprint(blueprint)
    document_epds_rule(api)
    for page in (
        assessment_pages.bp,
        result_pages.bp,
        contact_pages.bp,
        consultation_pages.bp,
        consultation_manage_pages.bp,
        waitlist_pages.bp,
        report_pages.bp,
        staff_lead_pages.bp,
        consultation_actions.bp,
        link_request_pages.bp,
        spam_pages.bp,
        privacy_request_pages.bp,
        privacy_admin_pages.bp,
    ):
        app.register_blueprint(page)
