"""/sitemap.xml (every public page, article and legal document, with its last change) and /robots.txt."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from flask import Flask, Response, current_app

from gateway.resource_library import author_url
from gateway.resource_pages import public_url, resource_library
from services.kit.clinic_context import clinic_profile, legal_library

# The public pages the services serve, beside the gateway's own; the day they last changed in substance.
SERVICE_PAGES = ("/assessment", "/consultation", "/contact", "/newsletter", "/membership", "/waitlist")
SITE_PAGES = ("/", "/about", "/faq", "/resources")
# Pages no search engine should list: sign-in, staff and admin screens, APIs, and every personal page.
DISALLOWED = (
    "/staff",
    "/admin",
    "/api",
    "/auth",
    "/dev",
    "/webhooks",
    "/assessment/result",
    "/billing",
    "/newsletter/preferences",
    "/newsletter/confirm",
    "/newsletter/unsubscribe",
    "/consultation/manage",
)


def sitemap_entries(app: Flask) -> list[tuple[str, dt.date]]:
    """Every public address with the date it last changed, site pages first, then articles and documents."""
    library = resource_library(app)
    documents = legal_library(app).all_current()
    newest = max([article.updated for article in library.articles] + [doc.effective for doc in documents])
    entries = [(path, newest) for path in SITE_PAGES + SERVICE_PAGES]
    entries += [(article.url, article.updated) for article in library.articles]
    entries += [(condition.url, max(a.updated for a in library.about(condition))) for condition in library.conditions]
    for person in clinic_profile(app).clinicians:
        written = library.by(person)
        entries.append((author_url(person), max((a.updated for a in written), default=newest)))
    entries += [(document.canonical_url, document.effective) for document in documents]
    return entries


def install_sitemap(app: Flask) -> None:
    """Serve the sitemap and the robots rules."""

    @app.get("/sitemap.xml")
    def sitemap() -> Response:
        """List every public page for search engines."""
        base = public_url()
        urls = "".join(
            f"<url><loc>{escape(base + path)}</loc><lastmod>{day.isoformat()}</lastmod></url>"
            for path, day in sitemap_entries(current_app)
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
        )
        return Response(body, mimetype="application/xml", headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/robots.txt")
    def robots() -> Response:
        """Let crawlers read the public pages and keep them out of staff, admin, API and personal pages."""
        lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "Allow: /", ""]
        lines.append(f"Sitemap: {public_url()}/sitemap.xml")
        return Response(
            "\n".join(lines) + "\n", mimetype="text/plain", headers={"Cache-Control": "public, max-age=3600"}
        )
