"""The hosted assessment stops at the disclosure: the answer to that step is the safety screen, and it is stored."""

from __future__ import annotations

from typing import Any

from services.leads.tables import consents, leads, safety_alerts, submissions
from tests.leads import wizard
from tests.leads.integration.db_rows import outbox_jobs, rows

MARKETING = ("$250", "/membership", "/newsletter", "qualify", "Stay informed", "PHQ-9")


def _start(client: Any) -> str:
    page = client.get("/assessment").get_data(as_text=True)
    return wizard.TOKEN.search(page).group(1)


def _post(client: Any, form: dict[str, str], step: str, token: str, **extra: str) -> Any:
    return client.post("/assessment", data=dict(form, step=step, form_token=token, action="next", **extra))


def _alerts_emailed(parts: Any) -> list[dict[str, Any]]:
    return [j["payload"] for j in outbox_jobs(parts, "email.send") if "staff-alert" in j["payload"]["categories"]]


def test_item9_answered_on_the_phq9_step_gets_the_safety_screen_in_that_very_answer(client, parts):
    """The POST of the PHQ-9 step is answered by the safety screen; lead, partial submission and alert are stored."""
    token = _start(client)
    form = wizard.answers(phq9_9="2")
    answer = _post(client, form, "phq9", token)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "tel:911" in html and "tel:988" in html and "sms:988" in html and "988lifeline.org/chat" in html
    assert "Monday–Friday" in html and "answers so far have been saved" in html
    assert "using the contact details you gave us" in html
    for word in MARKETING:
        assert word not in html, word
    assert answer.headers["Cache-Control"] == "no-store"
    (lead,) = rows(parts, leads)
    assert (lead.safety_status, lead.safety_tier, lead.queue_rank, lead.outcome) == (
        "flagged",
        "high",
        0,
        "needs_review",
    )
    assert lead.marketing_hold is True
    (submission,) = rows(parts, submissions)
    assert submission.completed_at is None and submission.safety_flagged and submission.assessed_outcome == "incomplete"
    answers = parts.cipher.decrypt_json(submission.answers_enc, "submissions.answers")
    assert answers["complete"] is False and answers["positions"]["phq9"][8] == 2 and "gad7" not in answers["positions"]
    assert [c.channel for c in rows(parts, consents)] == ["terms"]
    (alert,) = rows(parts, safety_alerts)
    assert alert.tier == "high" and alert.due_at > alert.created_at
    assert len(_alerts_emailed(parts)) == 1
    assert [j["payload"]["alert_id"] for j in outbox_jobs(parts, "leads.safety_escalation")] == [alert.id]


def test_finishing_after_the_safety_screen_completes_the_same_submission_without_a_second_alert(client, parts):
    """The remaining answers attach to the saved submission: one lead, one submission, one alert, every consent."""
    response, seen = wizard.walk(client, wizard.answers(phq9_9="1", consent_newsletter="yes"))
    assert seen == ["about_you", "perinatal", "phq9", "phq9", "gad7", "health", "consent", "review"]
    assert response.status_code == 303
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tel:988" in result and "$250" not in result
    (lead,) = rows(parts, leads)
    (submission,) = rows(parts, submissions)
    assert submission.completed_at is not None and submission.assessed_outcome == "likely_eligible"
    assert lead.submission_count == 1 and lead.safety_tier == "elevated"
    assert len(rows(parts, safety_alerts)) == 1 and len(_alerts_emailed(parts)) == 1
    assert sorted(c.channel for c in rows(parts, consents)) == ["email", "newsletter", "phone", "sms", "terms"]
    answers = parts.cipher.decrypt_json(submission.answers_enc, "submissions.answers")
    assert answers["complete"] is True and answers["positions"]["gad7"] == [1] * 7


