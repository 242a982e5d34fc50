"""An invited person's pages: choose a password from the emailed link, then set up an authenticator app."""

from __future__ import annotations

from typing import Any

import segno
from flask import Blueprint, current_app, make_response, redirect, render_template, request
from werkzeug.wrappers import Response

from gateway.staff.administration import Refused, StaffAdministration
from gateway.staff.passwords import MAX_LENGTH, MIN_LENGTH, WeakPassword
from services.kit.no_store import install_no_store

bp = Blueprint("staff_welcome", __name__)
install_no_store(bp)  # the pages carry one-time links and an authenticator secret


def _admin() -> StaffAdministration:
    """The staff administration the app was built with."""
    return current_app.extensions["staff"].admin  # type: ignore[no-any-return]


def _refused_page(exc: Refused) -> Response:
    """A used, expired or altered link: say so, with the way forward."""
    return make_response(render_template("staff/link_refused.html", message=str(exc), identity=None), 410)


def _password_page(link: str, email: str, status: int = 200, errors: dict[str, list[str]] | None = None) -> Response:
    """The choose-a-password form."""
    html = render_template(
        "staff/welcome.html", link=link, email=email, errors=errors or {}, min_length=MIN_LENGTH, identity=None
    )
    return make_response(html, status)


@bp.get("/staff/welcome")
def welcome() -> Response:
    """Open an invitation: the form to choose a password."""
    link = request.args.get("t", "")
    try:
        user = _admin().invited(link)
    except Refused as exc:
        return _refused_page(exc)
    return _password_page(link, user.email)


@bp.post("/staff/welcome")
def choose_password() -> Response:
    """Set the password the invited person chose, then go on to the authenticator step."""
    link = request.form.get("t", "")
    password, again = request.form.get("password", ""), request.form.get("password_again", "")
    try:
        user = _admin().invited(link)
    except Refused as exc:
        return _refused_page(exc)
    errors: dict[str, list[str]] = {}
    if len(password) < MIN_LENGTH:
        errors["password"] = [f"Use at least {MIN_LENGTH} characters; a few unrelated words work well."]
    elif len(password) > MAX_LENGTH:
        errors["password"] = [f"Use at most {MAX_LENGTH} characters."]
    elif password != again:
        errors["password_again"] = ["The two passwords are not the same."]
    if errors:
        return _password_page(link, user.email, 422, errors)
    try:
        enrol_link = _admin().accept_invite(link, password)
    except WeakPassword as exc:
        return _password_page(link, user.email, 422, {"password": [str(exc).capitalize() + "."]})
    except Refused as exc:
        return _refused_page(exc)
    return redirect("/staff/enrol?t=" + enrol_link, 303)


def _enrol_page(
    link: str, status: int = 200, errors: dict[str, list[str]] | None = None, pending: str = ""
) -> Response:
    """The authenticator step: a QR code drawn here (no outside service), the secret in text, a code field."""
    admin = _admin()
    try:
        offer = admin.reoffer(link, pending) if pending else admin.offer_secret(link)
    except Refused as exc:
        return _refused_page(exc)
    qr_svg = segno.make(offer.uri, error="m").svg_inline(scale=5, border=2, title="QR code for your authenticator app")
    html = render_template(
        "staff/enrol.html",
        link=link,
        pending=offer.pending,
        email=offer.user.email,
        qr_svg=qr_svg,
        secret_groups=[offer.secret[i : i + 4] for i in range(0, len(offer.secret), 4)],
        errors=errors or {},
        identity=None,
    )
    return make_response(html, status)


@bp.get("/staff/enrol")
def enrol() -> Response:
    """Show a new authenticator secret to scan or type."""
    return _enrol_page(request.args.get("t", ""))


@bp.post("/staff/enrol")
def confirm_enrolment() -> Any:
    """Keep the secret once the first code from the app is right; then sign in with it."""
    link, pending = request.form.get("t", ""), request.form.get("pending", "")
    code = request.form.get("totp", "").replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return _enrol_page(link, 422, {"totp": ["Enter the 6 digits your authenticator app shows."]}, pending)
    try:
        _admin().confirm_enrolment(link, pending, code)
    except Refused as exc:
        if exc.field == "totp":
            return _enrol_page(link, 422, {"totp": [str(exc)]}, pending)
        return _refused_page(exc)
    return redirect("/staff/login?enrolled=1", 303)
