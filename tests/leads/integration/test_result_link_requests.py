"""An expired result link offers a form for a new one, answered the same whether or not the address is known."""

from __future__ import annotations

from services.leads.assessments.link_requests import request_new_link
from services.leads.tables import lead_history
from tests.leads import payloads
from tests.leads.integration.db_rows import rows
from tests.leads.integration.next_step_helpers import LINK, deliver, health_words, next_step_jobs

SAME_ANSWER = "If we have your address, a new link is on its way."


def _ask(client, email: str, token: str = ""):
    return client.post("/assessment/result/new-link", data={"email": email, "token": token})


def test_an_expired_or_unknown_link_shows_a_kind_page_with_the_form(client):
    """The page explains, offers the email form, links the emergency numbers and is never cached."""
    page = client.get("/assessment/result/not-a-real-token")
    html = page.get_data(as_text=True)
    assert page.status_code == 404 and page.headers["Cache-Control"] == "no-store"
    assert "This link has expired" in html and 'action="/assessment/result/new-link"' in html
    assert 'href="tel:911"' in html and 'href="tel:988"' in html


def test_a_known_address_gets_a_new_link_to_the_stored_address_only(client, submit, parts):
    """The visitor types her address (in another case); the new link goes to the address we hold, and opens."""
    payload = payloads.likely_eligible()
    lead_id = submit(payload).get_json()["id"]
    deliver(parts)  # the first email, already sent
    answer = _ask(client, payload["contact"]["email"].upper())
    assert answer.status_code == 200 and SAME_ANSWER in answer.get_data(as_text=True)
    assert answer.headers["Cache-Control"] == "no-store"
    assert [j["new_link"] for j in next_step_jobs(parts)] == [False, True]
    assert payload["contact"]["email"] not in str(next_step_jobs(parts))
    sent = deliver(parts)
    fresh = sent[-1]
    assert fresh.recipients[0].email == payload["contact"]["email"]
    assert "You asked for a new link" in fresh.text and health_words(fresh) == []
    assert client.get(f"/assessment/result/{LINK.search(fresh.text).group(1)}").status_code == 200
    history = [(h.kind, h.actor) for h in rows(parts, lead_history, lead_history.c.lead_id == lead_id)]
    assert ("result_link_requested", "visitor") in history


def test_an_unknown_address_reads_the_same_and_sends_nothing(client, submit, parts):
    """Nobody can learn from the form whether an address took the assessment."""
    submit(payloads.likely_eligible())
    before = len(next_step_jobs(parts))
    answer = _ask(client, "nobody-here@example.com")
    assert answer.status_code == 200 and SAME_ANSWER in answer.get_data(as_text=True)
    assert len(next_step_jobs(parts)) == before


def test_a_bad_address_is_refused_with_a_message_and_nothing_stored(client, submit, parts):
    """An empty or malformed address gets 422 and the form again with its message."""
    submit(payloads.likely_eligible())
    before = len(next_step_jobs(parts))
    for bad in ("", "not-an-email", "a@" + "x" * 300 + ".com"):
        answer = _ask(client, bad)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 422 and "Please enter an email address" in html and 'aria-invalid="true"' in html
    assert len(next_step_jobs(parts)) == before


def test_requests_are_limited_per_person_and_answered_the_same(client, submit, parts):
    """Past RESULT_LINK_REQUESTS_PER_HOUR (3) a person's asks send nothing more, with the same answer."""
    payload = payloads.likely_eligible()
    submit(payload)
    answers = [_ask(client, payload["contact"]["email"]) for _ in range(5)]
    assert all(a.status_code == 200 and SAME_ANSWER in a.get_data(as_text=True) for a in answers)
    assert [j["new_link"] for j in next_step_jobs(parts)].count(True) == 3


def test_a_flagged_or_minor_visitor_gets_no_new_link_by_email(submit, parts):
    """A clinician reaches a flagged person directly, and a minor is never emailed."""
    flagged, minor = payloads.flagged(), payloads.likely_eligible(date_of_birth="2012-01-01")
    submit(flagged)
    submit(minor)
    assert request_new_link(parts, flagged["contact"]["email"]) is False
    assert request_new_link(parts, minor["contact"]["email"]) is False
    assert next_step_jobs(parts) == []