def test_sending_the_disclosing_step_again_stores_and_alerts_once(client, parts):
    """A refresh, or the browser's back button and Continue again, never makes a second lead or alert."""
    token = _start(client)
    _post(client, wizard.answers(phq9_9="1"), "phq9", token)
    _post(client, wizard.answers(phq9_9="1"), "phq9", token)
    changed = _post(client, wizard.answers(phq9_9="3"), "phq9", token)
    assert "tel:988" in changed.get_data(as_text=True)
    assert len(rows(parts, leads)) == 1 and len(rows(parts, submissions)) == 1
    assert len(rows(parts, safety_alerts)) == 1 and len(_alerts_emailed(parts)) == 1
    (submission,) = rows(parts, submissions)
    assert parts.cipher.decrypt_json(submission.answers_enc, "submissions.answers")["positions"]["phq9"][8] == 3


def test_a_disclosure_stands_even_if_the_answer_is_changed_before_finishing(client, parts):
    """Going back and answering item 9 with 0 keeps the flag and the safety screen until a clinician clears it."""
    token = _start(client)
    screen = _post(client, wizard.answers(phq9_9="2"), "phq9", token).get_data(as_text=True)
    ref = dict(wizard.HIDDEN.findall(screen))["safety_ref"]
    final = client.post(
        "/assessment",
        data=dict(wizard.answers(phq9_9="0"), step="review", action="submit", form_token=token, safety_ref=ref),
    )
    assert final.status_code == 303
    assert "tel:988" in client.get(final.headers["Location"]).get_data(as_text=True)
    (lead,) = rows(parts, leads)
    assert (lead.safety_status, lead.outcome) == ("flagged", "needs_review")
    assert len(rows(parts, submissions)) == 1 and len(rows(parts, safety_alerts)) == 1


def test_epds_item10_interrupts_at_the_epds_step_with_the_maternal_hotline(client, parts):
    """A new mother whose PHQ-9 item 9 is 0 but EPDS item 10 scores 1 gets the screen when she sends the EPDS step."""
    token = _start(client)
    # Item 10 is reverse-scored: position 2 ("Hardly ever") scores 1.
    form = wizard.answers(gave_birth_within_12_months="yes", **{f"epds_{n}": "1" for n in range(1, 10)}, epds_10="2")
    phq9 = _post(client, form, "phq9", token)
    assert 'name="step" value="epds"' in phq9.get_data(as_text=True)
    assert rows(parts, leads) == []
    html = _post(client, form, "epds", token).get_data(as_text=True)
    assert "National Maternal Mental Health Hotline" in html and "sms:18338526262" in html
    (submission,) = rows(parts, submissions)
    assert submission.safety_tier == "elevated" and submission.completed_at is None


def test_a_later_epds_disclosure_updates_the_saved_submission_without_a_second_screen_or_alert(client, parts):
    """After the PHQ-9 screen, a higher EPDS item 10 raises the stored tier and the questions go on."""
    token = _start(client)
    form = wizard.answers(gave_birth_within_12_months="yes", phq9_9="1", **{f"epds_{n}": "0" for n in range(1, 10)})
    ref = dict(wizard.HIDDEN.findall(_post(client, form, "phq9", token).get_data(as_text=True)))["safety_ref"]
    # Position 0 of item 10 ("Yes, quite often") scores 3.
    after = _post(client, dict(form, epds_10="0"), "epds", token, safety_ref=ref).get_data(as_text=True)
    assert 'name="step" value="gad7"' in after
    (lead,) = rows(parts, leads)
    (submission,) = rows(parts, submissions)
    assert submission.safety_tier == "high" and lead.queue_rank == 0
    assert len(rows(parts, safety_alerts)) == 1


def test_a_forged_continuation_reference_is_ignored(client, parts):
    """A made-up reference attaches nothing: the disclosure is stored as its own submission with its alert."""
    token = _start(client)
    html = _post(client, wizard.answers(phq9_9="1"), "phq9", token, safety_ref="forged.value").get_data(as_text=True)
    assert "tel:988" in html
    assert len(rows(parts, submissions)) == 1 and len(rows(parts, safety_alerts)) == 1


