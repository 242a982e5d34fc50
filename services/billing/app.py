"""The billing service's Flask app."""
from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from services.kit.service_app import build_service_app
from services.billing.bootstrap import build_container


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """Build the billing app: the $250/month membership on Stripe."""
    container = build_container(env)
    app, _api = build_service_app(__name__, container, inbox_handlers={}, title="Billing API")
    return app
