"""Load a language's text catalogue and look texts up by dotted key."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

_HERE = Path(__file__).parent
_LANG = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
_FORMATTER = string.Formatter()


class MissingText(KeyError):
    """A text key, or a parameter a text needs, is not in the catalogue."""


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Flat, read-only map of dotted keys to texts for one language."""

    lang: str
    texts: Mapping[str, str]

    @classmethod
    def load(cls, lang: str = "en") -> Catalogue:
        """Return the catalogue for `lang` (read once per process)."""
        if not _LANG.match(lang):
            raise ValueError(f"not a language tag: {lang!r}")
        return _load(lang)

    def t(self, key: str, **params: Any) -> str:
        """Return the text at `key`, with `{name}` placeholders filled from params."""
        try:
            text = self.texts[key]
        except KeyError:
            raise MissingText(f"{self.lang}: no text at {key!r}") from None
        names = self.placeholders(key)
        missing = names - params.keys()
        if missing:
            raise MissingText(f"{self.lang}: {key!r} needs {sorted(missing)}")
        return text.format(**params) if names else text

    def has(self, key: str) -> bool:
        """Tell whether `key` names a text."""
        return key in self.texts

    def keys(self, prefix: str = "") -> list[str]:
        """List the keys that start with `prefix`, in catalogue order."""
        return [key for key in self.texts if key.startswith(prefix)]

    def placeholders(self, key: str) -> frozenset[str]:
        """Name the `{placeholders}` the text at `key` expects."""
        return frozenset(field for _, field, _, _ in _FORMATTER.parse(self.texts[key]) if field)


@lru_cache(maxsize=8)
def _load(lang: str) -> Catalogue:
    path = _HERE / f"{lang}.json"
    if not path.is_file():
        raise ValueError(f"no catalogue for language {lang!r}")
    with path.open(encoding="utf-8") as handle:
        tree = json.load(handle)
    return Catalogue(lang=lang, texts=MappingProxyType(dict(_flatten(tree, ""))))


def _flatten(node: Mapping[str, Any], prefix: str):
    for name, value in node.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            yield from _flatten(value, key + ".")
        elif isinstance(value, str):
            yield key, value
        else:
            raise ValueError(f"catalogue value at {key!r} must be text or an object")
