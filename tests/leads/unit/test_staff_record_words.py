"""Staff pages have words for every code the service stores, and times in the clinic's zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.kit.local_time import local_date, local_time
from services.leads.assessments.domain import OUTCOMES, load_rules
from services.leads.assessments.domain.eligibility_rules import BELOW_THRESHOLD
from services.leads.assessments.intake import CONSENT_CHANNELS, SEVERITY_RANK
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.consultations.windows import PERIOD_NAMES
from services.leads.contact.inquiries import RELATIONSHIPS
from services.leads.staff.pipeline import STATUSES
from services.leads.staff.record_labels import label, phone_display
from services.leads.staff.staff_names import actor_name

T = page_catalogue("en")


def _rule_codes() -> list[str]:
    rules = load_rules()
    codes = [gate.code for gate in rules.gates]
    codes += [code for _, code in rules.perinatal_flags] + [code for _, code in rules.history_flags]
    codes += [c.code for c in rules.medication_classes]
    return [*codes, "phq9_threshold", "epds_threshold", BELOW_THRESHOLD]


@pytest.mark.parametrize(
    ("group", "codes"),
    [
        ("outcome", OUTCOMES),
        ("status", STATUSES),
        ("relationship", RELATIONSHIPS),
        ("channel", [channel for channel, _ in CONSENT_CHANNELS]),
        ("period", list(PERIOD_NAMES)),
        ("reason", _rule_codes()),
        ("severity", [str(rank) for rank in SEVERITY_RANK.values()]),
        ("tier", ["high", "elevated"]),
        ("safety", ["none", "flagged", "cleared"]),
        ("kind", ["assessment", "inquiry", "consultation", "waitlist"]),
        ("safety_reason", ["phq9_item9", "epds_item10"]),
        ("spam", ["honeypot", "too_fast", "ip_rate", "email_rate"]),
    ],
)
def test_every_stored_code_has_staff_words(group, codes):
    """A new code without a staff label fails here rather than showing as a slug."""
    missing = [code for code in codes if not T.has(f"staff_record.{group}.{code}")]
    assert missing == []


def test_an_unknown_code_still_reads_as_words_and_nothing_reads_none():
    """A code the catalogue lacks is humanised; a missing value is a dash, never "None"."""
    assert label(T, "relationship", "sister_in_law") == "Sister in law"
    assert label(T, "outcome", None) == "—"


def test_times_read_in_eastern_time_with_the_zone_in_winter_and_summer():
    """UTC instants show as New York wall time, EST or EDT as the date requires."""
    assert local_time(datetime(2026, 12, 3, 14, 14, tzinfo=UTC)) == "Dec 3, 2026, 9:14 AM EST"
    assert local_time("2026-07-04T00:05:00+00:00") == "Jul 3, 2026, 8:05 PM EDT"
    assert local_time(None) == "" and local_date("1994-03-02") == "Mar 2, 1994"


def test_staff_are_named_by_email_and_old_ids_by_number():
    """A remembered subject reads as its email; an unremembered staff:N as "Staff member #N"."""
    emails = {"staff:7": "dr.kim@clinic.example"}
    assert actor_name("staff:7", emails, T) == "dr.kim@clinic.example"
    assert actor_name("staff:2", emails, T) == "Staff member #2"
    assert actor_name("billing", emails, T) == "Billing (automatic)"
    assert phone_display("+13055550123") == "(305) 555-0123"
