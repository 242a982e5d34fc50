"""Eligibility rules: gates and their precedence, review flags, thresholds, next steps."""

from datetime import date
from typing import Any

import pytest

from services.leads.assessments.domain import (
    EligibilityFacts,
    Perinatal,
    RulesError,
    age_on,
    assess_eligibility,
    load_rules,
    next_step,
)
from services.leads.assessments.domain.eligibility_rules import parse_rules
from services.leads.assessments.domain.medications import detect_medication_classes

RULES = load_rules()


def facts(**overrides: Any) -> EligibilityFacts:
    """Facts of an adult in Florida with moderate depression and nothing to review."""
    values: dict[str, Any] = dict(age=30, state="FL", perinatal=Perinatal(), medications="", phq9_total=12)
    values.update(overrides)
    return EligibilityFacts(**values)


def test_age_turns_18_on_the_birthday_itself():
    """The day before the 18th birthday is 17; the birthday is 18."""
    born = date(2007, 6, 15)
    assert age_on(born, date(2025, 6, 14)) == 17
    assert age_on(born, date(2025, 6, 15)) == 18


def test_leap_day_birthday_turns_a_year_older_on_1_march():
    """Someone born on 29 February is 17 on 28 February of a common year and 18 on 1 March."""
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18


def test_adult_with_moderate_depression_is_likely_eligible():
    """No gate, no flag and PHQ-9 >= 10 gives likely_eligible."""
    result = assess_eligibility(facts(), RULES)
    assert (result.outcome, result.reasons) == ("likely_eligible", ("phq9_threshold",))
    assert result.rules_version == "eligibility-v1"


def test_under_18_is_not_eligible():
    """A 17-year-old is not eligible; an 18-year-old passes the gate."""
    assert assess_eligibility(facts(age=17), RULES).reasons == ("under_18",)
    assert assess_eligibility(facts(age=17), RULES).outcome == "not_eligible"
    assert assess_eligibility(facts(age=18), RULES).outcome == "likely_eligible"


@pytest.mark.parametrize("state", ["NY", "CA", "PA", "PR"])
def test_outside_florida_and_new_jersey_is_out_of_area(state):
    """Any state other than FL or NJ is out_of_area."""
    result = assess_eligibility(facts(state=state), RULES)
    assert (result.outcome, result.reasons) == ("out_of_area", ("out_of_area",))


def test_new_jersey_is_served():
    """New Jersey residents pass the area gate."""
    assert assess_eligibility(facts(state="NJ"), RULES).outcome == "likely_eligible"


def test_pregnancy_is_not_eligible():
    """A pregnant visitor is not eligible for ketamine."""
    result = assess_eligibility(facts(perinatal=Perinatal(pregnant=True), epds_total=15), RULES)
    assert (result.outcome, result.reasons) == ("not_eligible", ("pregnant",))


def test_under_18_comes_before_out_of_area():
    """A minor out of area is not_eligible (no waitlist for minors); both reasons are kept."""
    result = assess_eligibility(facts(age=16, state="TX"), RULES)
    assert (result.outcome, result.reasons) == ("not_eligible", ("under_18", "out_of_area"))


def test_out_of_area_comes_before_pregnancy():
    """A pregnant visitor out of area gets out_of_area, with pregnant still listed."""
    result = assess_eligibility(facts(state="GA", perinatal=Perinatal(pregnant=True)), RULES)
    assert (result.outcome, result.reasons) == ("out_of_area", ("out_of_area", "pregnant"))


def test_gates_win_over_review_flags_but_flags_are_kept():
    """A gated visitor still carries every review flag for the care team."""
    result = assess_eligibility(facts(age=17, history={"seizures": True}), RULES)
    assert result.outcome == "not_eligible"
    assert result.review_flags == ("history_seizures",)


@pytest.mark.parametrize(
    ("perinatal", "code"),
    [
        (Perinatal(breastfeeding=True), "breastfeeding"),
        (Perinatal(gave_birth_within_12_months=True), "postpartum"),
    ],
)
def test_perinatal_review_flags(perinatal, code):
    """Breastfeeding and a birth in the last 12 months need a clinician's review."""
    result = assess_eligibility(facts(perinatal=perinatal, epds_total=20), RULES)
    assert (result.outcome, result.reasons) == ("needs_review", (code,))


def test_partner_birth_alone_is_not_a_review_flag():
    """A partner's recent birth asks for the EPDS but does not need review by itself."""
    partner = Perinatal(partner_gave_birth_within_12_months=True)
    result = assess_eligibility(facts(perinatal=partner, epds_total=11), RULES)
    assert result.outcome == "likely_eligible"


@pytest.mark.parametrize(("key", "code"), RULES.history_flags)
def test_each_history_answer_needs_review(key, code):
    """Every health-history question, answered yes, gives needs_review, never a rejection."""
    result = assess_eligibility(facts(phq9_total=27, history={key: True}), RULES)
    assert (result.outcome, result.reasons) == ("needs_review", (code,))


