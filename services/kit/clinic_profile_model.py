"""What the clinic profile says: typed, immutable values the pages, footers and structured data print."""

from __future__ import annotations

from dataclasses import dataclass

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PHYSICIAN_DEGREES = frozenset({"MD", "DO"})


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
        return "; ".join(parts) + ", Eastern Time"

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
