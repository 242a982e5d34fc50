"""POST /staff/session/renew: the staff pages' script keeps an active person's sign-in alive."""

from __future__ import annotations

import hmac

from flask import current_app, jsonify, request
from flask_smorest import Blueprint
from werkzeug.wrappers import Response

from gateway.staff import cookies
from gateway.staff.bootstrap import Staff
from gateway.staff.renewal import RenewalRefused
from gateway.staff.schemas import RenewedSchema
from gateway.staff.signin import attribute
from gateway.staff.tokens import SessionOver
from services.kit.errors import error_response
from services.kit.staff_auth import COOKIE, current_identity

bp = Blueprint("staff_session", __name__, description="Keeping a staff page's sign-in alive")

SIGNED_OUT = "Your sign-in has ended. Sign in again to continue."
DAY_OVER = "Your sign-in has lasted a full working day. Sign in again with your password and code."
BAD_CSRF = "The page's security token is missing or wrong. Reload the page and try again."


def _refusal(code: int, message: str) -> Response:
    """Answer in the JSON error shape, never cached."""
    response = error_response(code, message)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/staff/session/renew")
@bp.response(200, RenewedSchema, description="A fresh token cookie; the times are Unix seconds")
@bp.alt_response(401, description="Not signed in with the staff cookie, or the session's full day is over")
@bp.alt_response(403, description="The X-CSRF-Token header does not match the signed-in page's token")
@bp.doc(
    description="Called by staff pages while the person is active. Needs the staff cookie and its X-CSRF-Token "
    "header; a bearer token is not a session and gets 401."
)
def renew() -> Response:
    """Re-issue the token cookie with a fresh lifetime while the session's absolute limit allows."""
    staff: Staff = current_app.extensions["staff"]
    identity = current_identity()
    token = request.cookies.get(COOKIE)
    if identity is None or not identity.via_cookie or not token:
        return _refusal(401, SIGNED_OUT)
    sent = request.headers.get("X-CSRF-Token", "")
    if not (identity.csrf and hmac.compare_digest(sent, identity.csrf)):
        return _refusal(403, BAD_CSRF)
    attribute(identity)
    try:
        issued = staff.renew(identity, token)
    except SessionOver:
        return _refusal(401, DAY_OVER)
    except RenewalRefused:
        return _refusal(401, SIGNED_OUT)
    response = jsonify(
        expires_at=int(issued.expires_at.timestamp()),
        session_ends_at=int(issued.session_ends_at.timestamp()) if issued.session_ends_at else 0,
    )
    cookies.set_token_cookie(response, issued, issued.lifetime_seconds, staff.secure_cookies)
    response.headers["Cache-Control"] = "no-store"
    return response
