"""Application factory of the Stripe stand-in."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask

from . import (
    api_billing,
    api_catalog,
    api_prices,
    api_promotions,
    api_refunds,
    api_sessions,
    dev,
    hosted_checkout,
    hosted_portal,
)
from .config import StandinConfig
from .errors import register_error_handlers
from .standin import EXTENSION, Standin


def _date(timestamp: int | None) -> str:
    """Format a Unix time as a calendar date for the hosted pages."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, tz=UTC).strftime("%b %d, %Y")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the stand-in; with no mapping, settings come from the environment."""
    settings = StandinConfig.from_env() if config is None else StandinConfig.from_mapping(config)
    app = Flask(__name__, static_folder=None)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION] = Standin.build(settings)
    app.add_template_filter(_date, "date")
    register_error_handlers(app)
    for module in (
        api_catalog,
        api_prices,
        api_sessions,
        api_billing,
        api_refunds,
        api_promotions,
        hosted_checkout,
        hosted_portal,
        dev,
    ):
        app.register_blueprint(module.bp)

    @app.get("/healthz")
    def healthz():  # type: ignore[no-untyped-def]
        """Report that the stand-in is up."""
        return {"status": "ok", "service": "stripe-standin", "webhook_url": settings.webhook_url}

    return app
