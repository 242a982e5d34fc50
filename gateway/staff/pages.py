"""Staff pages: sign in, the staff home page, sign out."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from gateway.staff import cookies, form_csrf
from gateway.staff.areas import safe_next
from gateway.staff.bootstrap import Staff
from gateway.staff.home_figures import home_sections
from gateway.staff.schemas import LoginFormSchema
from gateway.staff.signin import CodeNeeded, EnrolmentNeeded, SignInRefused, attribute
from services.kit.db_types import utcnow
from services.kit.no_store import install_no_store
from services.kit.staff_auth import COOKIE, current_identity

bp = Blueprint("staff_pages", __name__)
install_no_store(bp)

FORM_EXPIRED = "This form has expired or did not come from this page. Please sign in again."


def _staff() -> Staff:
    """Return the staff sign-in machinery installed on the app."""
    return current_app.extensions["staff"]  # type: ignore[no-any-return]


def _no_store(response: Response) -> Response:
    """Keep staff pages out of every cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _login_page(
    status: int = 200, *, message: str | None = None, errors: dict[str, list[str]] | None = None, email: str = ""
) -> Response:
    """Render the sign-in form with a fresh CSRF pair."""
    staff = _staff()
    cookie_value, field_value = staff.form_csrf.issue()
    next_path = safe_next(request.values.get("next"))
    html = render_template(
        "staff/login.html",
        csrf_token=field_value,
        next=None if next_path == "/staff" else next_path,
        message=message,
        errors=errors or {},
        email=email,
        totp_required=staff.settings.staff_totp_required,
        identity=None,
        enrolled=request.args.get("enrolled") == "1",
    )
    response = make_response(html, status)
    cookies.set_form_csrf_cookie(response, cookie_value, staff.secure_cookies)
    return _no_store(response)


@bp.get("/staff/login")
def login_form() -> Response:
    """Show the sign-in form, or go straight on when already signed in."""
    if current_identity() is not None:
        return redirect(safe_next(request.args.get("next")), 303)
    return _login_page()


@bp.post("/staff/login")
def login() -> Response:
    """Check the form and credentials; on success set the token cookie and go to the requested area."""
    staff = _staff()
    if not staff.form_csrf.check(request.cookies.get(form_csrf.COOKIE), request.form.get(form_csrf.FIELD)):
        return _login_page(403, message=FORM_EXPIRED)
    email = request.form.get("email", "")[:254]
    try:
        data: dict[str, Any] = LoginFormSchema().load(request.form.to_dict())
    except ValidationError as err:
        errors = err.messages if isinstance(err.messages, dict) else {}
        return _login_page(422, message="Please correct the fields marked below.", errors=errors, email=email)
    try:
        signed = staff.sign_in(data["email"], data["password"], data["totp"])
    except SignInRefused as exc:
        return _login_page(401, message=str(exc), email=email)
    except CodeNeeded as exc:
        return _login_page(401, message=str(exc), errors={"totp": [str(exc)]}, email=email)
    except EnrolmentNeeded as exc:
        if exc.user is None or not exc.user.active:
            return _login_page(403, message=str(exc), email=email)
        # The password was right: the next step sets up the authenticator app the account lacks.
        response = redirect("/staff/enrol?t=" + staff.admin.enrolment_link(exc.user), 303)
        cookies.clear_form_csrf_cookie(response, staff.secure_cookies)
        return _no_store(response)
    response = redirect(safe_next(request.form.get("next")), 303)
    cookies.set_token_cookie(response, signed.token, signed.token.lifetime_seconds, staff.secure_cookies)
    cookies.clear_form_csrf_cookie(response, staff.secure_cookies)
    return _no_store(response)


@bp.get("/staff")
def home() -> Response:
    """Show the signed-in staff member the figures of the areas their roles open, each linking to its list."""
    identity = current_identity()
    if identity is None:
        return redirect(url_for(".login_form"), 303)
    attribute(identity)
    token = request.cookies.get(COOKIE) or request.headers.get("Authorization", "").removeprefix("Bearer ")
    sections = home_sections(
        current_app.extensions["staff_home_session"], _staff().settings, token, identity.roles, utcnow()
    )
    html = render_template("staff/home.html", identity=identity, sections=sections)
    return _no_store(make_response(html))


@bp.post("/staff/logout")
def logout() -> Response:
    """Forget the token cookie; a signed-in browser must send the token's CSRF value."""
    staff = _staff()
    identity = current_identity()
    if identity is not None:
        sent = request.form.get(form_csrf.FIELD, "")
        if identity.via_cookie and not (identity.csrf and hmac.compare_digest(sent, identity.csrf)):
            abort(403, "The form's security token is missing or wrong. Reload the page and try again.")
        attribute(identity)
        staff.sign_in.signed_out(identity.subject)
    response = redirect(url_for(".login_form"), 303)
    cookies.clear_token_cookie(response, staff.secure_cookies)
    return _no_store(response)
