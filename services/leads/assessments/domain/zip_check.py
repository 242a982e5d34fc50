"""Check a ZIP code against the visitor's state and find its county, offline."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from services.leads.assessments.domain.errors import InvalidAnswers
from services.leads.assessments.domain.zip_lookup import zip_record

# The API documents this pattern; spaces around the code are what a form's copy and paste leaves.
ZIP_PATTERN = "^ *([0-9]{5})(-[0-9]{4})? *$"
_ZIP = re.compile(ZIP_PATTERN)
_AREAS = Path(__file__).parent / "data" / "service_areas.json"

# USPS codes a US residence can have: states, DC, territories, freely associated states, APO/FPO.
STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY "
    "AS GU MP PR VI FM MH PW AA AE AP".split()
)


@dataclass(frozen=True)
class County:
    """A county, keyed by state and name (Union County exists in FL and NJ)."""

    state: str
    name: str


@dataclass(frozen=True)
class ZipCheck:
    """A ZIP that agrees with its state: its 5-digit form and county, when known."""

    zip5: str
    state: str
    county: County | None


@dataclass(frozen=True)
class _ServiceAreas:
    zip_prefixes: dict[str, tuple[str, ...]]
    counties: dict[str, frozenset[str]]
    aliases: dict[str, dict[str, str]]


@lru_cache(maxsize=1)
def _areas() -> _ServiceAreas:
    raw = json.loads(_AREAS.read_text(encoding="utf-8"))
    return _ServiceAreas(
        zip_prefixes={st: tuple(p) for st, p in raw["zip_prefixes"].items()},
        counties={st: frozenset(names) for st, names in raw["counties"].items()},
        aliases=raw["aliases"],
    )


def served_counties(state: str) -> frozenset[str]:
    """Canonical county names of a served state (empty for states the clinic does not serve)."""
    return _areas().counties.get(state, frozenset())


def check_zip(state: str, zip_code: str) -> ZipCheck:
    """Accept `zip_code` only if it lies in `state`; raise InvalidAnswers on location.* otherwise.

    In FL and NJ the ZIP prefix decides (a new ZIP missing from the USPS data is still
    accepted, without a county); elsewhere the ZIP must exist in the data and match the state.
    """
    if state not in STATE_CODES:
        raise InvalidAnswers.one("location.state", "state_unknown")
    match = _ZIP.match(zip_code)
    if not match:
        raise InvalidAnswers.one("location.zip", "zip_format")
    zip5 = match.group(1)
    record = zip_record(zip5)
    prefixes = _areas().zip_prefixes.get(state)
    if prefixes is not None and not zip5.startswith(prefixes):
        raise InvalidAnswers.one("location.zip", "zip_state_mismatch", state=state)
    if record is None:
        if prefixes is None:
            raise InvalidAnswers.one("location.zip", "zip_unknown")
        return ZipCheck(zip5, state, None)
    if record["state"] != state:
        raise InvalidAnswers.one("location.zip", "zip_state_mismatch", state=state)
    return ZipCheck(zip5, state, _county(state, record["county"]))


def _county(state: str, name: str) -> County | None:
    if not name:
        return None
    areas = _areas()
    name = areas.aliases.get(state, {}).get(name, name)
    if state in areas.counties and name not in areas.counties[state]:
        return None
    return County(state, name)
