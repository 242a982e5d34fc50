"""Leads held under the old one-signal rule are released by the recheck; real spam and staff verdicts stay."""

from __future__ import annotations

from sqlalchemy import delete, update

from services.leads.app import create_app
from services.leads.bootstrap import parts_of
from services.leads.spam.recheck import lift_outdated_marks
from services.leads.staff.spam_actions import mark
from services.leads.tables import infra, lead_history, leads
from tests.leads import payloads
from tests.leads.integration.db_rows import events_of, rows
from tests.leads.integration.next_step_helpers import next_step_jobs


def test_a_lead_held_for_a_lone_address_signal_is_released_and_the_rest_stay(service_env):
    """ip_rate alone no longer holds anyone: the recheck lifts it and sends the held opt-in, clearance and email."""
    app = create_app(service_env("leads", SPAM_IP_PER_HOUR="1", LOG_LEVEL="WARNING"))
    parts, client = parts_of(app.extensions["container"]), app.test_client()
    try:
        submitted = [
            client.post("/api/leads/assessments", json=p).get_json()["id"]
            for p in (
                payloads.likely_eligible(),
                payloads.likely_eligible(),  # second from this address within the hour: ip_rate
                payloads.likely_eligible(website="http://autofill.example"),  # honeypot (and ip_rate)
                payloads.likely_eligible(),  # ip_rate, then marked spam by a clinician
            )
        ]
        _, lone, honeypot, staff_said = submitted
        mark(parts, staff_said, "dr-kim", "spam")
        with parts.container.db.transaction() as session:  # how the old rule left the lone-signal lead
            session.execute(
                update(leads)
                .where(leads.c.id == lone)
                .values(spam_suspected=True, checkout_cleared_by=None, newsletter_published=False)
            )
            session.execute(delete(infra.outbox))  # everything sent so far is behind us
        assert lift_outdated_marks(parts) == 1
        state = {lead.id: lead.spam_suspected for lead in rows(parts, leads)}
        assert (state[lone], state[honeypot], state[staff_said]) == (False, True, True)
        [entry] = rows(parts, lead_history, lead_history.c.lead_id == lone)
        assert (entry.kind, entry.actor) == ("spam_mark_lifted", "spam rule")
        assert [e["lead_id"] for e in events_of(parts, "lead.newsletter_opt_in")] == [lone]
        assert [e["lead_id"] for e in events_of(parts, "lead.checkout_cleared")] == [lone]
        assert [j["lead_id"] for j in next_step_jobs(parts)] == [lone]
        assert lift_outdated_marks(parts) == 0
    finally:
        app.extensions["container"].db.dispose()
