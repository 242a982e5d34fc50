"""Score PHQ-9, GAD-7 and EPDS answers given as 0-based option positions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.leads.assessments.domain.errors import InvalidAnswers, Problem
from services.leads.assessments.domain.instruments import (
    EPDS,
    EPDS_ANXIETY_ITEMS,
    EPDS_POSSIBLE_DEPRESSION,
    EPDS_PROBABLE_DEPRESSION,
    GAD7,
    PHQ9,
    Instrument,
)


@dataclass(frozen=True)
class Phq9Score:
    """PHQ-9 result; item9 is the self-harm item's score."""

    version: str
    positions: tuple[int, ...]
    item_scores: tuple[int, ...]
    total: int
    severity: str
    item9: int

    def as_dict(self) -> dict[str, Any]:
        """Shape used in the API's `scores.phq9`."""
        return {"total": self.total, "severity": self.severity, "item9": self.item9}


@dataclass(frozen=True)
class Gad7Score:
    """GAD-7 result."""

    version: str
    positions: tuple[int, ...]
    item_scores: tuple[int, ...]
    total: int
    severity: str

    def as_dict(self) -> dict[str, Any]:
        """Shape used in the API's `scores.gad7`."""
        return {"total": self.total, "severity": self.severity}


@dataclass(frozen=True)
class EpdsScore:
    """EPDS result; item10 is the self-harm item's score, anxiety_subscale is EPDS-3A."""

    version: str
    positions: tuple[int, ...]
    item_scores: tuple[int, ...]
    total: int
    possible_depression: bool
    probable_depression: bool
    item10: int
    anxiety_subscale: int

    def as_dict(self) -> dict[str, Any]:
        """Shape used in the API's `scores.epds`."""
        return {
            "total": self.total,
            "possible_depression": self.possible_depression,
            "probable_depression": self.probable_depression,
            "item10": self.item10,
            "anxiety_subscale": self.anxiety_subscale,
        }


def item_scores(instrument: Instrument, positions: Sequence[int], path: str) -> tuple[int, ...]:
    """Validate positions (count, type, range) and map each to its item's score."""
    if isinstance(positions, (str, bytes)) or not isinstance(positions, Sequence):
        raise InvalidAnswers.one(path, "answers_not_list", instrument=instrument.label)
    if len(positions) != instrument.item_count:
        raise InvalidAnswers.one(path, "answer_count", expected=instrument.item_count, received=len(positions))
    problems: dict[str, list[Problem]] = {}
    for index, (position, scores) in enumerate(zip(positions, instrument.option_scores, strict=True)):
        # bool is an int subclass; a JSON true is not an option position.
        if type(position) is not int or not 0 <= position < len(scores):
            problems[f"{path}.{index}"] = [Problem("answer_range", {"number": index + 1})]
    if problems:
        raise InvalidAnswers(problems)
    return tuple(scores[pos] for pos, scores in zip(positions, instrument.option_scores, strict=True))


def score_phq9(positions: Sequence[int], path: str = "instruments.phq9") -> Phq9Score:
    """Score a PHQ-9: total 0-27, severity band, item 9."""
    scores = item_scores(PHQ9, positions, path)
    total = sum(scores)
    return Phq9Score(PHQ9.version, tuple(positions), scores, total, PHQ9.severity(total), scores[8])


def score_gad7(positions: Sequence[int], path: str = "instruments.gad7") -> Gad7Score:
    """Score a GAD-7: total 0-21 and severity band."""
    scores = item_scores(GAD7, positions, path)
    total = sum(scores)
    return Gad7Score(GAD7.version, tuple(positions), scores, total, GAD7.severity(total))


def score_epds(positions: Sequence[int], path: str = "instruments.epds") -> EpdsScore:
    """Score an EPDS: total 0-30, depression cut-offs, item 10 and the anxiety subscale."""
    scores = item_scores(EPDS, positions, path)
    total = sum(scores)
    return EpdsScore(
        version=EPDS.version,
        positions=tuple(positions),
        item_scores=scores,
        total=total,
        possible_depression=total >= EPDS_POSSIBLE_DEPRESSION,
        probable_depression=total >= EPDS_PROBABLE_DEPRESSION,
        item10=scores[9],
        anxiety_subscale=sum(scores[n - 1] for n in EPDS_ANXIETY_ITEMS),
    )
