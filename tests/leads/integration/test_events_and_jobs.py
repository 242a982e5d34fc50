"""Events in and out, the safety escalation, and the retention job."""

from __future__ import annotations

import json
from datetime import timedelta

from services.kit.db_types import utcnow
from services.leads.assessments.recorded import RequestMeta
from services.leads.assessments.recording import record_assessment
from services.leads.assessments.schemas import AssessmentRequestSchema
from services.leads.events.deferred import LeadEventJob
from services.leads.privacy.retention import run_retention
from services.leads.safety.alerts import ESCALATION_JOB, EscalationJob
from services.leads.staff.safety_actions import acknowledge
from services.leads.tables import leads, safety_alerts, submissions
from tests.leads import payloads
from tests.leads.integration.billing_events import from_billing
from tests.leads.integration.db_rows import outbox_jobs, rows
from tests.leads.integration.fakes import RecordingDeliverer


def test_subscription_events_mark_the_lead_converted_then_lost(client, submit, parts):
    """subscription.activated converts the lead with its revenue; subscription.canceled marks it lost."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    assert (
        from_billing(
            client,
            "subscription.activated",
            {
                "lead_id": lead_id,
                "subscription_id": "sub_1",
                "amount_cents": 25000,
                "currency": "usd",
                "activated_at": utcnow().isoformat(),
            },
        )
        == 200
    )
    lead = rows(parts, leads)[0]
    assert (lead.status, lead.revenue_cents, lead.subscription_id) == ("converted", 25000, "sub_1")
    assert (
        from_billing(
            client,
            "subscription.canceled",
            {"lead_id": lead_id, "subscription_id": "sub_1", "canceled_at": utcnow().isoformat()},
        )
        == 200
    )
    assert rows(parts, leads)[0].status == "lost"


def test_events_with_an_email_are_filled_in_only_at_delivery(submit, parts):
    """The outbox holds the lead id; the worker adds the address when it delivers the event."""
    payload = payloads.likely_eligible(consent={"terms": True, "newsletter": True})
    lead_id = submit(payload).get_json()["id"]
    jobs = [j["payload"] for j in outbox_jobs(parts, "leads.lead_event")]
    assert payload["contact"]["email"] not in json.dumps(jobs)
    deliverer = RecordingDeliverer()
    job = LeadEventJob(parts.container.db, parts.cipher, deliverer)
    for payload_ in jobs:
        job(payload_)
    by_type = {d["event"]["type"]: d for d in deliverer.delivered}
    opt_in = by_type["lead.newsletter_opt_in"]
    assert opt_in["target"] == "newsletter"
    assert opt_in["event"]["data"]["email"] == payload["contact"]["email"]
    assert set(opt_in["event"]["data"]) == {"lead_id", "email", "first_name", "topics", "consent"}
    cleared = by_type["lead.checkout_cleared"]["event"]["data"]
    assert (cleared["lead_id"], cleared["state"], cleared["cleared_by"]) == (lead_id, "FL", "eligibility")


def test_unacknowledged_alert_escalates_once_and_acknowledged_does_not(submit, parts):
    """The escalation job emails the escalation address only when nobody acknowledged in time."""
    first = submit(payloads.flagged()).get_json()["id"]
    second = submit(payloads.flagged()).get_json()["id"]
    acknowledge(parts, second, "dr-on-call")
    job = EscalationJob(parts.container.db, parts.settings)
    for escalation in outbox_jobs(parts, ESCALATION_JOB):
        job(escalation["payload"])
        job(escalation["payload"])
    emails = [j["payload"] for j in outbox_jobs(parts, "email.send")]
    escalations = [e for e in emails if e["recipients"][0]["email"] == parts.settings.safety_escalate_to]
    assert len(escalations) == 1 and f"/admin/leads/{first}" in escalations[0]["text"]
    alerts = {a.lead_id: a for a in rows(parts, safety_alerts)}
    assert alerts[first].escalated_at is not None and alerts[second].escalated_at is None


def test_retention_anonymises_old_unconverted_leads_only(parts):
    """Past RETENTION_DAYS a lead loses contact and answers; recent and converted leads stay."""
    schema = AssessmentRequestSchema()
    old = record_assessment(
        parts,
        schema.load(payloads.likely_eligible()),
        RequestMeta(),
        now=utcnow() - timedelta(days=parts.settings.retention_days + 1),
    )
    recent = record_assessment(parts, schema.load(payloads.likely_eligible()), RequestMeta())
    assert run_retention(parts) == 1
    by_id = {lead.id: lead for lead in rows(parts, leads)}
    assert by_id[old.lead_id].erased_at is not None and by_id[old.lead_id].email_enc is None
    assert by_id[recent.lead_id].erased_at is None
    answers = {s.lead_id: s.answers_enc for s in rows(parts, submissions)}
    assert answers[old.lead_id] is None and answers[recent.lead_id] is not None
    assert run_retention(parts) == 0
