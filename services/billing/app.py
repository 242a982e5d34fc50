"""The billing service's Flask app."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from services.billing.bootstrap import build_container
from services.billing.checkout import api as checkout_api
from services.billing.checkout import pages as membership_pages
from services.billing.leads_feed.handlers import HANDLERS
from services.billing.payments.port import PaymentGateway
from services.billing.portal import pages as portal_pages
from services.billing.privacy.requests import on_privacy_request
from services.billing.staff import action_pages, operations_api, operations_pages, promotion_pages
from services.billing.staff import api as staff_api
from services.billing.staff import api_summary as staff_summary_api
from services.billing.staff import pages as staff_pages
from services.billing.webhooks import ingest
from services.contracts.events import BillingPrivacyRequest
from services.kit.rate_limits import install_rate_limits
from services.kit.service_app import build_service_app

# What a visitor can submit without signing in (Stripe's signed webhooks are never limited).
PUBLIC_WRITES = ("/api/billing", "/membership", "/billing")


def create_app(env: Mapping[str, str] | None = None, *, gateway: PaymentGateway | None = None) -> Flask:
    """Build the billing app: the $250/month membership on Stripe."""
    container = build_container(env, gateway=gateway)
    app, api = build_service_app(
        __name__, container, inbox_handlers={**HANDLERS, BillingPrivacyRequest: on_privacy_request}, title="Billing API"
    )
    api.register_blueprint(checkout_api.bp)
    api.register_blueprint(staff_api.bp)
    api.register_blueprint(operations_api.bp)
    operations_api.document_replay_rule(api)
    api.register_blueprint(staff_summary_api.bp)
    app.register_blueprint(ingest.bp)
    app.register_blueprint(membership_pages.bp)
    app.register_blueprint(portal_pages.bp)
    app.register_blueprint(staff_pages.bp)
    app.register_blueprint(action_pages.bp)
    app.register_blueprint(operations_pages.bp)
    app.register_blueprint(promotion_pages.bp)
    install_rate_limits(app, env, public_writes=PUBLIC_WRITES)
    return app
