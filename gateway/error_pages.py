"""Pages for a browser when Caddy cannot give an answer: it fetches /errors/<status> from here."""

from __future__ import annotations

from flask import Flask, Response, abort, render_template

# What a visitor reads for each failure Caddy turns into a page; the JSON shape carries the same meaning.
PAGES: dict[int, tuple[str, str]] = {
    403: ("This page cannot be opened from here", "The address you followed is not one our site offers to visitors."),
    404: ("We could not find that page", "The link may be old or mistyped."),
    413: ("That was more than this form accepts", "Please shorten what you entered and send it again."),
    502: ("This part of our site is not answering", "It should be back shortly. Please try again in a minute."),
    504: ("This is taking longer than it should", "Nothing you entered is wrong. Please try again in a minute."),
}


def install_error_pages(app: Flask) -> None:
    """Serve the error pages Caddy shows browsers, each with its own status code."""

    @app.get("/errors/<int:status>")
    def error_page(status: int) -> Response:
        """Explain one failure kindly, with the way home and the crisis lines."""
        if status not in PAGES:
            abort(404, "There is nothing at this address.")
        heading, detail = PAGES[status]
        page = render_template("error_page.html", heading=heading, detail=detail)
        return Response(page, status, {"Cache-Control": "no-store"}, mimetype="text/html")
