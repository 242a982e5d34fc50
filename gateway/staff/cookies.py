"""The staff sign-in cookies: HttpOnly, SameSite=Strict, and Secure in production."""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway.staff import form_csrf
from gateway.staff.tokens import IssuedToken
from services.kit.staff_auth import COOKIE

LOGIN_PATH = "/staff/login"


def set_token_cookie(response: Response, issued: IssuedToken, ttl_seconds: int, secure: bool) -> None:
    """Hand the browser its staff token for every path behind the gateway, unreadable to scripts."""
    response.set_cookie(
        COOKIE, issued.token, max_age=ttl_seconds, path="/", secure=secure, httponly=True, samesite="Strict"
    )


def clear_token_cookie(response: Response, secure: bool) -> None:
    """Make the browser forget its staff token."""
    response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="Strict")


def set_form_csrf_cookie(response: Response, value: str, secure: bool) -> None:
    """Store the sign-in form's double-submit value, sent back only to the sign-in page."""
    response.set_cookie(
        form_csrf.COOKIE,
        value,
        max_age=form_csrf.MAX_AGE_SECONDS,
        path=LOGIN_PATH,
        secure=secure,
        httponly=True,
        samesite="Strict",
    )


def clear_form_csrf_cookie(response: Response, secure: bool) -> None:
    """Drop the sign-in form's value once it has been used."""
    response.delete_cookie(form_csrf.COOKIE, path=LOGIN_PATH, secure=secure, httponly=True, samesite="Strict")
