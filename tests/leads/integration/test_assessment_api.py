"""POST /api/leads/assessments: outcomes, scores and next steps as DESIGN §3 promises."""

from __future__ import annotations

import uuid

import pytest

from services.leads.tables import consents, leads, submissions
from tests.leads import payloads
from tests.leads.integration.db_rows import events_of, rows


def test_design_example_is_stored_and_answered_in_the_contract_shape(submit, parts):
    """The DESIGN §3 example gives 201 with id, outcome, scores, safety and next_step."""
    answer = submit(payloads.body())
    assert answer.status_code == 201
    data = answer.get_json()
    uuid.UUID(data["id"])
    assert data["outcome"] == "needs_review"  # breastfeeding and postpartum are review flags
    assert data["scores"]["phq9"] == {"total": 10, "severity": "moderate", "item9": 0}
    assert data["scores"]["gad7"] == {"total": 4, "severity": "minimal"}
    assert data["scores"]["epds"] == {
        "total": 14,
        "possible_depression": True,
        "probable_depression": True,
        "item10": 0,
        "anxiety_subscale": 6,
    }
    assert data["safety"]["flagged"] is False and data["safety"]["reasons"] == []
    assert {"name", "phone", "text", "url"} <= set(data["safety"]["resources"][0])
    assert data["next_step"] == "team_will_call"
    assert any("breastfeeding" in text for text in data["guidance"])
    assert len(rows(parts, leads)) == 1 and len(rows(parts, submissions)) == 1


def test_likely_eligible_visitor_is_offered_a_consultation_and_cleared_for_checkout(submit, parts):
    """No review flags and PHQ-9 >= 10 give likely_eligible and tell billing the lead is cleared."""
    data = submit(payloads.likely_eligible()).get_json()
    assert data["outcome"] == "likely_eligible"
    assert data["next_step"] == "request_consultation"
    cleared = events_of(parts, "lead.checkout_cleared")
    assert [(e["lead_id"], e["extra"]["cleared_by"]) for e in cleared] == [(data["id"], "eligibility")]


def test_below_threshold_without_flags_needs_review(submit):
    """No review flags and PHQ-9 below 10 give needs_review, never a rejection."""
    data = submit(payloads.likely_eligible(instruments={"phq9": [1, 1, 1, 1, 0, 0, 0, 0, 0]})).get_json()
    assert (data["outcome"], data["next_step"]) == ("needs_review", "team_will_call")


@pytest.mark.parametrize(
    ("changes", "outcome", "step"),
    [
        ({"date_of_birth": "2015-01-01"}, "not_eligible", "see_resources"),
        (
            {
                "perinatal": {"pregnant": True},
                "instruments": {"phq9": [2] * 8 + [0], "epds": [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]},
            },
            "not_eligible",
            "team_will_call",
        ),
        ({"location": {"state": "NY", "zip": "10001"}}, "out_of_area", "join_waitlist"),
    ],
)
def test_each_gate_sets_its_outcome_and_next_step(submit, parts, changes, outcome, step):
    """Under 18, pregnant and outside FL/NJ are hard gates with their own next step, and never cleared."""
    data = submit(payloads.likely_eligible(**changes)).get_json()
    assert (data["outcome"], data["next_step"]) == (outcome, step)
    assert events_of(parts, "lead.checkout_cleared") == []


def test_consents_are_recorded_per_channel_with_version_time_ip_and_user_agent(client, parts):
    """Each consent is its own record: channel, granted, text version, time, IP, user agent."""
    payload = payloads.body(consent={"terms": True, "contact_email": True, "sms": True})
    client.post(
        "/api/leads/assessments",
        json=payload,
        headers={"User-Agent": "TestBrowser/1.0", "X-Forwarded-For": "203.0.113.9"},
    )
    found = {r.channel: r for r in rows(parts, consents)}
    assert set(found) == {"terms", "email", "phone", "sms", "newsletter"}
    assert (found["sms"].granted, found["phone"].granted, found["newsletter"].granted) == (True, False, False)
    assert found["sms"].text_version == "consent-sms-v1"
    assert (found["terms"].ip, found["terms"].user_agent) == ("203.0.113.9", "TestBrowser/1.0")


def test_attribution_keeps_first_and_last_touch_and_never_forwards_click_ids(submit, parts):
    """First touch stays, last touch moves; gclid and fbclid are stored but in no event."""
    first = payloads.likely_eligible(attribution={"utm_source": "google", "utm_campaign": "spring", "gclid": "G-123"})
    lead_id = submit(first).get_json()["id"]
    second = dict(first, attribution={"utm_source": "newsletter", "utm_campaign": "nov", "fbclid": "FB-9"})
    assert submit(second).get_json()["id"] == lead_id
    lead = rows(parts, leads)[0]
    assert (lead.first_source, lead.first_campaign, lead.last_source, lead.last_campaign) == (
        "google",
        "spring",
        "newsletter",
        "nov",
    )
    assert any("G-123" in (s.attribution or "") for s in rows(parts, submissions))
    for event in events_of(parts, "lead.checkout_cleared") + events_of(parts, "lead.newsletter_opt_in"):
        assert "G-123" not in str(event) and "FB-9" not in str(event)


def test_newsletter_consent_publishes_one_opt_in(submit, parts):
    """A ticked newsletter box asks the newsletter for double opt-in, with its consent record."""
    lead_id = submit(payloads.body()).get_json()["id"]
    opt_ins = events_of(parts, "lead.newsletter_opt_in")
    assert [e["lead_id"] for e in opt_ins] == [lead_id]
    assert opt_ins[0]["extra"]["consent"]["text_version"] == "consent-newsletter-v1"
