"""Staff tokens for the proofs, issued with the development key as the gateway would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM
from services.kit.staff_auth import AUDIENCE, ISSUER


def staff_headers(*roles: str) -> dict[str, str]:
    """Authorization for a staff member with `roles`, valid for two hours."""
    now = datetime.now(UTC)
    claims = {"sub": f"proof-{'-'.join(roles)}", "roles": list(roles), "csrf": "proof", "iss": ISSUER, "aud": AUDIENCE}
    token = jwt.encode({**claims, "iat": now, "exp": now + timedelta(hours=2)}, DEV_STAFF_PRIVATE_KEY_PEM, "EdDSA")
    return {"Authorization": f"Bearer {token}"}
