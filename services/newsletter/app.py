"""The newsletter service's Flask app."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from services.contracts.events import ContactMarketingHold, LeadNewsletterOptIn, NewsletterPrivacyRequest
from services.kit.rate_limits import install_rate_limits
from services.kit.service_app import build_service_app
from services.newsletter import routes
from services.newsletter.bootstrap import build_container, parts_of
from services.newsletter.privacy.requests import privacy_request_handler
from services.newsletter.signup.lead_events import lead_opt_in_handler, marketing_hold_handler
from services.newsletter.webhooks.api import VERIFIER
from services.newsletter.webhooks.signature import WebhookVerifier

# What a visitor can submit without signing in (SendGrid's signed events are never limited).
PUBLIC_WRITES = ("/api/newsletter", "/newsletter")


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """Build the newsletter app: "Stay Informed" sign-ups, preferences, campaigns and SendGrid events."""
    nl = parts_of(build_container(env))
    handlers = {
        LeadNewsletterOptIn: lead_opt_in_handler(nl),
        ContactMarketingHold: marketing_hold_handler(nl),
        NewsletterPrivacyRequest: privacy_request_handler(nl),
    }
    app, api = build_service_app(__name__, nl.container, inbox_handlers=handlers, title="Newsletter API")
    app.extensions[VERIFIER] = WebhookVerifier(nl.settings.sendgrid_webhook_public_key)
    routes.register(app, api)
    install_rate_limits(app, env, public_writes=PUBLIC_WRITES)
    return app
