"""The texts of the pages, merged with the domain's catalogue so pages look up every text in one place."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from services.leads.catalogue.catalogue import Catalogue

_HERE = Path(__file__).parent


def _flatten(node: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for name, value in node.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", str(value)


@lru_cache(maxsize=8)
def page_catalogue(lang: str = "en") -> Catalogue:
    """The domain catalogue of `lang` plus its page texts (pages.<lang>.json)."""
    base = Catalogue.load(lang)
    extra = json.loads((_HERE / f"pages.{lang}.json").read_text(encoding="utf-8"))
    return Catalogue(lang=lang, texts=MappingProxyType({**base.texts, **dict(_flatten(extra))}))
