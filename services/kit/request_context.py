"""Request ids, access log lines and per-request metrics for a Flask app."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from services.kit.jsonlog import request_id_var, subject_var
from services.kit.metrics import Metrics

log = logging.getLogger("access")
_VALID_ID = re.compile(r"^[A-Za-z0-9._\-]{8,100}$")


def incoming_request_id() -> str:
    """Take a well-formed X-Request-ID from the caller or make a new one."""
    given = request.headers.get("X-Request-ID", "")
    return given if _VALID_ID.match(given) else uuid.uuid4().hex


def install_request_context(app: Flask, metrics: Metrics) -> None:
    """Tag each request with an id, log it (path only, never the query) and count it."""

    @app.before_request
    def _start() -> None:
        g.request_id = incoming_request_id()
        g.started = time.perf_counter()
        request_id_var.set(g.request_id)
        subject_var.set(None)

    @app.after_request
    def _finish(response: Response) -> Response:
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        route = request.url_rule.rule if request.url_rule else "unmatched"
        metrics.observe_request(request.method, route, response.status_code, elapsed)
        response.headers["X-Request-ID"] = g.get("request_id", "")
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 2),
            },
        )
        return response
