"""The gateway's Flask app, behind Caddy like the services: staff sign-in, /healthz, /api/docs, pages."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from flask_smorest import Api
from jinja2 import ChoiceLoader, FileSystemLoader

from gateway.admin_audit import install_audit_viewer
from gateway.admin_dead_letters import install_dead_letters
from gateway.api_docs import install_api_docs
from gateway.clinic_pages import install_clinic_pages
from gateway.embed_pages import install_embed
from gateway.error_pages import install_error_pages
from gateway.fan_out import build_session
from gateway.health import install_health
from gateway.pages import install_pages
from gateway.settings import load_settings
from gateway.staff import init_staff
from services.kit.body_limit_doc import BodyLimitPlugin
from services.kit.errors import install_error_handlers
from services.kit.json_text import document_json_text_rule, install_json_text_guard
from services.kit.jsonlog import configure_logging
from services.kit.metrics import Metrics
from services.kit.rate_limits import install_rate_limits
from services.kit.request_context import install_request_context
from services.kit.security_headers import install_security_headers

KIT = Path(__file__).resolve().parents[1] / "services" / "kit"
# Password and code guessing is limited per address, as the services limit their public writes.
SIGN_IN_PATHS = ("/auth/token", "/staff/login", "/staff/welcome", "/staff/enrol")


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """Build the gateway app from `env` (the process environment by default); refuse to start without upstreams."""
    settings = load_settings(env)
    configure_logging(settings.service, settings.log_level)
    app = Flask(__name__, static_folder=str(KIT / "static"), static_url_path="/assets")
    app.config.update(
        MAX_CONTENT_LENGTH=1024 * 1024,
        PROPAGATE_EXCEPTIONS=False,
        # The gateway's own API (staff sign-in for API clients, session renewal) has a document like the services'.
        API_TITLE="Gateway API",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/api/gateway",
        OPENAPI_JSON_PATH="openapi.json",
    )
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(KIT / "templates")])  # type: ignore[list-item]
    app.jinja_env.globals.update(clinic_name=settings.clinic_name, public_url=settings.public_url)
    app.extensions["gateway_settings"] = settings

    api = Api(app, spec_kwargs={"extra_plugins": [BodyLimitPlugin()]})
    app.extensions["api"] = api
    document_json_text_rule(api)
    install_error_handlers(app)
    install_json_text_guard(app)
    install_security_headers(app)
    metrics = Metrics(settings.service)
    metrics.install(app)
    install_request_context(app, metrics)
    install_rate_limits(app, env, sign_in=SIGN_IN_PATHS)

    session = build_session()
    install_health(app, settings, session)
    install_api_docs(app, settings, session)
    install_pages(app)
    install_clinic_pages(app)
    install_embed(app)
    install_error_pages(app)
    init_staff(app, settings)
    install_dead_letters(app, settings, session)
    install_audit_viewer(app, settings, session)
    return app
