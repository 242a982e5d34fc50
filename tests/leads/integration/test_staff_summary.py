"""GET /api/leads/staff/summary, the shared staff header on leads' pages, and forms sent after sign-in ended."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from services.kit.db_types import utcnow
from services.kit.staff_auth import COOKIE
from services.leads.tables import leads
from tests.leads import payloads

URL = "/api/leads/staff/summary"


def test_the_summary_answers_each_role_as_the_role_matrix_says(client, staff_headers):
    """No token 401; marketers get today's leads only; clinicians the clinical figures too; admins dead letters."""
    assert client.get(URL).status_code == 401
    marketer = client.get(URL, headers=staff_headers("marketer"))
    assert marketer.status_code == 200 and set(marketer.get_json()) == {"new_leads_today"}
    assert marketer.headers["Cache-Control"] == "no-store"
    clinician = client.get(URL, headers=staff_headers("clinician")).get_json()
    assert "open_safety_flags" in clinician and "dead_letters" not in clinician
    admin = client.get(URL, headers=staff_headers("admin")).get_json()
    assert admin["dead_letters"] == 0 and "consultations_waiting" in admin


def test_the_summary_counts_the_rows_flags_with_their_nearest_deadline_and_only_todays_leads(
    client, submit, parts, staff_headers
):
    """Two flagged leads, one inquiry and one lead from yesterday (Eastern): the counts follow the rows."""
    submit(payloads.flagged(item9=2))
    submit(payloads.flagged(item9=1))
    old = submit(payloads.likely_eligible()).get_json()["id"]
    sent = client.post(
        "/contact",
        data={
            "name": "Luis Ortega",
            "email": "luis@example.com",
            "relationship": "partner",
            "message": "Could my wife be seen soon?",
            "consent": "yes",
        },
    )
    assert sent.status_code == 201
    with parts.container.db.transaction() as session:
        session.execute(update(leads).where(leads.c.id == old).values(created_at=utcnow() - timedelta(days=2)))
    figures = client.get(URL, headers=staff_headers("clinician")).get_json()
    assert figures["new_leads_today"] == 3 and figures["open_safety_flags"] == 2
    assert figures["inquiries_waiting"] == 1 and figures["consultations_waiting"] == 0
    assert figures["nearest_safety_deadline"] is not None


def test_the_summary_is_documented_with_the_other_staff_routes(client):
    """The OpenAPI document names the route and its figures."""
    spec = client.get("/api/leads/openapi.json").get_json()
    assert "get" in spec["paths"][URL]
    assert "LeadsSummary" in spec["components"]["schemas"]


def test_a_lead_page_shows_the_shared_header_for_the_signed_in_clinician(client, submit, staff_token):
    """Home, Leads (current) and Billing, the person's name and a sign-out posting to the gateway."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    client.set_cookie(COOKIE, staff_token("clinician", csrf="csrf-9", email="dr.kim@clinic.example"))
    html = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    header = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/admin/leads" aria-current="true">Leads</a>' in header and ">Billing<" in header
    assert ">Newsletter<" not in header and ">Admin<" not in header
    assert '<strong class="staff-name">dr.kim</strong>' in header
    assert 'action="/staff/logout"' in header and 'value="csrf-9"' in header
    assert 'aria-label="In this area"' in html and ">Queue</a>" in html


def test_a_note_sent_after_the_sign_in_ended_returns_to_the_lead_page_after_signing_in(client, submit):
    """The sign-in's way back is the page the form was on, never the POST-only address (no 405 afterwards)."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    page = f"http://localhost/admin/leads/{lead_id}?done=notes"  # after an earlier note: that notice must not return
    sent = client.post(f"/admin/leads/{lead_id}/notes", data={"note": "called"}, headers={"Referer": page})
    assert sent.status_code == 303
    assert sent.headers["Location"] == f"/staff/login?next=%2Fadmin%2Fleads%2F{lead_id}"
    elsewhere = client.post(
        f"/admin/leads/{lead_id}/notes", data={"note": "x"}, headers={"Referer": "https://evil.example/admin/leads"}
    )
    assert elsewhere.headers["Location"] == "/staff/login?next=%2Fstaff"
