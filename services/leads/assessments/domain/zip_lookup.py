"""Find a ZIP code's USPS record in constant time (the package's own lookup scans every ZIP)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import zipcodes


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, Any]]:
    """Index the offline USPS data by 5-digit ZIP, once per process."""
    index: dict[str, dict[str, Any]] = {}
    for record in zipcodes.list_all():
        index.setdefault(record["zip_code"], record)
    return index


def zip_record(zip5: str) -> dict[str, Any] | None:
    """The USPS record of a 5-digit ZIP, or None when the data does not know it."""
    return _index().get(zip5)


def warm_up() -> None:
    """Build the index now, so the first visitor does not wait for it."""
    _index()
