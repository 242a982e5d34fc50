"""Staff API: role checks, the queue's order, the pipeline, safety clearing and the audit log."""

from __future__ import annotations

import csv
import io

from services.leads.tables import infra, leads
from tests.leads import payloads
from tests.leads.integration.db_rows import events_of, rows


def _lead(submit, payload) -> str:
    return submit(payload).get_json()["id"]


def test_staff_endpoints_need_a_token_and_the_right_role(client, submit, staff_headers):
    """No token is 401; a marketer reading a lead's page or the queue is 403; a clinician gets 200."""
    lead_id = _lead(submit, payloads.likely_eligible())
    assert client.get(f"/api/leads/staff/leads/{lead_id}").status_code == 401
    assert client.get(f"/api/leads/staff/leads/{lead_id}", headers=staff_headers("marketer")).status_code == 403
    assert client.get("/api/leads/staff/queue", headers=staff_headers("marketer")).status_code == 403
    assert client.get("/api/leads/staff/export.csv", headers=staff_headers("marketer")).status_code == 403
    assert client.get(f"/api/leads/staff/leads/{lead_id}", headers=staff_headers("clinician")).status_code == 200
    assert client.get(f"/api/leads/staff/leads/{lead_id}", headers=staff_headers("admin")).status_code == 200
    assert client.get("/api/leads/staff/funnel", headers=staff_headers("marketer")).status_code == 200


def test_queue_puts_safety_tiers_first_then_severity_then_waiting_time(client, submit, staff_headers):
    """High tier, then elevated, then the more severe, then the one who waited longest."""
    mild_first = _lead(submit, payloads.likely_eligible(instruments={"phq9": [1, 1, 1, 1, 1, 0, 0, 0, 0]}))
    severe = _lead(submit, payloads.likely_eligible(instruments={"phq9": [3, 3, 3, 3, 2, 3, 2, 2, 0]}))
    elevated = _lead(submit, payloads.flagged(item9=1))
    mild_second = _lead(submit, payloads.likely_eligible(instruments={"phq9": [1, 1, 1, 1, 1, 0, 0, 0, 0]}))
    high = _lead(submit, payloads.flagged(item9=3))
    order = [
        e["id"] for e in client.get("/api/leads/staff/queue", headers=staff_headers("clinician")).get_json()["leads"]
    ]
    assert order == [high, elevated, severe, mild_first, mild_second]


def test_queue_filters_by_state_outcome_and_status(client, submit, staff_headers):
    """Filters narrow the queue; an invalid filter value is a 422."""
    nj = _lead(submit, payloads.likely_eligible(location={"state": "NJ", "zip": "07001"}))
    _lead(submit, payloads.likely_eligible())
    headers = staff_headers("clinician")
    found = client.get("/api/leads/staff/queue?state=NJ&outcome=likely_eligible&status=new", headers=headers)
    assert [e["id"] for e in found.get_json()["leads"]] == [nj]
    assert client.get("/api/leads/staff/queue?outcome=maybe", headers=headers).status_code == 422


def test_lead_record_shows_submissions_scores_consents_and_is_audited(client, submit, parts, staff_headers):
    """A clinician sees decrypted contact and scores; the read is in the audit log with who and why."""
    payload = payloads.body()
    lead_id = _lead(submit, payload)
    headers = staff_headers("clinician", subject="dr-rivera")
    record = client.get(f"/api/leads/staff/leads/{lead_id}?reason=intake call", headers=headers).get_json()
    assert record["email"] == payload["contact"]["email"] and record["name"] == "Ana Diaz"
    assert record["submissions"][0]["answers"]["scores"]["phq9"]["total"] == 10
    assert {c["channel"] for c in record["consents"]} == {"terms", "email", "phone", "sms", "newsletter"}
    entries = rows(parts, infra.audit, infra.audit.c.target_id == lead_id)
    assert [(e.actor, e.action, e.reason) for e in entries] == [("dr-rivera", "lead.read", "intake call")]


