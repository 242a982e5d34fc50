"""Scoring of PHQ-9, GAD-7 and EPDS against clinical.md's worked examples and band edges."""

import pytest

from services.leads.assessments.domain import (
    EPDS,
    GAD7,
    PHQ9,
    Instrument,
    InvalidAnswers,
    score_epds,
    score_gad7,
    score_phq9,
)


def positions_for_total(instrument: Instrument, total: int) -> list[int]:
    """Positions whose item scores add up to `total`, filling items with 3s first."""
    positions = []
    for scores in instrument.option_scores:
        score = min(3, total)
        total -= score
        positions.append(scores.index(score))
    assert total == 0
    return positions


@pytest.mark.parametrize(
    ("positions", "total", "severity", "item9"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "minimal", 0),
        ([1, 1, 1, 1, 0, 0, 0, 0, 1], 5, "mild", 1),
        ([2, 2, 1, 2, 1, 1, 1, 0, 0], 10, "moderate", 0),
        ([3, 3, 3, 3, 2, 3, 2, 2, 0], 21, "severe", 0),
    ],
)
def test_phq9_worked_examples_score_as_published(positions, total, severity, item9):
    """Every PHQ-9 row of clinical.md gives its total, severity and item 9."""
    score = score_phq9(positions)
    assert (score.total, score.severity, score.item9) == (total, severity, item9)
    assert score.as_dict() == {"total": total, "severity": severity, "item9": item9}


@pytest.mark.parametrize(
    ("positions", "total", "severity"),
    [([0, 1, 0, 1, 0, 1, 1], 4, "minimal"), ([2, 2, 2, 2, 1, 1, 1], 11, "moderate")],
)
def test_gad7_worked_examples_score_as_published(positions, total, severity):
    """Every GAD-7 row of clinical.md gives its total and severity."""
    assert score_gad7(positions).as_dict() == {"total": total, "severity": severity}


@pytest.mark.parametrize(
    ("positions", "item_scores", "total", "possible", "probable", "item10"),
    [
        ([0, 0, 3, 0, 3, 3, 3, 3, 3, 3], (0,) * 10, 0, False, False, 0),
        ([0, 1, 2, 1, 2, 2, 3, 2, 3, 2], (0, 1, 1, 1, 1, 1, 0, 1, 0, 1), 7, False, False, 1),
        ([1, 1, 1, 2, 1, 1, 2, 1, 2, 3], (1, 1, 2, 2, 2, 2, 1, 2, 1, 0), 14, True, True, 0),
    ],
)
def test_epds_worked_examples_score_as_published(positions, item_scores, total, possible, probable, item10):
    """Every EPDS row of clinical.md gives its item scores, total, cut-offs and item 10."""
    score = score_epds(positions)
    assert score.item_scores == item_scores
    assert (score.total, score.possible_depression, score.probable_depression) == (total, possible, probable)
    assert score.item10 == item10


def test_epds_reverse_scores_items_3_and_5_to_10():
    """Items 1, 2, 4 score as printed and items 3, 5-10 reversed, not only 3, 5, 6."""
    forward, reverse = (0, 1, 2, 3), (3, 2, 1, 0)
    expected = [forward, forward, reverse, forward, reverse, reverse, reverse, reverse, reverse, reverse]
    assert list(EPDS.option_scores) == expected


def test_epds_anxiety_subscale_sums_items_3_4_5():
    """The EPDS-3A subscale is the sum of the scored items 3, 4 and 5."""
    assert score_epds([1, 1, 1, 2, 1, 1, 2, 1, 2, 3]).anxiety_subscale == 6
    assert score_epds([0, 0, 0, 3, 0, 3, 3, 3, 3, 3]).anxiety_subscale == 9
    assert score_epds([3, 3, 3, 0, 3, 0, 0, 0, 0, 0]).anxiety_subscale == 0


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_edges(total, severity):
    """PHQ-9 bands change at 5, 10, 15 and 20."""
    assert score_phq9(positions_for_total(PHQ9, total)).severity == severity


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_edges(total, severity):
    """GAD-7 bands change at 5, 10 and 15."""
    assert score_gad7(positions_for_total(GAD7, total)).severity == severity


@pytest.mark.parametrize(
    ("total", "possible", "probable"),
    [(9, False, False), (10, True, False), (12, True, False), (13, True, True), (30, True, True)],
)
def test_epds_cut_offs_at_10_and_13(total, possible, probable):
    """possible_depression starts at 10 and probable_depression at 13."""
    score = score_epds(positions_for_total(EPDS, total))
    assert score.total == total
    assert (score.possible_depression, score.probable_depression) == (possible, probable)


@pytest.mark.parametrize("count", [0, 8, 10])
def test_wrong_number_of_phq9_answers_is_rejected(count):
    """PHQ-9 needs exactly nine answers; no proration."""
    with pytest.raises(InvalidAnswers) as caught:
        score_phq9([0] * count)
    assert caught.value.codes == {"instruments.phq9": ["answer_count"]}
    assert "9" in caught.value.messages()["instruments.phq9"][0]


@pytest.mark.parametrize("bad", [4, -1, True, "1", None, 1.0])
def test_out_of_range_or_non_integer_position_names_the_item(bad):
    """A bad position is reported on its own item path, 0-based, with a 1-based question number."""
    positions = [0, 0, 0, 0, bad, 0, 0]
    with pytest.raises(InvalidAnswers) as caught:
        score_gad7(positions)
    assert caught.value.codes == {"instruments.gad7.4": ["answer_range"]}
    assert caught.value.messages()["instruments.gad7.4"] == ["Question 5: please choose one of the answers shown."]


def test_every_bad_item_is_reported_at_once():
    """Several bad items give one error listing each of them."""
    with pytest.raises(InvalidAnswers) as caught:
        score_epds([9, 0, 0, 0, 0, 0, 0, 0, 0, -3])
    assert set(caught.value.codes) == {"instruments.epds.0", "instruments.epds.9"}


@pytest.mark.parametrize("bad", ["000000000", {"a": 1}, 7])
def test_answers_that_are_not_a_list_are_rejected(bad):
    """A string, mapping or number is not a list of positions."""
    with pytest.raises(InvalidAnswers) as caught:
        score_phq9(bad)
    assert caught.value.codes == {"instruments.phq9": ["answers_not_list"]}
