"""RFC 8058 one-click unsubscribe, and the page behind the visible link in every email."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from services.kit.no_store import install_no_store
from services.newsletter.bootstrap import current_parts
from services.newsletter.preferences.service import unsubscribe
from services.newsletter.signup.request_info import consent_from_request
from services.newsletter.subscriber_domain.tokens import InvalidLink, LinkPayload

bp = Blueprint("unsubscribe", __name__)
install_no_store(bp)
ONE_CLICK_BODY = ("List-Unsubscribe", "One-Click")


def _link() -> LinkPayload | None:
    """Verify the unsubscribe token from the query string (one-click) or the form (our page)."""
    token = request.args.get("token") or request.form.get("token") or ""
    try:
        return current_parts().links.read("unsubscribe", token)
    except InvalidLink:
        return None


def _is_one_click() -> bool:
    """Tell whether this is a mailbox provider's RFC 8058 POST (body List-Unsubscribe=One-Click)."""
    return request.form.get(ONE_CLICK_BODY[0]) == ONE_CLICK_BODY[1]


@bp.get("/newsletter/unsubscribe")
def unsubscribe_page() -> ResponseReturnValue:
    """Show one button; a GET never unsubscribes, because scanners and previews fetch links."""
    link = _link()
    if link is None:
        return render_template("newsletter/unsubscribe.html", state="invalid"), 400
    return render_template("newsletter/unsubscribe.html", state="ask", token=request.args.get("token", ""))


@bp.post("/newsletter/unsubscribe")
def unsubscribe_now() -> ResponseReturnValue:
    """Unsubscribe at once: needs no cookie and no session, answers 200 and never redirects."""
    link = _link()
    one_click = _is_one_click()
    if link is None:
        if one_click:
            return Response("This unsubscribe link is not valid.\n", status=400, mimetype="text/plain")
        return render_template("newsletter/unsubscribe.html", state="invalid"), 400
    nl = current_parts()
    source = "one-click" if one_click else "unsubscribe-page"
    with nl.db.transaction() as session:
        unsubscribe(session, int(link.subscriber_id), consent_from_request(nl.settings.consent_text_version, source))
    if one_click:
        return Response("You are unsubscribed.\n", status=200, mimetype="text/plain")
    return render_template("newsletter/unsubscribe.html", state="done")
