"""Spam needs more than one signal, staff can say "not spam" (audited), a clinician's approval clears checkout."""

from __future__ import annotations

import pytest

from services.kit.staff_auth import COOKIE
from services.leads.app import create_app
from services.leads.bootstrap import parts_of
from services.leads.staff import pipeline
from services.leads.tables import infra, lead_history, leads
from tests.leads import payloads
from tests.leads.integration.db_rows import events_of, rows
from tests.leads.integration.next_step_helpers import next_step_jobs

CSRF = "csrf-spam"


def _signed_in(client, staff_token, *roles: str, subject: str = "dr-kim") -> None:
    client.set_cookie(COOKIE, staff_token(*roles, subject=subject, csrf=CSRF))


def _honeypot_lead(submit) -> str:
    """A likely-eligible visitor whose browser filled the hidden field (an autofill can do that)."""
    return submit(payloads.likely_eligible(website="http://autofill.example")).get_json()["id"]


def test_25_people_behind_one_address_at_normal_speed_are_none_of_them_spam(service_env):
    """A hospital or office network: past the hourly per-address limit the signal is recorded, nobody is held."""
    app = create_app(service_env("leads", LOG_LEVEL="WARNING"))  # the default 20 per address per hour
    parts = parts_of(app.extensions["container"])
    client = app.test_client()
    try:
        for _ in range(25):
            answer = client.post(
                "/api/leads/assessments", json=payloads.likely_eligible(), headers={"X-Forwarded-For": "198.51.100.7"}
            )
            assert answer.status_code == 201
        found = rows(parts, leads)
        assert len(found) == 25 and not any(lead.spam_suspected for lead in found)
        assert sorted(lead.spam_reasons or "" for lead in found) == [""] * 20 + ["ip_rate"] * 5
        assert len(events_of(parts, "lead.newsletter_opt_in")) == 25
        assert len(events_of(parts, "lead.checkout_cleared")) == 25
        assert len(next_step_jobs(parts)) == 25
    finally:
        app.extensions["container"].db.dispose()


def test_the_honeypot_alone_marks_spam_and_holds_what_would_be_sent(submit, parts):
    """A filled hidden field: kept, marked, no opt-in, no checkout clearance, no email."""
    _honeypot_lead(submit)
    lead = rows(parts, leads)[0]
    assert lead.spam_suspected is True and lead.spam_reasons == "honeypot"
    assert events_of(parts, "lead.newsletter_opt_in") == [] and events_of(parts, "lead.checkout_cleared") == []
    assert next_step_jobs(parts) == []


def test_not_spam_is_audited_and_releases_the_opt_in_checkout_and_email(client, submit, parts, staff_token):
    """Marking "not spam" records who and when, then sends what was held, as if the lead had never been marked."""
    lead_id = _honeypot_lead(submit)
    _signed_in(client, staff_token, "clinician")
    page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "Spam check" in page and "a hidden field that only robots fill in was filled in" in page
    assert f'action="/admin/leads/{lead_id}/spam/not-spam"' in page
    url = f"/admin/leads/{lead_id}/spam/not-spam"
    assert client.post(url).status_code == 403  # no CSRF token
    done = client.post(url, data={"csrf_token": CSRF})
    assert done.status_code == 303 and done.headers["Location"].endswith("?done=spam#spam")
    lead = rows(parts, leads)[0]
    assert (lead.spam_suspected, lead.spam_verdict, lead.spam_reasons) == (False, "not_spam", "honeypot")
    [entry] = rows(parts, lead_history, lead_history.c.kind == "marked_not_spam")
    assert entry.actor == "dr-kim" and entry.at is not None
    assert "lead.marked_not_spam" in [a.action for a in rows(parts, infra.audit)]
    assert len(events_of(parts, "lead.newsletter_opt_in")) == 1
    [cleared] = events_of(parts, "lead.checkout_cleared")
    assert cleared["extra"]["cleared_by"] == "eligibility"
    assert len(next_step_jobs(parts)) == 1
    assert "Spam check saved." in client.get(done.headers["Location"]).get_data(as_text=True)


def test_spam_and_back_revokes_then_clears_checkout_without_sending_twice(client, submit, parts, staff_token):
    """Staff can take the mark back and forth; each change is in the history; nothing already sent is sent again."""
    lead_id = _honeypot_lead(submit)
    _signed_in(client, staff_token, "clinician")
    for verdict in ("not-spam", "spam"):
        assert client.post(f"/admin/leads/{lead_id}/spam/{verdict}", data={"csrf_token": CSRF}).status_code == 303
    assert rows(parts, leads)[0].spam_suspected is True
    assert len(events_of(parts, "lead.checkout_revoked")) == 1
    assert client.post(f"/admin/leads/{lead_id}/spam/not-spam", data={"csrf_token": CSRF}).status_code == 303
    kinds = [h.kind for h in rows(parts, lead_history, lead_history.c.lead_id == lead_id)]
    assert kinds.count("marked_not_spam") == 2 and kinds.count("marked_spam") == 1
    assert len(events_of(parts, "lead.newsletter_opt_in")) == 1  # published once, never twice
    assert len(next_step_jobs(parts)) == 1  # one email per submission
    assert len(events_of(parts, "lead.checkout_cleared")) == 2


def test_a_staff_not_spam_verdict_is_not_overturned_by_a_later_signal(client, submit, parts, staff_token):
    """The same person comes back and the hidden field is filled again: staff said not spam, so she stays clear."""
    payload = payloads.likely_eligible(website="http://autofill.example")
    lead_id = submit(payload).get_json()["id"]
    _signed_in(client, staff_token, "clinician")
    client.post(f"/admin/leads/{lead_id}/spam/not-spam", data={"csrf_token": CSRF})
    assert submit(payload).get_json()["id"] == lead_id
    lead = rows(parts, leads)[0]
    assert lead.spam_suspected is False and lead.checkout_cleared_by == "eligibility"


@pytest.mark.parametrize(
    ("roles", "verdict", "status"), [(("marketer",), "not-spam", 403), (("clinician",), "maybe", 404)]
)
def test_only_clinicians_may_mark_and_only_two_verdicts_exist(client, submit, staff_token, roles, verdict, status):
    """A marketer is refused; an unknown verdict is not found."""
    lead_id = _honeypot_lead(submit)
    _signed_in(client, staff_token, *roles)
    assert client.post(f"/admin/leads/{lead_id}/spam/{verdict}", data={"csrf_token": CSRF}).status_code == status


def test_a_clinicians_approval_clears_a_spam_lead_for_checkout(submit, parts):
    """Spam or not, a clinician who met the person and approved them clears checkout."""
    lead_id = _honeypot_lead(submit)
    for status in ("contacted", "consult_scheduled", "consult_done", "approved"):
        pipeline.move(parts, lead_id, status, "dr-kim")
    lead = rows(parts, leads)[0]
    assert lead.spam_suspected is True and lead.checkout_cleared_by == "clinician"
    [cleared] = events_of(parts, "lead.checkout_cleared")
    assert cleared["extra"]["cleared_by"] == "clinician"
