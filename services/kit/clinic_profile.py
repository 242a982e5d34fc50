"""The clinic's profile (name, clinicians, phone, address, hours, service area, price) read from one TOML file.

The values themselves are in clinic_profile_model; this module reads and checks the file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.kit.clinic_profile_model import (
    WEEKDAYS,
    Address,
    Clinician,
    ClinicProfile,
    Licence,
    Membership,
    OpeningHours,
    ServedState,
)
from services.kit.clinic_profile_reader import ClinicProfileError, Reader

DEFAULT_PROFILE = Path(__file__).resolve().parents[2] / "config" / "clinic.toml"
E164 = re.compile(r"^\+1\d{10}$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

__all__ = ["ClinicProfile", "ClinicProfileError", "load_clinic_profile"]


def load_clinic_profile(path: str | Path | None = None) -> ClinicProfile:
    """Read and validate the profile at `path` (the shipped development profile by default)."""
    source = Path(path) if path else DEFAULT_PROFILE
    try:
        raw = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClinicProfileError(f"cannot read the clinic profile {source}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ClinicProfileError(f"the clinic profile {source} is not valid TOML: {exc}") from exc
    return parse_clinic_profile(Reader(raw, str(source)))


def parse_clinic_profile(top: Reader) -> ClinicProfile:
    """Build the profile from its parsed TOML, refusing missing, unknown or malformed fields."""
    profile = ClinicProfile(
        name=top.text("name"),
        legal_name=top.text("legal_name"),
        fictional=top.flag("fictional"),
        phone=top.text("phone", E164, "a US number in E.164 form, like +18135550142"),
        email=top.text("email", re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), "an email address"),
        privacy_email=top.text("privacy_email", re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), "an email address"),
        timezone=parse_timezone(top),
        address=parse_address(top.table("address")),
        hours=tuple(parse_hours(block) for block in top.tables("hours")),
        service_area=tuple(parse_state(block) for block in top.tables("service_area")),
        membership=parse_membership(top.table("membership")),
        clinicians=tuple(parse_clinician(block) for block in top.tables("clinicians")),
    )
    top.done()
    served = {state.code for state in profile.service_area}
    for state in sorted(served):
        if not any(licence.state == state for person in profile.clinicians for licence in person.licences):
            raise ClinicProfileError(f"{top.where}: no clinician is licensed in {state}, which the clinic serves")
    return profile


def parse_timezone(top: Reader) -> str:
    """Read the clinic's IANA time zone, refusing one the system does not know."""
    name = top.text("timezone")
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError) as exc:
        raise ClinicProfileError(f"{top.where}.timezone: {name!r} is not a known time zone") from exc
    return name


def parse_address(block: Reader) -> Address:
    """Read the [address] table."""
    address = Address(
        street=block.text("street"),
        city=block.text("city"),
        state=block.text("state", re.compile(r"^[A-Z]{2}$"), "a two-letter state code"),
        postal_code=block.text("postal_code", re.compile(r"^\d{5}$"), "a five-digit ZIP code"),
    )
    block.done()
    return address


def parse_hours(block: Reader) -> OpeningHours:
    """Read one [[hours]] table."""
    days = block.texts("days")
    for day in days:
        if day not in WEEKDAYS:
            raise ClinicProfileError(f"{block.where}.days: {day!r} is not a day of the week")
    hours = OpeningHours(
        days=days,
        opens=block.text("opens", CLOCK, "a 24-hour time like 09:00"),
        closes=block.text("closes", CLOCK, "a 24-hour time like 18:00"),
    )
    if hours.closes <= hours.opens:
        raise ClinicProfileError(f"{block.where}: closes must be later than opens")
    block.done()
    return hours


def parse_state(block: Reader) -> ServedState:
    """Read one [[service_area]] table."""
    state = ServedState(
        code=block.text("state", re.compile(r"^[A-Z]{2}$"), "a two-letter state code"),
        name=block.text("name"),
        counties=block.number("counties"),
    )
    block.done()
    return state


def parse_membership(block: Reader) -> Membership:
    """Read the [membership] table."""
    membership = Membership(monthly_usd=block.number("monthly_usd"), includes=block.texts("includes"))
    block.done()
    return membership


def parse_clinician(block: Reader) -> Clinician:
    """Read one [[clinicians]] table with its licences."""
    licences = []
    for entry in block.tables("licences"):
        licences.append(
            Licence(
                state=entry.text("state", re.compile(r"^[A-Z]{2}$"), "a two-letter state code"),
                number=entry.text("number"),
            )
        )
        entry.done()
    clinician = Clinician(
        name=block.text("name"),
        credentials=block.text("credentials"),
        role=block.text("role"),
        bio=block.text("bio"),
        licences=tuple(licences),
    )
    block.done()
    return clinician
