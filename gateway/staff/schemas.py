"""What staff send to sign in, and what they get back."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, fields, post_load, pre_load, validate

from gateway.staff.passwords import MAX_LENGTH


class CredentialsSchema(Schema):
    """An address, a password and, for accounts with a second factor, the current 6-digit code."""

    class Meta:
        """Refuse fields the API does not know."""

        unknown = RAISE

    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=MAX_LENGTH))
    totp = fields.String(
        load_default=None,
        load_only=True,
        validate=validate.Regexp(r"^\d{6}$", error="Enter the 6 digits your authenticator app shows."),
    )

    @pre_load
    def tidy_code(self, data: Any, **_: Any) -> Any:
        """Accept codes typed with spaces ("123 456") and treat an empty code as none."""
        if isinstance(data, dict) and isinstance(data.get("totp"), str):
            data = dict(data)
            data["totp"] = data["totp"].replace(" ", "") or None
            if data["totp"] is None:
                del data["totp"]
        return data

    @post_load
    def lower_email(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        """Compare addresses case-insensitively."""
        data["email"] = data["email"].strip().lower()
        return data


class LoginFormSchema(CredentialsSchema):
    """The sign-in form's fields; its CSRF token and `next` are read separately."""

    class Meta:
        """Let the form carry its other fields."""

        unknown = EXCLUDE


class TokenSchema(Schema):
    """A signed staff token and the instant it stops working."""

    token = fields.String(required=True)
    expires_at = fields.DateTime(required=True, format="iso")


class RenewedSchema(Schema):
    """When the renewed token ends, and when the whole session ends (0 when it has no absolute limit)."""

    expires_at = fields.Integer(required=True, metadata={"description": "Unix seconds"})
    session_ends_at = fields.Integer(required=True, metadata={"description": "Unix seconds, or 0"})
