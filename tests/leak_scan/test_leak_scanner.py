"""The scanner that reads the end-to-end systems' logs, mails and Stripe requests finds what it must."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.leak_scan import LeakScan

OWN = "ana-7f3@example.com"


def mail(**fields: object) -> dict[str, object]:
    """A mail as the SendGrid stand-in lists it, to one person, with nothing wrong in it."""
    base: dict[str, object] = {
        "id": "abcPHQdef-0",
        "to": OWN,
        "to_name": "Ana",
        "from": "care@clinic.example",
        "subject": "Your consultation request",
        "html": "<p>Call or text 988 for the Suicide &amp; Crisis Lifeline. Ketamine therapy for depression.</p>",
        "text": "Call us on (813) 555-0142. If you are in crisis, call or text 988 (Suicide & Crisis Lifeline).",
        "categories": ["consultation"],
        "custom_args": {"lead": "7"},
    }
    base.update(fields)
    return base


def kinds(scan: LeakScan) -> list[tuple[str, str]]:
    """The kind and text of each finding."""
    return [(finding.kind, finding.text) for finding in scan.findings]


def test_a_clean_mail_passes_and_the_person_may_be_its_recipient() -> None:
    """The recipient's address in `to`, the clinic's phone, the crisis line and the clinic's offer are fine."""
    scan = LeakScan()
    scan.scan_mails([mail()])
    assert scan.findings == [] and scan.mails == 1


def test_a_recipient_whose_address_has_unusual_characters_is_still_only_the_recipient() -> None:
    """`to` of `a|b/c@x.io` is the person's own address, not a foreign `c@x.io`; another address still is."""
    scan = LeakScan()
    scan.scan_mails([mail(to="a|b/c@x.io"), mail(to="a|b/c@x.io", text="Ask c@x.io too.")])
    assert kinds(scan) == [("email", "c@x.io")]


def test_a_mail_that_repeats_the_address_phone_or_answers_is_caught() -> None:
    """The person's address in a mail's metadata, another's, a phone, a score or an answer text all count."""
    scan = LeakScan()
    scan.scan_mails(
        [
            mail(html=f"<p>We have {OWN} and +13055550123 on file.</p>", custom_args={"who": OWN}),
            mail(text="Your PHQ-9 score was 14: Feeling down, depressed, or hopeless."),
            mail(custom_args={"email": "someone@example.org"}, subject="About your depression"),
        ]
    )
    assert kinds(scan) == [
        ("phone", "+13055550123"),
        ("email", OWN),
        ("health word", "PHQ"),
        ("health word", "score"),
        ("health word", "Feeling down, depressed, or hopeless"),
        ("health word", "depression"),
        ("email", "someone@example.org"),
    ]


def test_stripe_may_hold_a_customers_email_and_nothing_health_related() -> None:
    """`email` of a customer is allowed; metadata with an outcome, a phone or an address is not; ids are skipped."""
    scan = LeakScan()
    scan.scan_stripe(
        [
            {"method": "POST", "path": "/v1/customers", "params": {"email": OWN, "metadata": {"lead_id": "7"}}},
            {"method": "GET", "path": "/v1/customers", "params": {"customer": "cus_PHQ9score"}},
            {
                "method": "POST",
                "path": "/v1/checkout/sessions",
                "params": {"metadata": {"outcome": "likely_eligible", "note": f"{OWN} 305-555-0123"}},
            },
        ]
    )
    assert kinds(scan) == [("health word", "likely_eligible"), ("email", OWN), ("phone", "305-555-0123")]


def test_logs_carry_no_address_at_all_not_even_the_clinics(tmp_path: Path) -> None:
    """Every log line, JSON field by field: an email (staff ones too), a phone or a health word is a finding."""
    (tmp_path / "leads.log").write_text(
        json.dumps({"message": "lead stored", "lead": "7", "ts": 1796295705})
        + "\n"
        + json.dumps({"message": "alert sent", "to": "oncall@clinic.example"})
        + "\n"
        + "plain line about suicidal ideation\n"
    )
    (tmp_path / "sendgrid.log").write_text(f"accepted mail to {OWN}\n")
    scan = LeakScan()
    scan.scan_logs(tmp_path)
    assert scan.log_lines == 3
    assert [(f.where, f.kind, f.text) for f in scan.findings] == [
        ("leads.log:2 to", "email", "oncall@clinic.example"),
        ("leads.log:3 line", "health word", "suicidal"),
    ]


def test_a_fuzz_run_leaves_only_the_request_targets_it_made_up_unread(tmp_path: Path) -> None:
    """With the access lines' targets unread, a made-up path is no finding; the same word elsewhere still is."""
    (tmp_path / "billing.log").write_text(
        json.dumps({"msg": "request", "path": "/api/billing/members/gad7", "note": "gad7"}) + "\n"
    )
    (tmp_path / "caddy.log").write_text(json.dumps({"request": {"uri": "/api/leads/phq"}}) + "\n")
    fuzzed = LeakScan(unread_log_fields=frozenset({"path", "request.uri"}))
    fuzzed.scan_logs(tmp_path)
    assert [(f.where, f.text) for f in fuzzed.findings] == [("billing.log:1 note", "gad7")]
    everything = LeakScan()
    everything.scan_logs(tmp_path)
    assert len(everything.findings) == 3


def test_a_mail_may_show_its_recipient_their_own_address() -> None:
    """A campaign's `{{ email }}` puts the reader's own address in subject and body: theirs, so no finding."""
    scan = LeakScan()
    scan.scan_mails([mail(subject=f"News for {OWN}", html=f"<p>Sent to {OWN}.</p>", text=f"Sent to {OWN}.")])
    assert scan.findings == []
