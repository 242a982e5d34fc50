"""Security headers on every answer the gateway gives, its own, proxied ones and errors alike."""
from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.datastructures import Headers

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


def keeps_own_policy(path: str) -> bool:
    """Tell whether a service's own Content-Security-Policy on `path` is left in place."""
    return any(under(path, prefix) for prefix in OWN_POLICY_PREFIXES)


class SecurityStamp:
    """The security headers of every answer, set over whatever the answer carried."""

    def __init__(self, settings: GatewaySettings):
        self.items = tuple(security_headers(settings).items())
        self.names = frozenset(name.lower() for name, _ in self.items)
        self.items_but_policy = tuple(item for item in self.items if item[0] != "Content-Security-Policy")
        self.names_but_policy = self.names - {"content-security-policy"}

    def apply(self, headers: list[tuple[str, str]], path: str) -> list[tuple[str, str]]:
        """Return `headers` with the security headers set, keeping a staff page's own policy where allowed."""
        items, names = self.items, self.names
        if keeps_own_policy(path) and any(key.lower() == "content-security-policy" for key, _ in headers):
            items, names = self.items_but_policy, self.names_but_policy
        kept = [(key, value) for key, value in headers if key.lower() not in names]
        kept += items
        return kept


def install_security_headers(app: Flask, settings: GatewaySettings) -> SecurityStamp:
    """Stamp the headers on each response after everything else has shaped it."""
    stamp = SecurityStamp(settings)

    @app.after_request
    def _secure(response: Response) -> Response:
        response.headers = Headers(stamp.apply(response.headers.to_wsgi_list(), request.path))
        return response

    return stamp
