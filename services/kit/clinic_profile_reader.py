"""Typed reads from a parsed TOML table that name the exact field when something is missing or wrong."""

from __future__ import annotations

import re
from typing import Any


class ClinicProfileError(ValueError):
    """The clinic profile is missing a field, has an unknown one, or holds a value of the wrong kind."""


class Reader:
    """One TOML table, read field by field; `done()` refuses fields nobody asked for (typos)."""

    def __init__(self, data: Any, where: str):
        if not isinstance(data, dict):
            raise ClinicProfileError(f"{where}: expected a table")
        self.data = data
        self.where = where
        self.seen: set[str] = set()

    def _get(self, key: str) -> Any:
        """Return the raw value of `key`, refusing a missing one."""
        self.seen.add(key)
        if key not in self.data:
            raise ClinicProfileError(f"{self.where}: the field {key!r} is missing")
        return self.data[key]

    def text(self, key: str, pattern: re.Pattern[str] | None = None, meaning: str = "") -> str:
        """Read a non-empty string, optionally one matching `pattern` (described by `meaning`)."""
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise ClinicProfileError(f"{self.where}.{key}: expected a non-empty text")
        if pattern is not None and not pattern.match(value):
            raise ClinicProfileError(f"{self.where}.{key}: expected {meaning}, got {value!r}")
        return value.strip()

    def texts(self, key: str) -> tuple[str, ...]:
        """Read a non-empty list of non-empty strings."""
        value = self._get(key)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(item, str) and item.strip() for item in value)
        ):
            raise ClinicProfileError(f"{self.where}.{key}: expected a non-empty list of texts")
        return tuple(item.strip() for item in value)

    def number(self, key: str) -> int:
        """Read a positive whole number."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ClinicProfileError(f"{self.where}.{key}: expected a positive whole number")
        return value

    def flag(self, key: str) -> bool:
        """Read a true/false value."""
        value = self._get(key)
        if not isinstance(value, bool):
            raise ClinicProfileError(f"{self.where}.{key}: expected true or false")
        return value

    def table(self, key: str) -> Reader:
        """Read a nested table."""
        return Reader(self._get(key), f"{self.where}.{key}")

    def tables(self, key: str) -> list[Reader]:
        """Read a non-empty array of tables."""
        value = self._get(key)
        if not isinstance(value, list) or not value:
            raise ClinicProfileError(f"{self.where}.{key}: expected at least one entry")
        return [Reader(item, f"{self.where}.{key}[{index}]") for index, item in enumerate(value)]

    def done(self) -> None:
        """Refuse any field that was not read, so a misspelt key is caught at load and not ignored."""
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise ClinicProfileError(f"{self.where}: unknown field(s) {', '.join(unknown)}")
