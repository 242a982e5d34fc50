"""POST /auth/token: staff credentials in, a short-lived signed token out."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint, abort

from gateway.staff.schemas import CredentialsSchema, TokenSchema
from gateway.staff.signin import CodeNeeded, EnrolmentNeeded, SignInRefused

bp = Blueprint("staff_auth", __name__, description="Staff sign-in for API clients")


@bp.post("/auth/token")
@bp.arguments(CredentialsSchema)
@bp.response(200, TokenSchema)
@bp.alt_response(401, description="Wrong credentials, or the code from the authenticator app is missing")
@bp.alt_response(403, description="A second factor is required and the account has none")
def issue_token(credentials: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Sign in with email, password and TOTP code; receive a bearer token."""
    sign_in = current_app.extensions["staff"].sign_in
    try:
        signed = sign_in(credentials["email"], credentials["password"], credentials["totp"])
    except SignInRefused as exc:
        abort(401, message=str(exc))
    except CodeNeeded as exc:
        abort(401, message=str(exc), errors={"totp": [str(exc)]})
    except EnrolmentNeeded as exc:
        abort(403, message=str(exc))
    token = signed.token
    return {"token": token.token, "expires_at": token.expires_at}, {"Cache-Control": "no-store"}
