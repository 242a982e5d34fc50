"""Security headers on every answer the gateway gives, its own, proxied ones and errors alike."""
from __future__ import annotations

from flask import Flask, Response, request

from gateway.routing import under
from gateway.settings import GatewaySettings

HSTS = "max-age=63072000; includeSubDomains"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Staff previews of email HTML and the dev mail viewer carry inline styles by nature; the service
# serving them may send a tighter, page-specific policy, which the gateway then leaves in place.
OWN_POLICY_PREFIXES = ("/admin", "/dev")


def content_security_policy(settings: GatewaySettings) -> str:
    """Build the site's policy: our own origin only, never framed, forms posted only to us (or the Stripe stand-in)."""
    form_action = "'self'"
    if settings.stripe_standin_url:
        form_action += " " + settings.stripe_standin_url.rstrip("/")
    return "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        f"form-action {form_action}",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ))


def security_headers(settings: GatewaySettings) -> dict[str, str]:
    """List the headers every answer carries."""
    headers = {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.is_production:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def install_security_headers(app: Flask, settings: GatewaySettings) -> None:
    """Stamp the headers on each response after everything else has shaped it."""
    headers = security_headers(settings)

    @app.after_request
    def _secure(response: Response) -> Response:
        keep_policy = "Content-Security-Policy" in response.headers and any(
            under(request.path, prefix) for prefix in OWN_POLICY_PREFIXES
        )
        for name, value in headers.items():
            if name == "Content-Security-Policy" and keep_policy:
                continue
            response.headers[name] = value
        return response
