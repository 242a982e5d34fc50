"""The clinic's profile (name, clinicians, phone, address, hours, service area, price) read from one TOML file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.kit.clinic_profile_reader import ClinicProfileError, Reader

DEFAULT_PROFILE = Path(__file__).resolve().parents[2] / "config" / "clinic.toml"
E164 = re.compile(r"^\+1\d{10}$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PHYSICIAN_DEGREES = frozenset({"MD", "DO"})

__all__ = ["ClinicProfile", "ClinicProfileError", "load_clinic_profile"]


@dataclass(frozen=True)
class Licence:
    """A state licence a clinician holds."""

    state: str
    number: str


@dataclass(frozen=True)
class Clinician:
    """A person who treats the clinic's patients."""

    name: str
    credentials: str
    role: str
    bio: str
    licences: tuple[Licence, ...]

    @property
    def display_name(self) -> str:
        """Name with credentials, as a person would write it on a door."""
        return f"{self.name}, {self.credentials}"

    @property
    def is_physician(self) -> bool:
        """Tell whether the clinician holds a physician's degree (MD or DO)."""
        return any(part.strip() in PHYSICIAN_DEGREES for part in self.credentials.split(","))


@dataclass(frozen=True)
class Address:
    """The clinic's postal address."""

    street: str
    city: str
    state: str
    postal_code: str

    @property
    def one_line(self) -> str:
        """The address on one line, as the footer and emails print it."""
        return f"{self.street}, {self.city}, {self.state} {self.postal_code}"


@dataclass(frozen=True)
class OpeningHours:
    """The hours the clinic's team answers on some days of the week (clinic time)."""

    days: tuple[str, ...]
    opens: str
    closes: str

    @property
    def days_label(self) -> str:
        """Name the days: one day, a run like "Monday to Friday", or a list."""
        if len(self.days) == 1:
            return self.days[0]
        positions = [WEEKDAYS.index(day) for day in self.days]
        if positions == list(range(positions[0], positions[0] + len(positions))):
            return f"{self.days[0]} to {self.days[-1]}"
        return ", ".join(self.days[:-1]) + " and " + self.days[-1]

    @property
    def hours_label(self) -> str:
        """The opening and closing times as people read them (9 a.m. to 6 p.m.)."""
        return f"{clock_label(self.opens)} to {clock_label(self.closes)}"


@dataclass(frozen=True)
class ServedState:
    """A state the clinic treats patients in."""

    code: str
    name: str
    counties: int

    @property
    def label(self) -> str:
        """The state with its county count: "Florida (all 67 counties)"."""
        return f"{self.name} (all {self.counties} counties)"


@dataclass(frozen=True)
class Membership:
    """The monthly membership's price and what it includes."""

    monthly_usd: int
    includes: tuple[str, ...]

    @property
    def price_label(self) -> str:
        """The price as the pages print it: "$250/month"."""
        return f"${self.monthly_usd:,}/month"


@dataclass(frozen=True)
class ClinicProfile:
    """Everything the pages, emails and structured data say about the clinic itself."""

    name: str
    legal_name: str
    fictional: bool
    phone: str
    email: str
    privacy_email: str
    timezone: str
    address: Address
    hours: tuple[OpeningHours, ...]
    service_area: tuple[ServedState, ...]
    membership: Membership
    clinicians: tuple[Clinician, ...]

    @property
    def phone_display(self) -> str:
        """The phone number as people dial it: (813) 555-0142."""
        digits = self.phone[2:]
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"

    @property
    def service_area_line(self) -> str:
        """Where the clinic treats: "Florida (all 67 counties) and New Jersey (all 21 counties)"."""
        labels = [state.label for state in self.service_area]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]

    @property
    def hours_line(self) -> str:
        """All opening hours on one line, with the time zone named."""
        parts = [f"{block.days_label}, {block.hours_label}" for block in self.hours]
        return "; ".join(parts) + " (Eastern Time)"

    @property
    def medical_director(self) -> Clinician:
        """The clinician whose role names them medical director, or the first one listed."""
        for clinician in self.clinicians:
            if "medical director" in clinician.role.lower():
                return clinician
        return self.clinicians[0]


def clock_label(value: str) -> str:
    """Turn "09:00" into "9 a.m." and "17:30" into "5:30 p.m."."""
    hour, minute = (int(part) for part in value.split(":"))
    suffix = "a.m." if hour < 12 else "p.m."
    shown = hour % 12 or 12
    return f"{shown} {suffix}" if minute == 0 else f"{shown}:{minute:02d} {suffix}"


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
