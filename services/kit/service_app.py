"""The Flask app every service starts from: API docs, errors, logs, metrics, health, staff tokens, inbox."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_smorest import Api
from jinja2 import ChoiceLoader, FileSystemLoader

from services.kit.body_limit_doc import BodyLimitPlugin
from services.kit.clinic_context import install_clinic_context
from services.kit.container import Container
from services.kit.errors import install_error_handlers
from services.kit.health import install_health
from services.kit.inbox import Handlers, inbox_blueprint
from services.kit.json_text import document_json_text_rule, install_json_text_guard
from services.kit.jsonlog import configure_logging
from services.kit.metrics import Metrics
from services.kit.path_numbers import install_stored_integers
from services.kit.request_context import install_request_context
from services.kit.security_headers import install_security_headers
from services.kit.staff_audit_api import audit_blueprint
from services.kit.staff_auth import TokenVerifier
from services.kit.staff_dead_letters_api import dead_letters_blueprint
from services.kit.staff_shell import install_staff_shell

KIT_TEMPLATES = Path(__file__).parent / "templates"


def build_service_app(
    import_name: str, container: Container, *, inbox_handlers: Handlers, title: str
) -> tuple[Flask, Api]:
    """Create the app and its API object with everything shared already installed."""
    settings = container.settings
    name = settings.service
    configure_logging(name, settings.log_level)
    app = Flask(import_name)
    app.config.update(
        API_TITLE=title,
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=f"/api/{name}",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=1024 * 1024,
        PROPAGATE_EXCEPTIONS=False,
    )
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(KIT_TEMPLATES)])  # type: ignore[list-item]
    app.jinja_env.globals.update(clinic_name=settings.clinic_name, public_url=settings.public_url)
    install_clinic_context(app, settings.clinic_profile_path)
    api = Api(app, spec_kwargs={"extra_plugins": [BodyLimitPlugin()]})
    install_stored_integers(app, api)
    document_json_text_rule(api)
    install_error_handlers(app)
    install_json_text_guard(app)
    install_security_headers(app)
    metrics = Metrics(name)
    metrics.watch_outbox(container.outbox.counts)
    metrics.install(app)
    install_request_context(app, metrics)
    install_health(app, name, container.db, container.infra.heartbeat, settings.health_worker_max_age)
    app.extensions["staff_verifier"] = TokenVerifier(settings.staff_token_public_key)
    install_staff_shell(app)
    app.extensions["container"] = container
    app.extensions["inbox_handlers"] = inbox_handlers
    app.extensions["api"] = api
    # Every service's outbox and audit log, for the admin console the gateway serves.
    api.register_blueprint(dead_letters_blueprint(name))
    api.register_blueprint(audit_blueprint(name))
    app.register_blueprint(
        inbox_blueprint(container.db, container.infra.inbox, inbox_handlers, settings.events_signing_key)
    )
    return app, api
