"""evaluate(): one submission in, the API's outcome, scores, safety and next step out."""

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from services.leads.assessments.domain import AssessmentInput, County, InvalidAnswers, Perinatal, evaluate

TODAY = date(2025, 11, 21)
CALM_PHQ9 = [0, 0, 0, 0, 0, 0, 0, 0, 0]
MODERATE_PHQ9 = [2, 2, 1, 2, 1, 1, 1, 0, 0]


def submission(**overrides: Any) -> AssessmentInput:
    """An adult in Miami with moderate depression, no perinatal answers and nothing to review."""
    values: dict[str, Any] = dict(
        state="FL",
        zip="33101",
        date_of_birth=date(1994, 3, 2),
        perinatal=Perinatal(),
        instruments={"phq9": MODERATE_PHQ9},
        history={},
        medications="sertraline 50 mg",
    )
    values.update(overrides)
    return AssessmentInput(**values)


def test_design_example_needs_review_with_exact_scores():
    """The DESIGN §3 example (postpartum, breastfeeding) needs review and scores as specified."""
    outcome = evaluate(
        submission(
            perinatal=Perinatal(gave_birth_within_12_months=True, breastfeeding=True),
            instruments={"phq9": MODERATE_PHQ9, "gad7": [1, 1, 1, 1, 0, 0, 0], "epds": [1, 1, 1, 2, 1, 1, 2, 1, 2, 3]},
            history={"psychosis": False, "seizures": False},
        ),
        TODAY,
    )
    body = outcome.as_dict()
    assert set(body) == {"outcome", "scores", "safety", "next_step"}
    assert body["outcome"] == "needs_review"
    assert body["scores"] == {
        "phq9": {"total": 10, "severity": "moderate", "item9": 0},
        "gad7": {"total": 4, "severity": "minimal"},
        "epds": {
            "total": 14,
            "possible_depression": True,
            "probable_depression": True,
            "item10": 0,
            "anxiety_subscale": 6,
        },
    }
    assert body["safety"]["flagged"] is False and body["safety"]["reasons"] == []
    assert body["next_step"]["code"] == "team_will_call"
    assert outcome.review_reasons == ("breastfeeding", "postpartum")
    assert outcome.guidance_keys == ("guidance.breastfeeding", "guidance.perinatal_support")


def test_unanswered_optional_instruments_are_null():
    """GAD-7 is optional and EPDS not asked: both are null in the scores."""
    scores = evaluate(submission(), TODAY).scores
    assert scores["gad7"] is None and scores["epds"] is None
    assert list(scores) == ["phq9", "gad7", "epds"]


def test_likely_eligible_offers_the_consultation():
    """An adult Floridian with PHQ-9 10 and nothing to review is likely eligible."""
    outcome = evaluate(submission(), TODAY)
    assert (outcome.outcome, outcome.next_step.code) == ("likely_eligible", "request_consultation")
    assert outcome.eligibility.rules_version == "eligibility-v1"
    assert outcome.instrument_versions == {"phq9": "phq9-en-v1"}


def test_low_scores_need_review():
    """Below both thresholds the care team calls; it is never a rejection."""
    outcome = evaluate(submission(instruments={"phq9": CALM_PHQ9}), TODAY)
    assert (outcome.outcome, outcome.eligibility.reasons) == ("needs_review", ("below_threshold",))


def test_seventeen_the_day_before_the_birthday_and_eighteen_on_it():
    """Born 2007-11-21: not eligible on 2025-11-20, likely eligible on 2025-11-21."""
    minor = submission(date_of_birth=date(2007, 11, 21))
    assert evaluate(minor, date(2025, 11, 20)).outcome == "not_eligible"
    assert evaluate(minor, date(2025, 11, 20)).next_step.code == "see_resources"
    assert evaluate(minor, date(2025, 11, 21)).outcome == "likely_eligible"


def test_out_of_area_offers_the_waitlist_and_records_the_county():
    """A Californian is out_of_area, offered the waitlist; the county is kept for demand counts."""
    outcome = evaluate(submission(state="CA", zip="90210"), TODAY)
    assert (outcome.outcome, outcome.next_step.code) == ("out_of_area", "join_waitlist")
    assert outcome.location.county == County("CA", "Los Angeles County")


def test_pregnant_visitor_is_routed_to_the_consult_team():
    """Pregnancy is not_eligible, with a call from the consult team and perinatal support."""
    outcome = evaluate(
        submission(
            perinatal=Perinatal(pregnant=True),
            instruments={"phq9": MODERATE_PHQ9, "epds": [1, 1, 1, 2, 1, 1, 2, 1, 2, 3]},
        ),
        TODAY,
    )
    assert (outcome.outcome, outcome.next_step.code) == ("not_eligible", "team_will_call")
    assert outcome.next_step.page_key == "result.not_eligible.pregnant"
    assert "guidance.perinatal_support" in outcome.guidance_keys
    assert "maternal_hotline" in [r.id for r in outcome.safety.resources]


@pytest.mark.parametrize(
    "perinatal",
    [
        Perinatal(pregnant=True),
        Perinatal(gave_birth_within_12_months=True),
        Perinatal(partner_gave_birth_within_12_months=True),
    ],
)
def test_epds_is_required_in_the_perinatal_period(perinatal):
    """Pregnant, postpartum or a partner's recent birth: a missing EPDS is a field error."""
    with pytest.raises(InvalidAnswers) as caught:
        evaluate(submission(perinatal=perinatal), TODAY)
    assert caught.value.codes == {"instruments.epds": ["epds_required"]}


def test_missing_phq9_is_a_field_error():
    """PHQ-9 is always required."""
    with pytest.raises(InvalidAnswers) as caught:
        evaluate(submission(instruments={"gad7": [0] * 7}), TODAY)
    assert caught.value.codes == {"instruments.phq9": ["answers_missing"]}


def test_every_bad_field_is_reported_together():
    """ZIP, date of birth, unknown keys and bad answers all come back in one error."""
    bad = submission(
        zip="07083",
        date_of_birth=date(2030, 1, 1),
        history={"telepathy": True},
        instruments={"phq9": [0] * 8, "gad7": [0, 0, 0, 9, 0, 0, 0], "mood": [1]},
    )
    with pytest.raises(InvalidAnswers) as caught:
        evaluate(bad, TODAY)
    assert caught.value.codes == {
        "location.zip": ["zip_state_mismatch"],
        "date_of_birth": ["date_of_birth_future"],
        "instruments.mood": ["unknown_instrument"],
        "history.telepathy": ["unknown_history"],
        "instruments.phq9": ["answer_count"],
        "instruments.gad7.3": ["answer_range"],
    }


def test_implausible_age_is_refused():
    """A date of birth over 120 years ago is a typing mistake."""
    with pytest.raises(InvalidAnswers) as caught:
        evaluate(submission(date_of_birth=date(1900, 1, 1)), TODAY)
    assert caught.value.codes == {"date_of_birth": ["date_of_birth_implausible"]}


def test_flagged_visitor_keeps_the_outcome_but_gets_the_safety_screen():
    """PHQ-9 item 9 = 2: outcome still computed, next step is the safety screen, tier high."""
    flagged = [2, 2, 1, 2, 1, 1, 1, 0, 2]
    outcome = evaluate(submission(instruments={"phq9": flagged}), TODAY)
    assert outcome.outcome == "likely_eligible"
    assert (outcome.next_step.code, outcome.next_step.page_key) == ("safety_screen", "result.safety")
    assert (outcome.safety.flagged, outcome.safety.reasons, outcome.safety.tier) == (True, ("phq9_item9",), "high")
    assert outcome.guidance_keys == ()
    assert "$" not in outcome.next_step.message


def test_epds_item10_flags_a_partner_with_a_low_total():
    """A partner's EPDS with total 7 and item 10 = 1 is flagged, elevated tier."""
    outcome = evaluate(
        submission(
            perinatal=Perinatal(partner_gave_birth_within_12_months=True),
            instruments={"phq9": CALM_PHQ9, "epds": [0, 1, 2, 1, 2, 2, 3, 2, 3, 2]},
        ),
        TODAY,
    )
    assert outcome.safety.as_dict()["reasons"] == ["epds_item10"]
    assert (outcome.safety.tier, outcome.next_step.code) == ("elevated", "safety_screen")


def test_unflagged_result_still_lists_crisis_lines():
    """988 is on every result, flagged or not, but only a flag changes the page."""
    outcome = evaluate(submission(), TODAY)
    assert outcome.safety.flagged is False
    assert "988" in [r.phone for r in outcome.safety.resources]


def test_partner_gets_the_partner_wording_of_the_epds_stem():
    """The EPDS stem does not assume a partner gave birth."""
    assert Perinatal(partner_gave_birth_within_12_months=True).epds_stem_variant == "partner"
    assert Perinatal(gave_birth_within_12_months=True, partner_gave_birth_within_12_months=True).epds_stem_variant == ""
    assert replace(Perinatal(), pregnant=True).epds_stem_variant == ""


def test_domain_imports_no_web_or_database_library():
    """The assessment domain stays pure: importing it loads neither Flask nor SQLAlchemy."""
    code = (
        "import sys, services.leads.assessments.domain, services.leads.catalogue;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'sqlalchemy', 'marshmallow'}))"
    )
    root = Path(__file__).parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root, env=env)
    assert result.stdout.strip() == "[]"
