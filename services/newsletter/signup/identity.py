"""An address, normalised, and the keyed hash that finds a person without storing their address."""

from __future__ import annotations

import hashlib
import hmac

from email_validator import SPECIAL_USE_DOMAIN_NAMES

from services.newsletter.subscriber_domain.csv_import import normalize_email

# The address email-validator accepts, in its ASCII form, as a pattern a document can state: a dot-atom
# before the @; after it labels of letters, digits and inner hyphens (never "ab--", which only Punycode
# may start with), at most 63 long, a last label ending in a letter, and no special-use name such as
# .test or .localhost (email-validator's own list). Addresses in other scripts are accepted besides.
_ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LABEL = "(?![A-Za-z0-9-]{2}--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_LAST_LABEL = "(?![A-Za-z0-9-]{2}--)(?:[A-Za-z0-9][A-Za-z0-9-]{0,61})?[A-Za-z]"
_SPECIAL = "|".join("".join(f"[{c}{c.upper()}]" for c in name) for name in SPECIAL_USE_DOMAIN_NAMES)
EMAIL_PATTERN = f"^(?!.*[@.](?:{_SPECIAL})$){_ATEXT}+(?:\\.{_ATEXT}+)*@(?:{_LABEL}\\.)+{_LAST_LABEL}$"
# email-validator's limit for a whole address.
MAX_EMAIL_LENGTH = 254


class EmailHasher:
    """Keyed hash of lower-cased addresses, used for holds, suppressions and provider events.

    The key is derived from the link-signing key; rotating that key means rehashing these tables.
    """

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), b"newsletter.email-hash", hashlib.sha256).digest()

    def __call__(self, email: str) -> str:
        """Return the hex digest for an address (any case, surrounding spaces ignored)."""
        return hmac.new(self._key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def clean_email(raw: str) -> str:
    """Return the normalised address; raise ValueError when it is not one."""
    if len(raw) > 320:
        raise ValueError("The address is too long.")
    return normalize_email(raw)
