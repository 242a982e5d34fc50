"""Stripe-style object ids: a type prefix and random base62 characters."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits

# Lengths of the random part, as seen on real Stripe ids.
_LENGTHS = {"cs_test": 58, "evt": 24, "req": 14, "cus": 14, "prod": 14, "si": 14}


def new_id(prefix: str) -> str:
    """Return a fresh id such as `cus_QXg1o8vcGmoR32` for the given prefix."""
    length = _LENGTHS.get(prefix, 24)
    return f"{prefix}_" + "".join(secrets.choice(_ALPHABET) for _ in range(length))
