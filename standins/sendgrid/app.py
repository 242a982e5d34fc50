"""Build the SendGrid stand-in: Mail Send, Event Webhook settings, and the dev mailbox."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, InternalServerError

from standins.sendgrid import dev_control_api, dev_mail_api, mail_api, viewer, webhook_api
from standins.sendgrid.answers import dev_error, sendgrid_error
from standins.sendgrid.config import StandinConfig, config_from_env
from standins.sendgrid.state import EXTENSION_KEY, StandinState

log = logging.getLogger("standins.sendgrid")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the stand-in; without a mapping it reads SENDGRID_STANDIN_* from the environment."""
    settings = StandinConfig.from_mapping(config if config is not None else config_from_env(os.environ))
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION_KEY] = StandinState.build(settings)
    for module in (mail_api, webhook_api, dev_mail_api, dev_control_api, viewer):
        app.register_blueprint(module.bp)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def _http_error(error: HTTPException) -> Response:
    """Answer routing and protocol errors in the shape the caller expects for that path."""
    code = error.code or 500
    if request.path.startswith("/v3/"):
        response = sendgrid_error(code)
    else:
        response = dev_error(code, error.description or "")
    if "Allow" in error.get_response().headers:
        response.headers["Allow"] = error.get_response().headers["Allow"]
    return response


def _unexpected_error(error: Exception) -> Response:
    """Log a bug and answer 500 without a traceback."""
    log.exception("unhandled error in the SendGrid stand-in", exc_info=error)
    return _http_error(InternalServerError())
