"""The protective headers on every answer an app gives, so they hold even where no gateway stands in front."""

from __future__ import annotations

from flask import Flask, Response

# The same values the gateway's Caddyfile sets; Caddy replaces them on the way out, so the two never differ.
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Our own origin only and never framed. Where forms may lead (the payment provider's pages) is the
# gateway's to say, as it knows the deployment, so form-action is left to its policy.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def install_security_headers(app: Flask) -> None:
    """Add the headers to every answer of `app`, errors included; a page's own tighter policy is kept."""

    @app.after_request
    def _protect(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers[name] = value
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
