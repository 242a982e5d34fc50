"""Staff tokens verified by each service with the gateway's public key; one role decorator."""

from __future__ import annotations

import dataclasses
import functools
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import jwt
from flask import abort, current_app, g, request

from services.kit.jsonlog import subject_var

ISSUER = "clinic-gateway"
AUDIENCE = "clinic-staff"
COOKIE = "staff_token"
ROLES = ("admin", "clinician", "marketer")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class StaffIdentity:
    """Who is calling: subject, roles, CSRF token and, when the token says, email, name and session times."""

    subject: str
    roles: tuple[str, ...]
    csrf: str
    via_cookie: bool = False
    email: str = ""
    name: str = ""
    expires_at: int = 0  # when this token stops working (Unix seconds)
    session_ends_at: int = 0  # when renewals stop and a fresh sign-in is needed (Unix seconds; 0: unknown)

    @property
    def display_name(self) -> str:
        """The name staff pages greet the person by: the token's name, else the email's local part."""
        if self.name or self.email:
            return self.name or self.email.partition("@")[0]
        number = self.subject.removeprefix("staff:")
        return f"Staff member #{number}" if number.isdigit() else "Staff member"


class TokenVerifier:
    """Verify EdDSA staff tokens."""

    def __init__(self, public_key_pem: str):
        self.key = public_key_pem

    def verify(self, token: str) -> StaffIdentity:
        """Decode and check signature, expiry, issuer and audience; raise jwt errors otherwise."""
        claims = jwt.decode(
            token,
            self.key,
            algorithms=["EdDSA"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub"]},
        )
        roles = tuple(r for r in claims.get("roles", []) if r in ROLES)
        return StaffIdentity(
            subject=str(claims["sub"]),
            roles=roles,
            csrf=str(claims.get("csrf", "")),
            email=str(claims.get("email") or "")[:254],
            name=str(claims.get("name") or "")[:200],
            expires_at=int(claims["exp"]),
            session_ends_at=_whole_seconds(claims.get("session_ends_at")),
        )


def _whole_seconds(value: Any) -> int:
    """Read an optional Unix-time claim; anything else counts as unknown (0)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def current_identity() -> StaffIdentity | None:
    """Read and verify the caller's token from the Authorization header or the sign-in cookie."""
    verifier: TokenVerifier = current_app.extensions["staff_verifier"]
    header = request.headers.get("Authorization", "")
    token, via_cookie = (header[7:], False) if header.startswith("Bearer ") else (request.cookies.get(COOKIE), True)
    if not token:
        return None
    try:
        identity = verifier.verify(token)
    except jwt.PyJWTError:
        return None
    return dataclasses.replace(identity, via_cookie=via_cookie)


def _csrf_ok(identity: StaffIdentity) -> bool:
    """A cookie-carried token needs the CSRF value from the form or header on unsafe methods."""
    if not identity.via_cookie or request.method not in UNSAFE:
        return True
    sent = request.headers.get("X-CSRF-Token") or (request.form.get("csrf_token") if request.form else None) or ""
    return bool(identity.csrf) and hmac.compare_digest(sent, identity.csrf)


def require_roles(*roles: str) -> Callable[[F], F]:
    """Allow the view only to staff holding one of `roles` (admins always); 401 or 403 otherwise."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            identity = current_identity()
            if identity is None:
                abort(401, "Sign in as staff to continue.")
            if not _csrf_ok(identity):
                abort(403, "The form's security token is missing or wrong. Reload the page and try again.")
            if "admin" not in identity.roles and not set(roles) & set(identity.roles):
                abort(403, "Your role does not allow this.")
            g.staff = identity
            subject_var.set(identity.subject)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate
