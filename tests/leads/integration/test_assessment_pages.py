"""The hosted assessment without JavaScript: steps, errors, review, results and the safety screen."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from services.leads.tables import consultations, leads, submissions
from tests.leads import wizard
from tests.leads.integration.db_rows import outbox_jobs, rows
from tests.support.seo_check import json_ld, seo_problems


def test_walking_the_steps_ends_on_a_likely_eligible_result(client, parts):
    """A visitor goes about you → perinatal → PHQ-9 → GAD-7 → health → consent → review → result."""
    response, seen = wizard.walk(client, wizard.answers())
    assert seen == ["about_you", "perinatal", "phq9", "gad7", "health", "consent", "review"]
    assert response.status_code == 303 and response.headers["Location"].startswith("/assessment/result/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "may be right for you" in page and "/membership?lead=" in page
    assert "PHQ-9 (depression): 16 out of 27" in page
    (lead,) = rows(parts, leads)
    assert (lead.outcome, lead.first_source, lead.first_campaign) == ("likely_eligible", "facebook", "ppd")


def test_epds_step_appears_only_in_the_perinatal_period(client):
    """A visitor whose partner had a baby also answers the EPDS, with the partner wording."""
    form = wizard.answers(partner_gave_birth_within_12_months="yes", **{f"epds_{n}": "1" for n in range(1, 10)})
    form["epds_10"] = "3"  # "Never": item 10 is reverse-scored
    response, seen = wizard.walk(client, form)
    assert "epds" in seen and seen.index("epds") == seen.index("phq9") + 1
    assert response.status_code == 303


def test_a_step_with_errors_is_shown_again_with_field_messages(client):
    """A ZIP from another state stops at "about you" with the reason next to the field."""
    page = client.get("/assessment").get_data(as_text=True)
    token = wizard.TOKEN.search(page).group(1)
    answer = client.post("/assessment", data=dict(wizard.answers(zip="07001"), step="about_you", form_token=token))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert 'id="error-summary"' in html and 'href="#zip"' in html and 'aria-invalid="true"' in html
    assert 'name="step" value="about_you"' in html


def test_unanswered_questions_are_named(client):
    """Skipping PHQ-9 question 4 names question 4."""
    form = wizard.answers()
    del form["phq9_4"]
    page = client.get("/assessment").get_data(as_text=True)
    answer = client.post("/assessment", data=dict(form, step="phq9", form_token=wizard.TOKEN.search(page).group(1)))
    assert answer.status_code == 422
    assert "Question 4: please choose an answer." in answer.get_data(as_text=True)


def test_back_keeps_answers_and_review_lists_them(client):
    """Back returns to the previous step with its answers; the review shows every answer."""
    page = client.get("/assessment").get_data(as_text=True)
    token = wizard.TOKEN.search(page).group(1)
    back = client.post("/assessment", data=dict(wizard.answers(), step="perinatal", action="back", form_token=token))
    assert 'value="Maya"' in back.get_data(as_text=True)
    review = client.post("/assessment", data=dict(wizard.answers(), step="consent", form_token=token))
    html = review.get_data(as_text=True)
    assert 'name="step" value="review"' in html and "maya@example.com" in html and "More than half the days" in html


def test_positive_item9_shows_the_safety_screen_and_nothing_else(client, parts):
    """The safety page lists 911 and 988, says when the team monitors, and shows no scores or pricing."""
    response, _ = wizard.walk(client, wizard.answers(phq9_9="1", **{f"phq9_{n}": "0" for n in range(1, 9)}))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tel:988" in html and "tel:911" in html and "Monday–Friday" in html
    for absent in ("$250", "/membership", "PHQ-9", "consultation", "qualify"):
        assert absent not in html, absent
    assert rows(parts, leads)[0].safety_status == "flagged"


def test_result_page_consultation_form_stores_the_request_and_queues_the_email(client, parts):
    """Preferred times from the result page are stored and a confirmation email is queued."""
    response, _ = wizard.walk(client, wizard.answers())
    location = response.headers["Location"]
    page = client.get(location).get_data(as_text=True)
    first = date.fromisoformat(re.search(r'name="window_1_day" min="([0-9-]+)"', page).group(1))
    day = next(first + timedelta(days=n) for n in range(7) if (first + timedelta(days=n)).weekday() < 5)
    assert "Late afternoon (4 PM–6 PM)" in page and "Evening" not in page
    weekend = first + timedelta(days=(5 - first.weekday()) % 7)
    refused = client.post(
        location + "/consultation", data={"window_1_day": weekend.isoformat(), "window_1_period": "morning"}
    )
    assert refused.status_code == 422 and "is outside our hours" in refused.get_data(as_text=True)
    sent = client.post(location + "/consultation", data={"window_1_day": day.isoformat(), "window_1_period": "morning"})
    assert sent.status_code == 303
    assert "your request is in" in client.get(location).get_data(as_text=True)
    assert len(rows(parts, consultations)) == 1
    assert [j["payload"]["kind"] for j in outbox_jobs(parts, "leads.lead_email")] == ["consultation_confirmation"]


def test_out_of_area_visitor_is_offered_the_waitlist_at_the_first_step(client, parts):
    """A New York visitor sees the waitlist (her email and state filled in) instead of any health question."""
    page = client.get("/assessment").get_data(as_text=True)
    token = wizard.TOKEN.search(page).group(1)
    answer = client.post(
        "/assessment", data=dict(wizard.answers(state="NY", zip="10001"), step="about_you", form_token=token)
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "in New York yet" in html
    assert 'value="maya@example.com"' in html and '<option value="NY" selected>' in html
    assert "phq9_1" not in html and 'name="step"' not in html
    assert rows(parts, leads) == [] and rows(parts, submissions) == []
    joined = client.post("/waitlist", data={"email": "maya@example.com", "state": "NY"})
    assert "on the waitlist for New York" in joined.get_data(as_text=True)


def test_a_forged_result_link_shows_a_kind_expiry_page(client):
    """A link that was tampered with is a 404 page, not an error."""
    answer = client.get("/assessment/result/not-a-real-token")
    assert answer.status_code == 404 and "expired" in answer.get_data(as_text=True)


def test_a_form_sent_twice_is_stored_once(client, parts):
    """Pressing submit twice (same form token) gives one submission."""
    form = wizard.answers()
    page = client.get("/assessment").get_data(as_text=True)
    data = dict(form, form_token=wizard.TOKEN.search(page).group(1), step="review", action="submit")
    first = client.post("/assessment", data=data)
    second = client.post("/assessment", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(rows(parts, submissions)) == 1


def test_a_form_filled_in_too_fast_is_kept_and_marked(service_env):
    """Below the minimum time the submission is stored as suspected spam."""
    from services.leads.app import create_app
    from services.leads.bootstrap import parts_of

    app = create_app(service_env("leads", SPAM_MIN_SECONDS="60", LOG_LEVEL="WARNING"))
    response, _ = wizard.walk(app.test_client(), wizard.answers())
    assert response.status_code == 303
    assert rows(parts_of(app.extensions["container"]), leads)[0].spam_reasons == "too_fast"
    app.extensions["container"].db.dispose()


def test_gad7_may_be_skipped_whole_but_not_half_answered(client, parts):
    """The optional GAD-7 left blank still reaches a result; one answer alone names the unanswered rest."""
    blank = {f"gad7_{n}": "" for n in range(1, 8)}
    response, seen = wizard.walk(client, wizard.answers(**blank))
    assert "gad7" in seen and response.status_code == 303
    page = client.get("/assessment").get_data(as_text=True)
    token = wizard.TOKEN.search(page).group(1)
    one_answer = wizard.answers(**dict(blank, gad7_1="2"))
    half = client.post("/assessment", data=dict(one_answer, step="gad7", form_token=token))
    assert half.status_code == 422 and "Question 2: please choose an answer." in half.get_data(as_text=True)


def test_missing_names_are_named_in_the_error_summary(client):
    """An empty first and last name each get their own message that says which field is meant."""
    page = client.get("/assessment").get_data(as_text=True)
    token = wizard.TOKEN.search(page).group(1)
    answer = client.post(
        "/assessment", data=dict(wizard.answers(first_name="", last_name=""), step="about_you", form_token=token)
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Please enter your first name" in html and "Please enter your last name" in html
    assert "Length must be between" not in html


def test_the_assessment_has_its_search_and_sharing_essentials(client: Any) -> None:
    """The first step carries title, description, canonical /assessment, Open Graph and a MedicalWebPage."""
    html = client.get("/assessment?utm_source=x").get_data(as_text=True)
    assert seo_problems(html, "http://127.0.0.1:8000/assessment") == []
    (page,) = json_ld(html)
    assert page["@type"] == "MedicalWebPage" and page["name"] == "See If You Qualify — Free Assessment"
