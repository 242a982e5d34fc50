"""Pages for a browser when Caddy cannot give an answer: it fetches /errors/<status> from here."""

from __future__ import annotations

from flask import Flask, Response, abort

from services.kit.error_pages import error_page as render_error_page
from services.kit.error_pages import has_page


def install_error_pages(app: Flask) -> None:
    """Serve the error pages Caddy shows browsers, each with its own status code."""

    @app.get("/errors/<int:status>")
    def error_page(status: int) -> Response:
        """Explain one failure kindly, with the way home and the crisis lines."""
        if not has_page(status) or status < 400:
            abort(404, "There is nothing at this address.")
        return render_error_page(status)
