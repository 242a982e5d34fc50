"""A stand-in upstream for gateway tests: it says exactly what reached it, slowly or in bulk on request."""

from __future__ import annotations

import gzip
import hashlib
import time
from collections.abc import Iterator, Mapping

from flask import Flask, Response, jsonify, request
from jinja2 import ChoiceLoader, FileSystemLoader

from services.billing.app import PUBLIC_WRITES as BILLING_WRITES
from services.kit.rate_limits import install_rate_limits
from services.kit.service_app import KIT_TEMPLATES
from services.leads.app import PUBLIC_WRITES as LEADS_WRITES
from services.newsletter.app import PUBLIC_WRITES as NEWSLETTER_WRITES

STREAM_CHUNK = 64 * 1024
# Each echo upstream limits the same public writes as the service it stands in for.
PUBLIC_WRITES = {"leads": LEADS_WRITES, "billing": BILLING_WRITES, "newsletter": NEWSLETTER_WRITES}


def pattern(size: int, seed: int = 7) -> bytes:
    """Make `size` deterministic, non-repeating-looking bytes, so any corruption shows in a hash."""
    block = hashlib.sha256(str(seed).encode()).digest() * 2048  # 64 KiB
    return (block * (size // len(block) + 1))[:size]


def echo_app(name: str, health_status: int = 200, env: Mapping[str, str] | None = None) -> Flask:
    """Build an upstream named `name` whose every answer describes the request it got."""
    app = Flask(f"echo_{name}")
    app.jinja_loader = ChoiceLoader([FileSystemLoader(KIT_TEMPLATES)])
    app.jinja_env.globals.update(clinic_name="Harbor Wellness")
    install_rate_limits(app, env or {}, public_writes=PUBLIC_WRITES.get(name, ()))

    @app.get("/healthz")
    def healthz() -> Response:
        """Report the configured health."""
        response = jsonify({"service": name, "status": "up" if health_status == 200 else "down"})
        response.status_code = health_status
        return response

    @app.get(f"/api/{name}/openapi.json")
    def openapi() -> Response:
        """Publish a one-operation OpenAPI document."""
        return jsonify(
            {
                "openapi": "3.1.0",
                "info": {"title": f"{name.title()} API", "version": "1.0.0"},
                "paths": {f"/api/{name}/things": {"post": {"summary": f"Create a {name} thing"}}},
            }
        )

    @app.get("/api/<svc>/slow")
    def slow(svc: str) -> Response:
        """Answer after `seconds`."""
        time.sleep(float(request.args.get("seconds", "2")))
        return jsonify({"service": name, "slept": True})

    @app.get("/api/<svc>/stream")
    def stream(svc: str) -> Response:
        """Stream `bytes` of the pattern with no Content-Length."""
        data = pattern(int(request.args.get("bytes", str(3 * 1024 * 1024))))

        def chunks() -> Iterator[bytes]:
            """Yield the data in fixed-size chunks."""
            for start in range(0, len(data), STREAM_CHUNK):
                yield data[start : start + STREAM_CHUNK]

        return Response(chunks(), mimetype="application/octet-stream")

    @app.get("/api/<svc>/trickle")
    def trickle(svc: str) -> Response:
        """Send a first chunk, pause, then the rest."""
        pause = float(request.args.get("pause", "1"))

        def chunks() -> Iterator[bytes]:
            """Yield two chunks with a pause between."""
            yield b"first;"
            time.sleep(pause)
            yield b"second;"

        return Response(chunks(), mimetype="text/plain")

    @app.get("/api/<svc>/large")
    def large(svc: str) -> Response:
        """Answer `bytes` of the pattern with a Content-Length."""
        return Response(
            pattern(int(request.args.get("bytes", str(2 * 1024 * 1024))), seed=3), mimetype="application/octet-stream"
        )

    @app.get("/api/<svc>/gzip")
    def gzipped(svc: str) -> Response:
        """Answer a gzip-encoded JSON body."""
        response = Response(gzip.compress(b'{"compressed": true}' * 100, mtime=0), mimetype="application/json")
        response.headers["Content-Encoding"] = "gzip"
        return response

    @app.get("/api/<svc>/hop")
    def hop(svc: str) -> Response:
        """Answer with hop-by-hop headers and two cookies."""
        response = jsonify({"service": name})
        response.headers["Connection"] = "X-Upstream-Private"
        response.headers["X-Upstream-Private"] = "secret"
        response.headers["Keep-Alive"] = "timeout=5"
        response.headers.add("Set-Cookie", "a=1; Path=/")
        response.headers.add("Set-Cookie", "b=2; Path=/")
        return response

    @app.get("/api/<svc>/wildcard-cors")
    def wildcard_cors(svc: str) -> Response:
        """Try to allow every origin."""
        response = jsonify({"service": name})
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    @app.get("/<area>/<svc>/loose-csp")
    def loose_csp(area: str, svc: str) -> Response:
        """Send a page-specific content security policy."""
        response = jsonify({"service": name})
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response

    @app.route("/<path:anything>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    def echo(anything: str) -> Response:
        """Describe the request as received."""
        body = request.get_data(cache=False)
        response = jsonify(
            {
                "service": name,
                "method": request.method,
                "raw_uri": request.environ.get("REQUEST_URI"),
                "path": request.path,
                "query": request.query_string.decode("latin-1"),
                "headers": dict(request.headers.items()),
                "body_sha256": hashlib.sha256(body).hexdigest(),
                "body_length": len(body),
                "peer_port": request.environ.get("REMOTE_PORT"),
            }
        )
        response.status_code = int(request.headers.get("X-Echo-Status", "200"))
        return response

    return app
