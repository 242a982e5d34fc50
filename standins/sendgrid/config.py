"""Settings of the SendGrid stand-in, from a mapping or SENDGRID_STANDIN_* environment variables."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

ENV_PREFIX = "SENDGRID_STANDIN_"
DEFAULT_SIGNING_SEED = "sendgrid-standin development event webhook key"


@dataclasses.dataclass(frozen=True)
class StandinConfig:
    """How the stand-in behaves; every field has a default that suits local runs and tests."""

    # Where signed Event Webhook batches go; no events are posted when unset.
    event_webhook_url: str | None = None
    # When set, only this key is accepted; otherwise any Bearer key is, as with a fresh account.
    api_key: str | None = None
    max_body_bytes: int = 20 * 1024 * 1024
    rate_limit: int = 10_000
    rate_window_seconds: float = 60.0
    webhook_batch_size: int = 1000
    webhook_flush_seconds: float = 0.2
    webhook_max_attempts: int = 5
    webhook_retry_seconds: float = 0.5
    webhook_timeout_seconds: float = 10.0
    # The event-signing key pair is derived from this seed, so its public key is stable.
    signing_seed: str = DEFAULT_SIGNING_SEED

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> StandinConfig:
        """Build a config from upper-case keys (EVENT_WEBHOOK_URL, RATE_LIMIT, ...)."""
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            key = field.name.upper()
            if key not in mapping or mapping[key] in (None, ""):
                continue
            values[field.name] = _coerce(key, mapping[key], field.default)
        config = cls(**values)
        config.check()
        return config

    def check(self) -> None:
        """Refuse settings that would make the stand-in misbehave."""
        positive = {
            "MAX_BODY_BYTES": self.max_body_bytes,
            "RATE_LIMIT": self.rate_limit,
            "RATE_WINDOW_SECONDS": self.rate_window_seconds,
            "WEBHOOK_BATCH_SIZE": self.webhook_batch_size,
            "WEBHOOK_FLUSH_SECONDS": self.webhook_flush_seconds,
            "WEBHOOK_MAX_ATTEMPTS": self.webhook_max_attempts,
            "WEBHOOK_TIMEOUT_SECONDS": self.webhook_timeout_seconds,
        }
        for key, value in positive.items():
            if value <= 0:
                raise ValueError(f"{key} must be positive, got {value!r}")
        if self.webhook_retry_seconds < 0:
            raise ValueError("WEBHOOK_RETRY_SECONDS must not be negative")
        if self.event_webhook_url and not self.event_webhook_url.startswith(("http://", "https://")):
            raise ValueError(f"EVENT_WEBHOOK_URL must be an http(s) URL, got {self.event_webhook_url!r}")


def _coerce(key: str, value: Any, default: Any) -> Any:
    """Turn a raw setting into the type of its default."""
    try:
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be a number, got {value!r}") from None
    return str(value)


def config_from_env(environ: Mapping[str, str]) -> dict[str, str]:
    """Collect SENDGRID_STANDIN_* variables into a mapping for StandinConfig.from_mapping."""
    return {key[len(ENV_PREFIX) :]: value for key, value in environ.items() if key.startswith(ENV_PREFIX)}
