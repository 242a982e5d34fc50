"""The leads service's Flask app."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from services.kit.rate_limits import install_rate_limits
from services.kit.service_app import build_service_app
from services.leads.assessments.domain.zip_lookup import warm_up
from services.leads.bootstrap import build_container
from services.leads.routes import register_routes

# What a visitor can submit without signing in; counted per address by the kit's limiter.
PUBLIC_WRITES = ("/api/leads", "/assessment", "/contact", "/waitlist", "/leads", "/consultation", "/privacy")


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """Build the leads app: the free assessment and everything after it."""
    container = build_container(env)
    from services.leads.events.incoming import inbox_handlers

    app, api = build_service_app(__name__, container, inbox_handlers=inbox_handlers(container), title="Leads API")
    register_routes(app, api)
    install_rate_limits(app, env, public_writes=PUBLIC_WRITES)
    warm_up()  # the ZIP index takes a second to build; no visitor should wait for it
    return app
