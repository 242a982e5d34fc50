"""GET /healthz: every upstream's own /healthz, asked at once; 200 only when all answer 200."""

from __future__ import annotations

from typing import Any

import requests
from flask import Flask, Response, jsonify

from gateway.fan_out import Fetched, fetch_json_all
from gateway.settings import GatewaySettings


def service_report(fetched: Fetched) -> dict[str, Any]:
    """Describe one upstream's health: its status code and its own report."""
    report: dict[str, Any] = {"status_code": fetched.status_code}
    if isinstance(fetched.body, dict):
        report.update(fetched.body)
    if fetched.error:
        report.setdefault("status", "down")
        report["error"] = fetched.error
    return report


def install_health(app: Flask, settings: GatewaySettings, session: requests.Session) -> None:
    """Serve the aggregated /healthz."""
    urls = {name: url.rstrip("/") + "/healthz" for name, url in settings.upstreams.items()}

    @app.get("/healthz")
    def healthz() -> Response:
        """Report each service's health and whether all are up."""
        fetched = fetch_json_all(session, urls, settings.health_timeout)
        up = all(one.status_code == 200 for one in fetched.values())
        response = jsonify(
            {
                "status": "up" if up else "down",
                "services": {name: service_report(one) for name, one in fetched.items()},
            }
        )
        response.status_code = 200 if up else 503
        response.headers["Cache-Control"] = "no-store"
        return response
