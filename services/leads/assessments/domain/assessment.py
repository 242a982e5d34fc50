"""Evaluate one assessment submission: validate, score, check safety and eligibility."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from services.leads.assessments.domain.eligibility import (
    EligibilityFacts,
    EligibilityResult,
    Perinatal,
    age_on,
    assess_eligibility,
)
from services.leads.assessments.domain.eligibility_rules import EligibilityRules, load_rules
from services.leads.assessments.domain.errors import InvalidAnswers
from services.leads.assessments.domain.instruments import INSTRUMENTS
from services.leads.assessments.domain.next_steps import NextStep, next_step
from services.leads.assessments.domain.safety import SafetyAssessment, assess_safety, with_crisis_language
from services.leads.assessments.domain.scoring import (
    EpdsScore,
    Gad7Score,
    Phq9Score,
    score_epds,
    score_gad7,
    score_phq9,
)
from services.leads.assessments.domain.zip_check import ZipCheck, check_zip
from services.leads.catalogue import Catalogue
from services.leads.safety.crisis_language import screen as screen_crisis_language

MAX_AGE = 120
GUIDANCE_KEYS = ("guidance.breastfeeding", "guidance.perinatal_support")
T = TypeVar("T")


@dataclass(frozen=True)
class AssessmentInput:
    """The health-relevant part of a submission, after the HTTP edge has parsed it."""

    state: str
    zip: str
    date_of_birth: date
    perinatal: Perinatal
    instruments: Mapping[str, Sequence[int] | None]
    history: Mapping[str, bool] = field(default_factory=dict)
    medications: str = ""


@dataclass(frozen=True)
class AssessmentOutcome:
    """Everything the domain decided; `as_dict()` is the API's response body minus `id`."""

    outcome: str
    phq9: Phq9Score
    gad7: Gad7Score | None
    epds: EpdsScore | None
    safety: SafetyAssessment
    next_step: NextStep
    eligibility: EligibilityResult
    location: ZipCheck
    age: int
    guidance_keys: tuple[str, ...]

    @property
    def scores(self) -> dict[str, Any]:
        """Scores shaped as DESIGN §3; an instrument not answered is null."""
        return {
            "phq9": self.phq9.as_dict(),
            "gad7": self.gad7.as_dict() if self.gad7 else None,
            "epds": self.epds.as_dict() if self.epds else None,
        }

    @property
    def review_reasons(self) -> tuple[str, ...]:
        """Every clinician-review flag found, whatever the outcome."""
        return self.eligibility.review_flags

    @property
    def instrument_versions(self) -> dict[str, str]:
        """Version of each instrument answered, to store beside the raw positions."""
        answered = (self.phq9, self.gad7, self.epds)
        return {name: s.version for name, s in zip(("phq9", "gad7", "epds"), answered, strict=True) if s}

    def as_dict(self) -> dict[str, Any]:
        """`outcome`, `scores`, `safety` and `next_step` as the API returns them."""
        return {
            "outcome": self.outcome,
            "scores": self.scores,
            "safety": self.safety.as_dict(),
            "next_step": self.next_step.as_dict(),
        }