def test_pipeline_moves_record_who_and_when_and_refuse_skips(client, submit, parts, staff_headers):
    """Allowed moves are recorded in history and audit; a skip is 409."""
    lead_id = _lead(submit, payloads.likely_eligible())
    headers = staff_headers("clinician", subject="intake-1")
    url = f"/api/leads/staff/leads/{lead_id}/status"
    assert client.post(url, json={"status": "approved"}, headers=headers).status_code == 409
    for status in ("contacted", "consult_scheduled", "consult_done", "approved"):
        answer = client.post(url, json={"status": status, "note": "ok"}, headers=headers)
        assert answer.status_code == 200, answer.get_json()
    record = answer.get_json()
    moves = [(h["actor"], h["from_status"], h["to_status"]) for h in record["history"] if h["kind"] == "status_changed"]
    assert moves[-1] == ("intake-1", "consult_done", "approved")
    assert record["checkout_cleared_by"] == "clinician"
    actions = [e.action for e in rows(parts, infra.audit, infra.audit.c.target_id == lead_id)]
    assert actions.count("lead.status_changed") == 4


def test_clearing_a_safety_flag_needs_a_note_and_releases_marketing(client, submit, parts, staff_headers):
    """Without a note clearing is 422; with one the hold lifts and the waiting newsletter opt-in goes out."""
    lead_id = _lead(submit, payloads.flagged(consent={"terms": True, "newsletter": True}))
    headers = staff_headers("clinician", subject="dr-lee")
    url = f"/api/leads/staff/leads/{lead_id}/safety/clear"
    assert client.post(url, json={"note": ""}, headers=headers).status_code == 422
    assert client.post(url, json={}, headers=headers).status_code == 422
    assert events_of(parts, "lead.newsletter_opt_in") == []
    record = client.post(url, json={"note": "Called her; safe, has support."}, headers=headers).get_json()
    assert record["safety_status"] == "cleared" and record["safety_cleared_by"] == "dr-lee"
    assert any(h["kind"] == "safety_cleared" and h["note"].startswith("Called") for h in record["history"])
    assert all(a["acknowledged_by"] == "dr-lee" for a in record["alerts"])
    holds = [h["extra"]["held"] for h in events_of(parts, "contact.marketing_hold")]
    assert holds == [True, False]
    assert [e["lead_id"] for e in events_of(parts, "lead.newsletter_opt_in")] == [lead_id]
    assert client.post(url, json={"note": "again"}, headers=headers).status_code == 409


def test_csv_export_is_for_clinicians_and_logged_without_answers(client, submit, parts, staff_headers):
    """The export lists contact and pipeline columns, neutralises formulas, and is audit-logged."""
    payload = payloads.likely_eligible()
    payload["contact"]["first_name"] = "=HYPERLINK(1)"
    _lead(submit, payload)
    answer = client.get("/api/leads/staff/export.csv", headers=staff_headers("clinician"))
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert table[0]["email"] == payload["contact"]["email"]
    assert table[0]["first_name"] == "'=HYPERLINK(1)"
    assert "phq9" not in answer.get_data(as_text=True)
    assert [e.action for e in rows(parts, infra.audit)] == ["leads.exported"]


def test_erasing_a_person_removes_contact_and_answers_but_keeps_counts(client, submit, parts, staff_headers):
    """After erasure the record has no email, phone, name or answers; the funnel still counts it."""
    lead_id = _lead(submit, payloads.likely_eligible())
    headers = staff_headers("clinician")
    assert (
        client.post(
            f"/api/leads/staff/leads/{lead_id}/erase", json={"reason": "visitor asked"}, headers=headers
        ).status_code
        == 200
    )
    (lead,) = rows(parts, leads)
    assert (lead.email_enc, lead.phone_enc, lead.name_enc, lead.email_bidx) == (None, None, None, None)
    record = client.get(f"/api/leads/staff/leads/{lead_id}", headers=headers).get_json()
    assert record["submissions"][0]["answers"] is None and record["email"] is None
    assert [e["data"]["lead_id"] for e in events_of(parts, "lead.checkout_revoked")] == [lead_id]
    totals = client.get("/api/leads/staff/funnel", headers=staff_headers("marketer")).get_json()["totals"]
    assert totals["assessments"] == 1
