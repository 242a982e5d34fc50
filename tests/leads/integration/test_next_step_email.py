"""After an assessment the visitor is emailed their next step and a 14-day link; never a flagged person or a minor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.kit.db_types import utcnow
from services.leads.assessments.result_links import mint
from services.leads.assessments.result_loading import ResultUnavailable, load_result
from services.leads.tables import submissions
from tests.leads import payloads, wizard
from tests.leads.integration.db_rows import rows
from tests.leads.integration.next_step_helpers import HEALTH, LINK, deliver, health_words, next_step_jobs

OUTCOMES = {
    "likely_eligible": payloads.likely_eligible(),
    "needs_review": payloads.body(),  # breastfeeding, recently gave birth, a medication: review flags
    "not_eligible": payloads.body(perinatal={**payloads.NOT_PERINATAL, "pregnant": True}),
    "out_of_area": payloads.likely_eligible(location={"state": "NY", "zip": "10001"}),
}


@pytest.mark.parametrize("outcome", sorted(OUTCOMES))
def test_next_step_email_says_what_happens_next_without_health_words(outcome, submit, parts, client):
    """Each outcome's email goes to the visitor with a working link and no condition, score or answer word."""
    payload = OUTCOMES[outcome]
    answer = submit(payload).get_json()
    assert answer["outcome"] == outcome
    assert payload["contact"]["email"] not in str(next_step_jobs(parts))  # the outbox holds ids only
    [message] = deliver(parts)
    assert [r.email for r in message.recipients] == [payload["contact"]["email"]]
    assert health_words(message) == []
    assert "out of" not in message.text and "sertraline" not in message.text.lower()
    assert "14 days" in message.text and message.subject == f"Your next step with {parts.settings.clinic_name}"
    assert not message.categories or message.categories == ("next_step",)
    token = LINK.search(message.text).group(1)
    page = client.get(f"/assessment/result/{token}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"


def test_the_health_word_check_finds_words_only_as_whole_words():
    """The checker itself: "Ketamine" and "PHQ-9" are found; "harmony" and "mania" inside "Romania" are not."""
    assert HEALTH.findall("Ketamine and PHQ-9 results") == ["Ketamine", "PHQ-9"]
    assert HEALTH.findall("Harmony from Romania, gradually") == []


def test_the_hosted_wizard_queues_the_same_email(client, parts):
    """An assessment finished in the pages is emailed too, to the address typed in the form."""
    email = "wizard-next@example.com"
    response, _ = wizard.walk(client, wizard.answers(email=email))
    assert response.status_code == 303
    [message] = deliver(parts)
    assert message.recipients[0].email == email and health_words(message) == []


def test_a_safety_flagged_visitor_gets_no_automatic_email(submit, parts):
    """A flag means a clinician reaches out; no email is queued, and none is sent if the flag came after queueing."""
    submit(payloads.flagged(item9=2))
    assert next_step_jobs(parts) == []
    first = payloads.likely_eligible()
    submit(first)
    later = payloads.flagged(item9=1)
    later["contact"] = first["contact"]  # the same person, flagged before the worker ran
    submit(later)
    assert len(next_step_jobs(parts)) == 1
    assert deliver(parts) == []


def test_an_under_18_visitor_gets_no_email(submit, parts):
    """A minor is never emailed automatically."""
    answer = submit(payloads.likely_eligible(date_of_birth="2012-01-01")).get_json()
    assert answer["outcome"] == "not_eligible"
    assert next_step_jobs(parts) == []


def test_suspected_spam_gets_no_email(submit, parts):
    """A honeypot submission sends nothing to the address it gave."""
    submit(payloads.likely_eligible(website="http://spam.example"))
    assert next_step_jobs(parts) == []


def test_emailed_link_works_on_day_13_and_not_on_day_15(submit, parts):
    """The emailed link lives RESULT_EMAIL_LINK_DAYS (14); the page's own link still lives 72 hours."""
    lead_id = submit(payloads.likely_eligible()).get_json()["id"]
    submission_id = rows(parts, submissions)[0].id
    emailed, page_link = mint(parts, lead_id, submission_id, emailed=True), mint(parts, lead_id, submission_id)
    now = utcnow()
    assert load_result(parts, emailed, now + timedelta(days=13)).lead_id == lead_id
    with pytest.raises(ResultUnavailable):
        load_result(parts, emailed, now + timedelta(days=15))
    assert load_result(parts, page_link, now + timedelta(hours=71)).lead_id == lead_id
    with pytest.raises(ResultUnavailable):
        load_result(parts, page_link, now + timedelta(hours=73))
