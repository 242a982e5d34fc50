"""CSRF protection for the sign-in form: a signed double-submit token (cookie plus hidden field)."""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "staff_login_csrf"
FIELD = "csrf_token"
MAX_AGE_SECONDS = 3600


class FormCsrf:
    """Issue and check the pair; the field is signed, so a planted cookie alone cannot forge it."""

    def __init__(self, key: bytes, max_age: int = MAX_AGE_SECONDS):
        self.serializer = URLSafeTimedSerializer(key, salt="staff-login-form")
        self.max_age = max_age

    def issue(self) -> tuple[str, str]:
        """Return a fresh (cookie value, form field value) pair."""
        nonce = secrets.token_urlsafe(32)
        return nonce, str(self.serializer.dumps(nonce))

    def check(self, cookie_value: str | None, field_value: str | None) -> bool:
        """Tell whether the form field is a recent signature of the cookie's value."""
        if not cookie_value or not field_value:
            return False
        try:
            nonce = self.serializer.loads(field_value, max_age=self.max_age)
        except BadSignature:
            return False
        return isinstance(nonce, str) and hmac.compare_digest(nonce, cookie_value)