def test_history_covers_every_question_of_the_api_contract():
    """The eight history questions of DESIGN §3 are all review flags."""
    contract = {
        "psychosis",
        "bipolar_or_mania",
        "substance_use_disorder",
        "uncontrolled_hypertension",
        "heart_disease",
        "aneurysm_or_brain_bleed",
        "seizures",
        "ketamine_adverse_reaction",
    }
    assert contract <= set(RULES.history_keys)


def test_history_answered_no_is_not_a_flag():
    """Every history question answered no leaves the visitor likely eligible."""
    result = assess_eligibility(facts(history={key: False for key in RULES.history_keys}), RULES)
    assert result.outcome == "likely_eligible"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("oxycodone 5mg as needed", "medication_opioid"),
        ("Suboxone", "medication_opioid"),
        ("XANAX 0.5 mg", "medication_benzodiazepine"),
        ("clonazepam at night", "medication_benzodiazepine"),
        ("an MAO inhibitor", "medication_maoi"),
        ("phenelzine", "medication_maoi"),
        ("Adderall XR 20mg", "medication_stimulant"),
        ("methylphenidate", "medication_stimulant"),
    ],
)
def test_each_medication_class_needs_review(text, code):
    """Opioids, benzodiazepines, MAOIs and stimulants in the medicines list need review."""
    result = assess_eligibility(facts(medications=text), RULES)
    assert (result.outcome, result.reasons) == ("needs_review", (code,))


def test_medication_keywords_match_whole_words_only():
    """Sertraline is no flag, and benzonatate (a cough medicine) is not a "benzo"."""
    assert detect_medication_classes("sertraline 50 mg, benzonatate, vitamin D", RULES) == ()


def test_several_medication_classes_are_all_reported():
    """Each class found is a separate reason, in rules order."""
    found = detect_medication_classes("tramadol; lorazepam; vyvanse", RULES)
    assert found == ("medication_opioid", "medication_benzodiazepine", "medication_stimulant")


@pytest.mark.parametrize(
    ("phq9", "epds", "outcome", "reasons"),
    [
        (9, None, "needs_review", ("below_threshold",)),
        (10, None, "likely_eligible", ("phq9_threshold",)),
        (0, 10, "likely_eligible", ("epds_threshold",)),
        (9, 9, "needs_review", ("below_threshold",)),
        (10, 10, "likely_eligible", ("phq9_threshold", "epds_threshold")),
    ],
)
def test_score_thresholds(phq9, epds, outcome, reasons):
    """PHQ-9 >= 10 or EPDS >= 10 is likely eligible; below both needs review."""
    perinatal = Perinatal(partner_gave_birth_within_12_months=epds is not None)
    result = assess_eligibility(facts(phq9_total=phq9, epds_total=epds, perinatal=perinatal), RULES)
    assert (result.outcome, result.reasons) == (outcome, reasons)


@pytest.mark.parametrize(
    ("outcome", "reasons", "code", "page"),
    [
        ("likely_eligible", ("phq9_threshold",), "request_consultation", "result.likely_eligible"),
        ("needs_review", ("breastfeeding",), "team_will_call", "result.needs_review"),
        ("not_eligible", ("under_18",), "see_resources", "result.not_eligible.under_18"),
        ("not_eligible", ("pregnant",), "team_will_call", "result.not_eligible.pregnant"),
        ("out_of_area", ("out_of_area", "pregnant"), "join_waitlist", "result.out_of_area"),
    ],
)
def test_next_step_per_outcome(outcome, reasons, code, page):
    """Each outcome has its own next step and result page."""
    step = next_step(outcome, reasons, flagged=False)
    assert (step.code, step.page_key) == (code, page)
    assert step.message


@pytest.mark.parametrize("outcome", ["likely_eligible", "needs_review", "not_eligible", "out_of_area"])
def test_safety_flag_overrides_every_next_step(outcome):
    """A flagged visitor always gets the safety screen, never a marketing step."""
    step = next_step(outcome, ("pregnant",), flagged=True)
    assert (step.code, step.page_key) == ("safety_screen", "result.safety")


def test_rules_file_names_its_version():
    """The v1 rules load with their version and the FL/NJ service area."""
    assert RULES.version == "eligibility-v1"
    area = next(g for g in RULES.gates if g.code == "out_of_area")
    assert area.served_states == {"FL", "NJ"}
    assert [g.code for g in RULES.gates] == ["under_18", "out_of_area", "pregnant"]


@pytest.mark.parametrize("version", ["eligibility-v99", "../etc/passwd", "v1"])
def test_unknown_rules_version_is_refused(version):
    """Only existing eligibility-vN files load."""
    with pytest.raises(RulesError):
        load_rules(version)


def test_rules_with_an_unknown_gate_are_refused():
    """A gate the code cannot evaluate is an error, not a silent pass."""
    raw = {
        "version": "x",
        "gates": [{"code": "over_65", "outcome": "not_eligible"}],
        "review": {"perinatal": {}, "history": {}, "medications": {"classes": []}},
        "thresholds": {"phq9_total": 10, "epds_total": 10},
    }
    with pytest.raises(ValueError):
        parse_rules(raw)
