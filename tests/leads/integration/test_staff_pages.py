"""Staff pages: sign-in redirect, roles, the queue, a lead's page and its form actions with CSRF."""

from __future__ import annotations

from datetime import date, timedelta

from services.kit.staff_auth import COOKIE
from services.leads.tables import infra, leads
from tests.leads import payloads
from tests.leads.integration.db_rows import rows


def _signed_in(client, staff_token, *roles: str, subject: str = "dr-kim") -> None:
    client.set_cookie(COOKIE, staff_token(*roles, subject=subject, csrf="csrf-123"))


def _weekday_ahead() -> date:
    """A weekday at least three days ahead (consultations are offered Monday to Friday)."""
    day = date.today() + timedelta(days=3)
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def test_anonymous_staff_pages_redirect_to_sign_in(client):
    """Without a token the queue sends the browser to /staff/login with a way back."""
    answer = client.get("/admin/leads")
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/staff/login?next=%2Fadmin%2Fleads")


def test_marketer_gets_403_on_a_lead_page_but_sees_the_funnel_chart(client, submit, staff_token):
    """A marketer may read figures, never a lead's record."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    _signed_in(client, staff_token, "marketer")
    assert client.get(f"/admin/leads/{lead_id}").status_code == 403
    chart = client.get("/admin/leads/funnel")
    html = chart.get_data(as_text=True)
    assert chart.status_code == 200 and "<svg" in html and "<rect" in html
    assert "Ana" not in html and "@example.com" not in html
    assert client.get("/admin/leads/export.csv").status_code == 403


def test_clinician_works_a_flagged_lead_from_its_page(client, submit, parts, staff_token):
    """The queue lists the flagged lead; its page clears the flag with a note via a CSRF-checked form."""
    lead_id = submit(payloads.flagged()).get_json()["id"]
    _signed_in(client, staff_token, "clinician")
    queue = client.get("/admin/leads").get_data(as_text=True)
    assert f"/admin/leads/{lead_id}" in queue and "Urgent" in queue
    page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "Safety flag" in page and 'name="csrf_token" value="csrf-123"' in page
    url = f"/admin/leads/{lead_id}/safety/clear"
    assert client.post(url, data={"note": "spoke with her"}).status_code == 403  # no CSRF token
    assert client.post(url, data={"note": "", "csrf_token": "csrf-123"}).status_code == 422
    done = client.post(url, data={"note": "spoke with her", "csrf_token": "csrf-123"})
    assert done.status_code == 303
    assert rows(parts, leads)[0].safety_status == "cleared"
    actions = [e.action for e in rows(parts, infra.audit)]
    assert actions.count("lead.read") == 1 and "lead.safety_cleared" in actions and "queue.read" in actions


def test_waitlist_page_counts_demand_per_state(client, submit, staff_token):
    """Out-of-area assessments and waitlist sign-ups are counted per state."""
    submit(payloads.likely_eligible(location={"state": "NY", "zip": "10001"}))
    assert client.post("/api/leads/waitlist", json={"email": "a@example.com", "state": "GA"}).status_code == 202
    assert client.post("/api/leads/waitlist", json={"email": "b@example.com", "state": "FL"}).status_code == 422
    _signed_in(client, staff_token, "marketer")
    states = client.get("/api/leads/staff/waitlist").get_json()["states"]
    assert {s["state"]: (s["waitlist"], s["out_of_area_assessments"]) for s in states} == {"GA": (1, 0), "NY": (0, 1)}
    assert "GA" in client.get("/admin/leads/waitlist").get_data(as_text=True)


def test_contact_form_keeps_an_inquiry_lead_without_screening(client, parts):
    """A sister's question is stored encrypted as an inquiry lead, and the thanks page lists 911 and 988."""
    answer = client.post(
        "/contact",
        data={
            "name": "Rosa Diaz",
            "email": "rosa@example.com",
            "relationship": "family",
            "message": "I am worried about my sister",
            "consent": "yes",
        },
    )
    assert answer.status_code == 201 and "tel:988" in answer.get_data(as_text=True)
    (lead,) = rows(parts, leads)
    assert lead.kind == "inquiry" and lead.email_enc and "rosa" not in lead.email_enc
    bad = client.post("/contact", data={"name": "", "email": "nope", "message": ""})
    assert bad.status_code == 422 and "Please tell us your name." in bad.get_data(as_text=True)


def test_funnel_counts_by_source_campaign_and_week_without_personal_data(client, submit, staff_token):
    """Assessments, likely eligible and consultations are counted per source, campaign and week."""
    first = submit(payloads.likely_eligible(attribution={"utm_source": "google", "utm_campaign": "ppd"})).get_json()
    submit(payloads.flagged(attribution={"utm_source": "google", "utm_campaign": "ppd"}))
    submit(payloads.likely_eligible(attribution={"utm_source": "newsletter", "utm_campaign": "nov"}))
    client.post(
        f"/api/leads/assessments/{first['id']}/consultation",
        json={"windows": [{"date": _weekday_ahead().isoformat(), "period": "morning"}]},
    )
    _signed_in(client, staff_token, "marketer")
    data = client.get("/api/leads/staff/funnel").get_json()
    google = [r for r in data["rows"] if r["source"] == "google"][0]
    assert (google["assessments"], google["likely_eligible"], google["campaign"]) == (2, 1, "ppd")
    assert google["consultations_requested"] == 1
    assert data["totals"]["assessments"] == 3
    assert set(google) == {
        "source",
        "campaign",
        "week",
        "assessments",
        "likely_eligible",
        "consultations_requested",
        "converted",
        "revenue_cents",
    }


def test_browsers_get_a_page_for_refusals_and_a_plain_notice_after_actions(client, submit, staff_token):
    """A refused page is HTML for a browser (JSON for scripts); ?done= shows a sentence, never the raw text."""
    lead_id = submit(payloads.flagged()).get_json()["id"]
    _signed_in(client, staff_token, "marketer")
    html_refusal = client.get(f"/admin/leads/{lead_id}", headers={"Accept": "text/html,*/*;q=0.8"})
    assert html_refusal.status_code == 403 and "You cannot open this page" in html_refusal.get_data(as_text=True)
    assert client.get(f"/admin/leads/{lead_id}").get_json()["code"] == 403
    _signed_in(client, staff_token, "clinician")
    page = client.get(f"/admin/leads/{lead_id}?done=acknowledge").get_data(as_text=True)
    assert "Alert acknowledged." in page
    forged = client.get(f"/admin/leads/{lead_id}?done=Call+555-0100+now").get_data(as_text=True)
    assert "555-0100" not in forged
