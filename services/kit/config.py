"""Typed settings read once from the environment; production refuses to start without secrets."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any, TypeVar, get_type_hints

from services.kit.dev_keys import DEV_STAFF_PUBLIC_KEY_PEM

T = TypeVar("T", bound="BaseSettings")


class ConfigError(RuntimeError):
    """The environment does not describe a runnable configuration."""


def setting(env: str, default: Any = None, *, secret: bool = False, dev: Any = None) -> Any:
    """Declare a field read from environment variable `env` ({SVC} is the service's prefix)."""
    return dataclasses.field(default=default, metadata={"env": env, "secret": secret, "dev": dev})


def _coerce(raw: str, kind: Any) -> Any:
    """Turn an environment string into the field's declared type."""
    if kind is bool:
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"not a boolean: {raw!r}")
    if kind is int:
        return int(raw)
    if kind is float:
        return float(raw)
    if kind == tuple[str, ...]:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


@dataclasses.dataclass(frozen=True)
class BaseSettings:
    """Settings every process shares; services subclass it to add their own."""

    service: str = "app"
    app_env: str = setting("APP_ENV", "development")
    log_level: str = setting("LOG_LEVEL", "INFO")
    public_url: str = setting("PUBLIC_URL", "http://127.0.0.1:8000")
    events_signing_key: str = setting("EVENTS_SIGNING_KEY", "", secret=True, dev="dev-events-signing-key")
    staff_token_public_key: str = setting("STAFF_TOKEN_PUBLIC_KEY", "", secret=True, dev=DEV_STAFF_PUBLIC_KEY_PEM)
    # The clinic's profile (config/clinic.toml, the fictional development clinic, when unset).
    clinic_profile_path: str = setting("CLINIC_PROFILE_PATH", "")

    @property
    def is_production(self) -> bool:
        """Tell whether the strict production rules apply."""
        return self.app_env == "production"

    @classmethod
    def from_env(cls: type[T], env: Mapping[str, str] | None = None, **overrides: Any) -> T:
        """Build settings from a mapping (the process environment by default)."""
        source = dict(os.environ if env is None else env)
        hints = get_type_hints(cls)
        service = str(overrides.get("service", cls.service))
        production = source.get("APP_ENV", "development") == "production"
        values: dict[str, Any] = {}
        missing: list[str] = []
        for field in dataclasses.fields(cls):
            if field.name in overrides:
                values[field.name] = overrides[field.name]
                continue
            meta = field.metadata
            if "env" not in meta:
                continue
            name = meta["env"].replace("{SVC}", service.upper())
            raw = source.get(name)
            if raw is None or raw == "":
                if meta["secret"] and production:
                    missing.append(name)
                    continue
                if not production and meta["dev"] is not None:
                    dev = meta["dev"]
                    values[field.name] = dev.replace("{svc}", service) if isinstance(dev, str) else dev
                continue
            try:
                values[field.name] = _coerce(raw, hints[field.name])
            except ValueError as exc:
                raise ConfigError(f"{name}: {exc}") from exc
        if missing:
            raise ConfigError("production configuration is missing: " + ", ".join(sorted(missing)))
        return cls(**values)
