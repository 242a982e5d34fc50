"""Typed configuration of the Stripe stand-in, from a mapping or the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_PUBLIC_URL = "http://127.0.0.1:12111"
DEFAULT_WEBHOOK_SECRET = "whsec_dev_standin"  # noqa: S105 -- the published dev-only secret, never a real one
API_VERSION = "2026-10-28.endive"

# Mapping key -> environment variable it is read from when no mapping is given.
ENV_NAMES = {
    "PUBLIC_URL": "STRIPE_STANDIN_PUBLIC_URL",
    "WEBHOOK_URL": "STRIPE_STANDIN_WEBHOOK_URL",
    "WEBHOOK_SECRET": "STRIPE_WEBHOOK_SECRET",
    "WEBHOOK_RETRY_DELAYS": "STRIPE_STANDIN_WEBHOOK_RETRY_DELAYS",
    "DUNNING_RETRY_DAYS": "STRIPE_STANDIN_DUNNING_RETRY_DAYS",
}


def _floats(value: Any, name: str) -> tuple[float, ...]:
    """Read a list of numbers given as a sequence or a comma-separated string."""
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    try:
        numbers = tuple(float(item) for item in value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a list of numbers, got {value!r}") from exc
    if any(number < 0 for number in numbers):
        raise ValueError(f"{name} must not contain negative numbers")
    return numbers


@dataclass(frozen=True)
class StandinConfig:
    """Settings of one stand-in process."""

    public_url: str = DEFAULT_PUBLIC_URL
    webhook_url: str | None = None
    webhook_secret: str = DEFAULT_WEBHOOK_SECRET
    # Delays before each webhook retry: five tries in all, as short as dev needs.
    webhook_retry_delays: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)
    # Days after the first failed renewal charge on which the charge is retried.
    dunning_retry_days: tuple[float, ...] = (3.0, 5.0, 7.0)
    webhook_timeout: float = 5.0

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> StandinConfig:
        """Build the config from a mapping using the keys in ENV_NAMES."""
        return cls(
            public_url=str(values.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/"),
            webhook_url=values.get("WEBHOOK_URL") or None,
            webhook_secret=str(values.get("WEBHOOK_SECRET") or DEFAULT_WEBHOOK_SECRET),
            webhook_retry_delays=_floats(
                values.get("WEBHOOK_RETRY_DELAYS", cls.webhook_retry_delays), "WEBHOOK_RETRY_DELAYS"
            ),
            dunning_retry_days=_floats(values.get("DUNNING_RETRY_DAYS", cls.dunning_retry_days), "DUNNING_RETRY_DAYS"),
            webhook_timeout=float(values.get("WEBHOOK_TIMEOUT", cls.webhook_timeout)),
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StandinConfig:
        """Build the config from the process environment."""
        env = os.environ if environ is None else environ
        return cls.from_mapping({key: env[name] for key, name in ENV_NAMES.items() if env.get(name)})
