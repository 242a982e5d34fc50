"""/api/docs: every service's OpenAPI document, gathered in one place."""

from __future__ import annotations

from typing import Any

import requests
from flask import Flask, Response, abort, current_app, jsonify, render_template

from gateway.fan_out import Fetched, fetch_json, fetch_json_all
from gateway.settings import GatewaySettings

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def document_url(base_url: str, service: str) -> str:
    """Locate a service's OpenAPI document on its own server."""
    return f"{base_url.rstrip('/')}/api/{service}/openapi.json"


def operations(document: Any) -> list[dict[str, str]]:
    """List a document's operations as method, path and summary, in path order."""
    found: list[dict[str, str]] = []
    paths = document.get("paths", {}) if isinstance(document, dict) else {}
    for path in sorted(paths):
        for method in HTTP_METHODS:
            operation = paths[path].get(method) if isinstance(paths[path], dict) else None
            if isinstance(operation, dict):
                summary = operation.get("summary") or operation.get("description") or ""
                found.append({"method": method.upper(), "path": path, "summary": str(summary).split("\n")[0]})
    return found


def _entry(name: str, fetched: Fetched) -> dict[str, Any]:
    """Describe one service for the index page."""
    ok = fetched.status_code == 200 and isinstance(fetched.body, dict)
    info = fetched.body.get("info", {}) if ok else {}
    return {
        "name": name,
        "ok": ok,
        "title": info.get("title", name.title()),
        "version": info.get("version", ""),
        "operations": operations(fetched.body) if ok else [],
    }


def _own_document() -> dict[str, Any]:
    """The gateway app's own OpenAPI document (staff sign-in and session renewal)."""
    return dict(current_app.extensions["api"].spec.to_dict())


def install_api_docs(app: Flask, settings: GatewaySettings, session: requests.Session) -> None:
    """Serve the index page and each service's document."""
    urls = {name: document_url(url, name) for name, url in settings.upstreams.items()}

    @app.get("/api/docs")
    def api_docs_index() -> str:
        """List every service's API with a link to its OpenAPI document."""
        fetched = fetch_json_all(session, urls, settings.health_timeout)
        services = [_entry(name, one) for name, one in fetched.items()]
        services.append(_entry("gateway", Fetched(200, _own_document())))
        return render_template("api_docs.html", services=services)

    @app.get("/api/docs/<service>.json")
    def api_docs_document(service: str) -> Response:
        """Serve one service's OpenAPI document as that service publishes it."""
        if service == "gateway":
            return jsonify(_own_document())
        if service not in urls:
            abort(404, f"There is no service named {service!r}.")
        fetched = fetch_json(session, urls[service], settings.health_timeout)
        if fetched.status_code != 200 or not isinstance(fetched.body, dict):
            abort(502, f"The {service} service did not hand over its API document.")
        return jsonify(fetched.body)
