"""The leads service's Flask app."""
from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from services.kit.service_app import build_service_app
from services.leads.bootstrap import build_container


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """Build the leads app: the free assessment and everything after it."""
    container = build_container(env)
    app, _api = build_service_app(__name__, container, inbox_handlers={}, title="Leads API")
    return app
