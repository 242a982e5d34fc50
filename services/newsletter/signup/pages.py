"""Sign-up pages: the form, "check your inbox", confirmation, and the snippets for the clinic's site."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, send_from_directory
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from services.kit.landing_page import is_landing_path
from services.kit.no_store import no_store_view
from services.newsletter.bootstrap import current_parts
from services.newsletter.signup.api import accept_signup
from services.newsletter.signup.confirmation import confirm
from services.newsletter.signup.request_info import consent_from_request
from services.newsletter.signup.schemas import SubscriptionRequestSchema
from services.newsletter.subscriber_domain.tokens import ExpiredLink, InvalidLink
from services.newsletter.subscriber_domain.topics import TOPICS

bp = Blueprint("signup_pages", __name__, static_folder="../static", static_url_path="/newsletter/assets")


@bp.get("/newsletter")
def signup_form() -> ResponseReturnValue:
    """Show the sign-up form, remembering the page the visitor came from (?landing_page=/resources/...)."""
    asked = request.args.get("landing_page", "")
    landing = asked if is_landing_path(asked) else None
    return render_template("newsletter/signup.html", topics=TOPICS, errors={}, values={"landing_page": landing})


@bp.post("/newsletter")
def signup_submit() -> ResponseReturnValue:
    """Take the plain HTML form (ours or pasted on the clinic's site); answer alike for every address."""
    raw = {
        "email": request.form.get("email", ""),
        "topics": request.form.getlist("topics"),
        "first_name": request.form.get("first_name") or None,
        "website": request.form.get("website", ""),
        "source": "embed" if request.form.get("source") == "embed" else "website",
        "landing_page": request.form.get("landing_page") or None,
    }
    try:
        data = SubscriptionRequestSchema().load(raw)
    except ValidationError as exc:
        errors = {k: v if isinstance(v, list) else [str(v)] for k, v in exc.messages_dict.items()}
        page = render_template("newsletter/signup.html", topics=TOPICS, errors=errors, values=raw)
        return page, 422
    accept_signup(data)
    return redirect("/newsletter/check-email", code=303)


@bp.get("/newsletter/check-email")
def check_email() -> ResponseReturnValue:
    """Tell the visitor to look for the confirmation email."""
    return render_template("newsletter/check_email.html")


@bp.get("/newsletter/confirm")
@no_store_view
def confirm_page() -> ResponseReturnValue:
    """Show the confirmation step; this GET never changes anything.

    Mail scanners and link previewers fetch links with GET and do not run page scripts. The page's
    same-origin script (confirm.js) submits the POST at once in a real browser, so one click
    confirms; without scripts the visitor presses one button.
    """
    token = request.args.get("token", "")
    try:
        current_parts().links.read("confirm", token)
    except ExpiredLink:
        return render_template("newsletter/confirm.html", state="expired"), 410
    except InvalidLink:
        return render_template("newsletter/confirm.html", state="invalid"), 400
    return render_template("newsletter/confirm.html", state="ready", token=token)


@bp.post("/newsletter/confirm")
@no_store_view
def confirm_submit() -> ResponseReturnValue:
    """Confirm the subscription named by the signed token and record the consent."""
    nl = current_parts()
    token = request.form.get("token", "")
    try:
        link = nl.links.read("confirm", token)
    except ExpiredLink:
        return render_template("newsletter/confirm.html", state="expired"), 410
    except InvalidLink:
        return render_template("newsletter/confirm.html", state="invalid"), 400
    with nl.db.transaction() as session:
        outcome = confirm(
            session, nl, link, consent_from_request(nl.settings.consent_text_version, "confirmation-link")
        )
    status = 409 if outcome == "stale" else 200
    return render_template("newsletter/confirm.html", state=outcome), status


@bp.get("/newsletter/embed")
def embed_instructions() -> ResponseReturnValue:
    """Show the HTML form and the script tag the clinic can paste into its own site."""
    return render_template("newsletter/embed.html", topics=TOPICS)


@bp.get("/embed/newsletter.js")
def embed_script() -> Response:
    """Serve the small script that draws the sign-up form on another page."""
    response = send_from_directory(bp.static_folder or "", "embed-newsletter.js", max_age=300)
    response.headers["Content-Type"] = "application/javascript; charset=utf-8"
    return response
