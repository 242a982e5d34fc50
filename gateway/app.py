"""The gateway's Flask app: one front door for the three services, thin by design."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask, Response, abort, g, request
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from gateway.api_docs import install_api_docs
from gateway.body_limits import install_body_limits, read_body
from gateway.clinic_pages import install_clinic_pages
from gateway.cors import allowed_origins, install_cors
from gateway.fan_out import build_session
from gateway.fast_path import PROXY_ROUTE, FastPath
from gateway.health import install_health
from gateway.pages import install_pages
from gateway.proxy import Proxy, relay
from gateway.rate_limits import install_rate_limits
from gateway.routing import RoutingTable
from gateway.security_headers import install_security_headers
from gateway.settings import GatewaySettings, load_settings
from gateway.staff import init_staff
from services.kit.errors import install_error_handlers
from services.kit.jsonlog import configure_logging
from services.kit.metrics import Metrics
from services.kit.request_context import install_request_context

KIT = Path(__file__).resolve().parents[1] / "services" / "kit"
PROXIED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """Build the gateway from `env` (the process environment by default); refuse to start without upstreams."""
    settings = load_settings(env)
    configure_logging(settings.service, settings.log_level)
    app = Flask(__name__, static_folder=str(KIT / "static"), static_url_path="/assets")
    app.config.update(MAX_CONTENT_LENGTH=settings.public_body_limit, PROPAGATE_EXCEPTIONS=False)
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(KIT / "templates")])  # type: ignore[list-item]
    app.jinja_env.globals.update(clinic_name=settings.clinic_name, public_url=settings.public_url)
    app.extensions["gateway_settings"] = settings

    install_error_handlers(app)
    metrics = Metrics(settings.service)
    metrics.install(app)
    install_request_context(app, metrics)
    install_cors(app, settings)
    install_body_limits(app, settings)
    install_rate_limits(app, settings)
    stamp = install_security_headers(app, settings)

    session = build_session()
    install_health(app, settings, session)
    install_api_docs(app, settings, session)
    install_pages(app)
    install_clinic_pages(app)
    init_staff(app, settings)
    proxy = Proxy(settings)
    table = install_proxy_routes(app, settings, proxy)
    # Installed last, so it knows every route the gateway answers itself.
    fast = FastPath(app, app.wsgi_app, proxy, table, metrics, stamp, allowed_origins(settings))
    app.wsgi_app = fast  # type: ignore[method-assign]
    if settings.trusted_proxies:
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    return app


def install_proxy_routes(app: Flask, settings: GatewaySettings, proxy: Proxy) -> RoutingTable:
    """Send every path the gateway does not answer itself to the service that owns it."""
    table = RoutingTable.from_settings(settings)
    app.extensions["gateway_routes"] = table

    def forward(path: str = "") -> Response:
        """Forward the request, unchanged, to the service owning its path prefix."""
        upstream = table.resolve(request.path)
        if upstream is None:
            abort(404, "There is nothing at this address.")
        # Raw bytes, never parsed as a form, so signed webhook bodies arrive exactly as sent.
        return relay(proxy.forward(upstream, request.environ, read_body(), g.request_id))

    app.add_url_rule(PROXY_ROUTE, "proxy", forward, methods=PROXIED_METHODS, provide_automatic_options=False)
    return table
