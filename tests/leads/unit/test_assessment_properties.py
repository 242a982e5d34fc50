"""Properties of scoring, safety and evaluation over generated answers."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.leads.assessments.domain import (
    EPDS,
    GAD7,
    OUTCOMES,
    PHQ9,
    AssessmentInput,
    InvalidAnswers,
    Perinatal,
    evaluate,
    load_rules,
    score_epds,
    score_gad7,
    score_phq9,
)

TODAY = date(2025, 11, 21)
# One real ZIP per state, so generated submissions always pass the ZIP check.
ZIP_BY_STATE = {"FL": "33101", "NJ": "07083", "NY": "10001", "CA": "90210", "TX": "75201", "PR": "00601"}


def answers(count: int) -> st.SearchStrategy[list[int]]:
    """Valid option positions for an instrument of `count` items."""
    return st.lists(st.integers(0, 3), min_size=count, max_size=count)


perinatal = st.builds(Perinatal, st.booleans(), st.booleans(), st.booleans(), st.booleans())
submissions = st.builds(
    lambda state, dob, peri, history, meds, phq9, gad7, epds: AssessmentInput(
        state=state,
        zip=ZIP_BY_STATE[state],
        date_of_birth=dob,
        perinatal=peri,
        history=history,
        medications=meds,
        instruments={"phq9": phq9, "gad7": gad7, "epds": epds},
    ),
    st.sampled_from(sorted(ZIP_BY_STATE)),
    st.dates(TODAY - timedelta(days=365 * 100), TODAY),
    perinatal,
    st.dictionaries(st.sampled_from(load_rules().history_keys), st.booleans()),
    st.sampled_from(["", "sertraline", "xanax", "adderall and tramadol", "none"]) | st.text(max_size=40),
    answers(9),
    st.none() | answers(7),
    answers(10),
)


@given(answers(9))
def test_phq9_scores_any_valid_answers_within_range(positions):
    """Any nine valid positions score 0-27 with the band of their total."""
    score = score_phq9(positions)
    assert 0 <= score.total <= PHQ9.max_total == 27
    assert score.severity == PHQ9.severity(score.total)
    assert score.item9 == positions[8]


@given(answers(7))
def test_gad7_scores_any_valid_answers_within_range(positions):
    """Any seven valid positions score 0-21."""
    assert 0 <= score_gad7(positions).total <= GAD7.max_total == 21


@given(answers(10))
def test_epds_scores_any_valid_answers_within_range(positions):
    """Any ten valid positions score 0-30, with the subscale within 0-9 and cut-offs consistent."""
    score = score_epds(positions)
    assert 0 <= score.total <= EPDS.max_total == 30
    assert 0 <= score.anxiety_subscale <= 9
    assert score.possible_depression == (score.total >= 10)
    assert score.probable_depression == (score.total >= 13)
    assert score.item10 == 3 - positions[9]


@given(st.lists(st.integers(-5, 8) | st.booleans() | st.none() | st.text(max_size=2), max_size=12))
def test_any_invalid_answers_raise_only_invalid_answers(positions):
    """Garbage answers raise InvalidAnswers and nothing else; valid ones never raise."""
    valid = len(positions) == 9 and all(type(p) is int and 0 <= p <= 3 for p in positions)
    try:
        score_phq9(positions)
    except InvalidAnswers:
        assert not valid
    else:
        assert valid


@given(submissions)
def test_evaluate_always_gives_one_of_the_four_outcomes(submission):
    """Every valid submission evaluates to one of the four outcomes."""
    assert evaluate(submission, TODAY).outcome in OUTCOMES


@given(submissions)
def test_safety_flag_iff_a_self_harm_item_is_positive(submission):
    """Flagged exactly when PHQ-9 item 9 >= 1 or EPDS item 10 >= 1; then the safety screen."""
    outcome = evaluate(submission, TODAY)
    positive = submission.instruments["phq9"][8] >= 1 or submission.instruments["epds"][9] <= 2
    assert outcome.safety.flagged == positive
    assert (outcome.next_step.code == "safety_screen") == positive
    assert (outcome.safety.tier is None) == (not positive)
