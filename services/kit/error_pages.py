"""Error pages for people: a browser gets a page in the site layout, an API client keeps the JSON shape."""

from __future__ import annotations

from flask import Response, render_template, request

# What a person reads for each failure; the JSON shape carries the same meaning for scripts.
PAGES: dict[int, tuple[str, str]] = {
    400: ("Something in that request did not work", "Please go back and try again."),
    403: ("This page cannot be opened from here", "The address you followed is not one our site offers to visitors."),
    404: ("We could not find that page", "The link may be old or mistyped."),
    405: ("That did not work from here", "This page cannot be used that way. Please go back and try again."),
    410: ("This link has expired", "Please go back and ask for a new one."),
    413: ("That was more than this form accepts", "Please shorten what you entered and send it again."),
    500: ("Something went wrong on our side", "Nothing you did caused it. Please try again in a minute."),
    502: ("This part of our site is not answering", "It should be back shortly. Please try again in a minute."),
    503: ("We could not save or load that just now", "It was not saved. Please try again in a minute."),
    504: ("This is taking longer than it should", "Nothing you entered is wrong. Please try again in a minute."),
}
# Paths only programs call: they always get the JSON shape.
PROGRAM_PATHS = ("/api/", "/internal/", "/webhooks/")
STAFF_PATHS = ("/admin", "/staff")


def wants_page() -> bool:
    """Tell whether the caller is a browser (it prefers HTML) rather than a script calling an API."""
    if request.path.startswith(PROGRAM_PATHS):
        return False
    accepted = request.accept_mimetypes
    return accepted.best_match(["application/json", "text/html"]) == "text/html" and accepted["text/html"] > 0


def has_page(code: int) -> bool:
    """Whether a person-facing page exists for this status."""
    return code in PAGES


def error_page(code: int) -> Response:
    """The page for one status, never cached; staff pages lead back to the staff home, public ones show 911/988."""
    heading, detail = PAGES[code]
    staff = request.path.startswith(STAFF_PATHS)
    page = render_template("error_page.html", heading=heading, detail=detail, staff=staff)
    return Response(page, code, {"Cache-Control": "no-store"}, mimetype="text/html")
