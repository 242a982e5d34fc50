"""The clinic profile: the shipped development clinic is complete, and a broken profile is refused at load."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from services.kit.clinic_profile import DEFAULT_PROFILE, ClinicProfileError, load_clinic_profile, parse_clinic_profile
from services.kit.clinic_profile_model import OpeningHours
from services.kit.clinic_profile_reader import Reader


def shipped() -> dict[str, Any]:
    """The development profile as parsed TOML, to break one piece at a time."""
    return tomllib.loads(DEFAULT_PROFILE.read_text(encoding="utf-8"))


def without(data: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    """A copy of `data` with the field at `path` removed."""
    broken = copy.deepcopy(data)
    holder = broken
    for step in path[:-1]:
        holder = holder[step]
    del holder[path[-1]]
    return broken


def test_the_development_clinic_is_complete_and_clearly_fictional() -> None:
    """The shipped profile names a fictional clinic with 555 numbers, both states and their counties, and the price."""
    clinic = load_clinic_profile()
    assert clinic.fictional is True
    assert clinic.phone == "+18135550142" and clinic.phone_display == "(813) 555-0142"
    assert clinic.service_area_line == "Florida (all 67 counties) and New Jersey (all 21 counties)"
    assert clinic.membership.price_label == "$250/month"
    assert clinic.hours_line == "Monday to Friday, 8 a.m. to 6 p.m., Eastern Time"
    assert all("fictional" in licence.number for person in clinic.clinicians for licence in person.licences)
    assert clinic.medical_director.display_name == "Dr. Avery Example, MD"


@pytest.mark.parametrize(
    "path",
    [
        ("phone",),
        ("name",),
        ("address", "city"),
        ("hours", 0, "closes"),
        ("service_area", 1, "counties"),
        ("membership", "monthly_usd"),
        ("clinicians", 0, "credentials"),
        ("clinicians", 2, "licences", 0, "number"),
    ],
)
def test_a_profile_missing_a_field_is_refused_and_the_field_named(path: tuple[Any, ...]) -> None:
    """Removing any one required field makes loading fail with a message naming that field."""
    with pytest.raises(ClinicProfileError, match=f"'{path[-1]}' is missing"):
        parse_clinic_profile(Reader(without(shipped(), path), "clinic.toml"))


def test_a_profile_file_without_a_phone_is_refused_at_load(tmp_path: Path) -> None:
    """The file loader itself refuses a profile whose phone line is gone."""
    text = DEFAULT_PROFILE.read_text(encoding="utf-8")
    broken = tmp_path / "clinic.toml"
    broken.write_text("\n".join(line for line in text.splitlines() if not line.startswith("phone =")), encoding="utf-8")
    with pytest.raises(ClinicProfileError, match="'phone' is missing"):
        load_clinic_profile(broken)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data.update(phone="813-555-0142"), "E.164"),
        (lambda data: data.update(fax="+18135550199"), "unknown field"),
        (lambda data: data["address"].update(postal_code="336"), "ZIP"),
        (lambda data: data["hours"][0].update(days=["Funday"]), "not a day of the week"),
        (lambda data: data["hours"][0].update(closes="08:00"), "later than opens"),
        (lambda data: data["service_area"][0].update(counties=0), "positive whole number"),
        (lambda data: data.update(timezone="Mars/Olympus"), "time zone"),
        (lambda data: data.update(clinicians=[]), "at least one entry"),
    ],
)
def test_a_malformed_profile_is_refused_with_the_reason(change: Any, message: str) -> None:
    """A wrong value, a misspelt key or an empty list is refused, never silently used."""
    data = shipped()
    change(data)
    with pytest.raises(ClinicProfileError, match=message):
        parse_clinic_profile(Reader(data, "clinic.toml"))


def test_a_state_served_without_a_licensed_clinician_is_refused() -> None:
    """Every state in the service area needs a clinician licensed there, since patients are treated where they are."""
    data = shipped()
    for person in data["clinicians"]:
        person["licences"] = [licence for licence in person["licences"] if licence["state"] != "NJ"] or [
            {"state": "FL", "number": "ME 1"}
        ]
    with pytest.raises(ClinicProfileError, match="no clinician is licensed in NJ"):
        parse_clinic_profile(Reader(data, "clinic.toml"))


def test_a_missing_profile_file_is_refused(tmp_path: Path) -> None:
    """Pointing at a file that does not exist stops the load with a clear message."""
    with pytest.raises(ClinicProfileError, match="cannot read the clinic profile"):
        load_clinic_profile(tmp_path / "nowhere.toml")


@pytest.mark.parametrize(
    ("days", "opens", "closes", "label"),
    [
        (("Saturday",), "10:00", "14:00", "Saturday, 10 a.m. to 2 p.m."),
        (("Monday", "Tuesday", "Wednesday"), "08:30", "12:00", "Monday to Wednesday, 8:30 a.m. to 12 p.m."),
        (("Monday", "Wednesday", "Friday"), "13:00", "19:45", "Monday, Wednesday and Friday, 1 p.m. to 7:45 p.m."),
    ],
)
def test_opening_hours_read_as_people_say_them(days: tuple[str, ...], opens: str, closes: str, label: str) -> None:
    """One day, a run of days and scattered days each read naturally, with 12-hour times."""
    block = OpeningHours(days=days, opens=opens, closes=closes)
    assert f"{block.days_label}, {block.hours_label}" == label