def evaluate(
    submission: AssessmentInput,
    today: date,
    *,
    rules: EligibilityRules | None = None,
    catalogue: Catalogue | None = None,
    partial: bool = False,
) -> AssessmentOutcome:
    """Validate and evaluate a submission; raise InvalidAnswers listing every bad field.

    The outcome is computed even when the visitor is safety-flagged; only the next step
    changes to the safety screen. Crisis resources are always included, flagged or not.
    A `partial` submission (the answers given before a safety disclosure interrupted the
    questions) may lack the EPDS that a complete one needs.
    """
    rules = rules or load_rules()
    catalogue = catalogue or Catalogue.load("en")
    errors: list[InvalidAnswers] = []
    location = _collect(errors, lambda: check_zip(submission.state, submission.zip))
    age = _collect(errors, lambda: _age(submission.date_of_birth, today))
    _collect(errors, lambda: _check_keys(submission, rules))
    answers = submission.instruments
    if answers.get("phq9") is None:
        errors.append(InvalidAnswers.one("instruments.phq9", "answers_missing", instrument="PHQ-9"))
    if submission.perinatal.in_perinatal_period and answers.get("epds") is None and not partial:
        errors.append(InvalidAnswers.one("instruments.epds", "epds_required"))
    phq9 = _score(errors, score_phq9, answers.get("phq9"))
    gad7 = _score(errors, score_gad7, answers.get("gad7"))
    epds = _score(errors, score_epds, answers.get("epds"))
    if errors or phq9 is None or location is None or age is None:
        raise InvalidAnswers.merge(errors)

    facts = EligibilityFacts(
        age=age,
        state=location.state,
        perinatal=submission.perinatal,
        history=submission.history,
        medications=submission.medications,
        phq9_total=phq9.total,
        epds_total=epds.total if epds else None,
    )
    eligibility = assess_eligibility(facts, rules)
    safety = assess_safety(
        phq9.item9,
        epds.item10 if epds else None,
        perinatal=submission.perinatal.in_perinatal_period,
        catalogue=catalogue,
    )
    # The medicines box is the assessment's one free text; a cry for help typed there flags like item 9.
    crisis = screen_crisis_language([submission.medications])
    if crisis is not None:
        safety = with_crisis_language(safety, crisis.tier)
    step = next_step(eligibility.outcome, eligibility.reasons, flagged=safety.flagged, catalogue=catalogue)
    return AssessmentOutcome(
        outcome=eligibility.outcome,
        phq9=phq9,
        gad7=gad7,
        epds=epds,
        safety=safety,
        next_step=step,
        eligibility=eligibility,
        location=location,
        age=age,
        guidance_keys=_guidance(submission.perinatal, eligibility.outcome, safety.flagged),
    )


def _collect(errors: list[InvalidAnswers], check: Callable[[], T]) -> T | None:
    """Run a check, keeping its InvalidAnswers so every bad field is reported at once."""
    try:
        return check()
    except InvalidAnswers as error:
        errors.append(error)
        return None


def _score(
    errors: list[InvalidAnswers], scorer: Callable[[Sequence[int]], T], positions: Sequence[int] | None
) -> T | None:
    """Score an instrument that was answered; an unanswered one stays None."""
    if positions is None:
        return None
    return _collect(errors, lambda: scorer(positions))


def _age(date_of_birth: date, today: date) -> int:
    if date_of_birth > today:
        raise InvalidAnswers.one("date_of_birth", "date_of_birth_future")
    age = age_on(date_of_birth, today)
    if age > MAX_AGE:
        raise InvalidAnswers.one("date_of_birth", "date_of_birth_implausible")
    return age


def _check_keys(submission: AssessmentInput, rules: EligibilityRules) -> None:
    unknown = [f"instruments.{k}" for k in submission.instruments if k not in INSTRUMENTS]
    known = rules.history_keys
    bad_history = [f"history.{k}" for k in submission.history if k not in known]
    if unknown or bad_history:
        raise InvalidAnswers.merge(
            [InvalidAnswers.one(path, "unknown_instrument") for path in unknown]
            + [InvalidAnswers.one(path, "unknown_history") for path in bad_history]
        )


def _guidance(perinatal: Perinatal, outcome: str, flagged: bool) -> tuple[str, ...]:
    """Extra texts for the result page; the safety screen shows only its own."""
    if flagged:
        return ()
    keys = []
    if perinatal.breastfeeding and outcome in ("likely_eligible", "needs_review"):
        keys.append("guidance.breastfeeding")
    if perinatal.in_perinatal_period:
        keys.append("guidance.perinatal_support")
    return tuple(keys)
