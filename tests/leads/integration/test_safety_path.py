"""The safety path (clinical.md §3): a positive self-harm item overrides everything, whatever the total."""

from __future__ import annotations

import json

import pytest

from services.leads.safety.alerts import ESCALATION_JOB
from services.leads.tables import leads, safety_alerts
from tests.leads import payloads
from tests.leads.integration.db_rows import events_of, outbox_jobs, rows

HEALTH_WORDS = ("phq", "epds", "item", "score", "suicid", "harm", "depress", "answer", "sertraline")


def test_low_total_with_positive_item9_gets_only_the_safety_screen(submit):
    """PHQ-9 total 1 with item 9 = 1: the answer is the safety screen, never "you qualify" or pricing."""
    answer = submit(payloads.flagged(item9=1))
    data = answer.get_json()
    assert answer.status_code == 201
    assert data["safety"]["flagged"] is True and data["safety"]["reasons"] == ["phq9_item9"]
    assert data["next_step"] == "safety_screen"
    assert data["outcome"] == "needs_review"
    assert data["guidance"] == []
    names = [r["name"] for r in data["safety"]["resources"]]
    assert names[:2] == ["911", "988 Suicide & Crisis Lifeline"]
    text = json.dumps(data).lower()
    assert "$250" not in text and "membership" not in text and "qualify" not in text


def test_eligible_scores_with_positive_item_are_not_told_they_qualify_nor_cleared(submit, parts):
    """A likely-eligible total with item 9 positive is flagged, told needs_review, and not cleared for checkout."""
    phq9 = [3, 3, 3, 3, 2, 3, 2, 2, 1]
    data = submit(payloads.likely_eligible(instruments={"phq9": phq9})).get_json()
    assert (data["outcome"], data["next_step"]) == ("needs_review", "safety_screen")
    lead = rows(parts, leads)[0]
    assert lead.assessed_outcome == "likely_eligible" and lead.safety_status == "flagged"
    assert events_of(parts, "lead.checkout_cleared") == []


@pytest.mark.parametrize(("item9", "tier", "rank"), [(1, "elevated", 1), (2, "high", 0), (3, "high", 0)])
def test_item_value_sets_the_urgency_tier(submit, parts, item9, tier, rank):
    """Item value 1 is the elevated tier, 2-3 the high tier, and the queue rank follows."""
    data = submit(payloads.flagged(item9=item9)).get_json()
    lead = rows(parts, leads)[0]
    assert (data["safety"]["tier"], lead.safety_tier, lead.queue_rank) == (tier, tier, rank)


def test_epds_item10_flags_and_lists_the_maternal_hotline(submit, parts):
    """EPDS item 10 >= 1 (position 2 scores 1) flags; perinatal visitors also get the maternal hotline."""
    epds = [0, 0, 3, 0, 3, 3, 3, 3, 3, 2]
    payload = payloads.likely_eligible(
        perinatal={"gave_birth_within_12_months": True}, instruments={"phq9": [0] * 9, "epds": epds}
    )
    data = submit(payload).get_json()
    assert data["safety"]["reasons"] == ["epds_item10"]
    assert "National Maternal Mental Health Hotline" in [r["name"] for r in data["safety"]["resources"]]


def test_clinician_alert_has_a_link_a_deadline_and_no_health_data(submit, parts):
    """The alert email names no one and carries no answers; an escalation check waits for the deadline."""
    lead_id = submit(payloads.flagged(item9=2)).get_json()["id"]
    emails = [j["payload"] for j in outbox_jobs(parts, "email.send")]
    alerts = [e for e in emails if e["recipients"][0]["email"] == parts.settings.safety_alert_to]
    assert len(alerts) == 1  # the other email is the intake team's link-only notice
    alert = alerts[0]
    body = (alert["subject"] + alert["text"] + alert["html"]).lower()
    assert f"/admin/leads/{lead_id}" in body
    assert not [w for w in HEALTH_WORDS if w in body]
    assert "ana" not in body and "diaz" not in body
    (alert_row,) = rows(parts, safety_alerts)
    assert (alert_row.due_at - alert_row.created_at).total_seconds() == parts.settings.safety_ack_minutes * 60
    (escalation,) = outbox_jobs(parts, ESCALATION_JOB)
    assert escalation["payload"] == {"alert_id": alert_row.id}
    assert escalation["available_at"] >= alert_row.due_at


def test_flag_holds_marketing_and_withholds_the_newsletter_opt_in(submit, parts):
    """A flagged visitor who ticked the newsletter is held, and no opt-in is sent until a clinician clears."""
    lead_id = submit(payloads.flagged(consent={"terms": True, "newsletter": True})).get_json()["id"]
    holds = events_of(parts, "contact.marketing_hold")
    assert [(h["lead_id"], h["extra"]["held"]) for h in holds] == [(lead_id, True)]
    assert events_of(parts, "lead.newsletter_opt_in") == []
    assert rows(parts, leads)[0].marketing_hold is True
