"""Time-based one-time codes (RFC 6238): enrolment and single-use checking."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp

TOTP_ISSUER = "Clinic staff"
DRIFT_STEPS = 1  # accept the code of the previous and next 30-second step too


def new_secret() -> str:
    """Make a fresh base32 secret for an authenticator app."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str) -> str:
    """Build the otpauth:// URI (or QR code content) an authenticator app enrols from."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=TOTP_ISSUER)


def accepted_step(secret: str, code: str, now: datetime, last_used_step: int | None) -> int | None:
    """Return the time step `code` belongs to, or None; a step already used is refused (no replay)."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