def test_terms_are_accepted_on_the_first_step_with_the_intro(client, parts):
    """Step 1 shows the short intro and asks for the terms; without them no health question is shown."""
    page = client.get("/assessment").get_data(as_text=True)
    assert "about 5 minutes" in page and "never share them with advertisers" in page
    assert 'name="consent_terms"' in page and 'href="/terms/' in page and 'href="/privacy/' in page
    form = wizard.answers()
    del form["consent_terms"]
    answer = _post(client, form, "about_you", wizard.TOKEN.search(page).group(1))
    assert answer.status_code == 422 and "Please accept the terms" in answer.get_data(as_text=True)
    assert 'name="step" value="about_you"' in answer.get_data(as_text=True)
    consent_step = _post(client, wizard.answers(), "health", wizard.TOKEN.search(page).group(1))
    assert 'name="consent_terms" value="yes"' in consent_step.get_data(as_text=True)  # carried, not asked again
    assert 'id="consent_terms"' not in consent_step.get_data(as_text=True)


def test_an_under_18_visitor_gets_a_kind_page_with_988_at_the_first_step_and_nothing_is_kept(client, parts):
    """A 16-year-old is never asked a health question; the page offers 988 at once and stores nothing."""
    answer = _post(client, wizard.answers(date_of_birth="2010-05-01"), "about_you", _start(client))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "tel:988" in html and "sms:988" in html
    assert "clinician" not in html.lower() and "phq9_1" not in html and 'name="step"' not in html
    assert rows(parts, leads) == [] and rows(parts, submissions) == [] and outbox_jobs(parts) == []


def test_the_reverse_scored_never_of_epds_item10_does_not_interrupt(client, parts):
    """ "Never" is the last option of EPDS item 10 and scores 0: the questions go on and nothing is stored."""
    token = _start(client)
    form = wizard.answers(gave_birth_within_12_months="yes", **{f"epds_{n}": "1" for n in range(1, 10)}, epds_10="3")
    assert 'name="step" value="gad7"' in _post(client, form, "epds", token).get_data(as_text=True)
    assert rows(parts, leads) == []


def test_the_step_counter_counts_stages_and_never_jumps(client):
    """The counter reads "of 6" on every step, whether or not the EPDS is added."""
    token = _start(client)
    form = wizard.answers(partner_gave_birth_within_12_months="yes")
    for step in ("about_you", "perinatal", "phq9"):
        assert "of 6" in _post(client, form, step, token).get_data(as_text=True)


def test_the_clinician_opens_a_part_way_record_from_the_queue(client, parts, staff_token):
    """The saved part-way submission is first in the queue and its page opens for a clinician."""
    from services.kit.staff_auth import COOKIE

    _post(client, wizard.answers(phq9_9="1"), "phq9", _start(client))
    (lead,) = rows(parts, leads)
    client.set_cookie(COOKIE, staff_token("clinician", subject="dr-kim", csrf="csrf-123"))
    queue = client.get("/admin/leads")
    assert queue.status_code == 200 and f"/admin/leads/{lead.id}" in queue.get_data(as_text=True)
    record = client.get(f"/admin/leads/{lead.id}")
    assert record.status_code == 200 and "Maya" in record.get_data(as_text=True)


def test_crisis_words_in_the_medicines_box_interrupt_at_the_health_step(client, parts):
    """Writing "I want to end it all" where medicines go is answered by the safety screen at that step."""
    token = _start(client)
    form = wizard.answers(medications="sertraline, and honestly I want to end it all")
    html = _post(client, form, "health", token).get_data(as_text=True)
    assert "tel:988" in html and 'name="step" value="consent"' not in html
    (lead,) = rows(parts, leads)
    assert lead.safety_status == "flagged" and len(rows(parts, safety_alerts)) == 1


def test_the_terms_consent_links_and_records_the_documents_in_force(client, parts):
    """Step 1 links the exact Terms and Privacy versions, and the consent row names the same versions."""
    from services.kit.legal_documents import current

    terms, privacy = current("terms"), current("privacy")
    page = client.get("/assessment").get_data(as_text=True)
    assert f'href="{terms.url}"' in page and f'href="{privacy.url}"' in page
    _post(client, wizard.answers(phq9_9="1"), "phq9", wizard.TOKEN.search(page).group(1))
    (consent,) = rows(parts, consents)
    assert consent.text_version.endswith(f"terms {terms.version} privacy {privacy.version}")
