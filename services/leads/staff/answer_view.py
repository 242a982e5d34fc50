"""A submission's answers as a clinician reads them: each question with the answer chosen, scores with bands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.kit.local_time import local_date
from services.leads.assessments.domain import INSTRUMENTS
from services.leads.assessments.wizard_steps import PERINATAL_FIELDS
from services.leads.catalogue import Catalogue
from services.leads.staff.record_labels import label

SAFETY_ITEMS = {"phq9": 9, "epds": 10}  # the self-harm items, shown marked whatever the total


@dataclass(frozen=True)
class AnswerRow:
    """One question, the answer in the visitor's wording, and what it scored."""

    number: int
    question: str
    answer: str
    score: int | None
    safety_item: bool = False


@dataclass(frozen=True)
class InstrumentAnswers:
    """One questionnaire: its name, total with band, and every item answered."""

    name: str
    summary: str
    rows: list[AnswerRow]
    notes: list[str] = field(default_factory=list)


def _score_summary(instrument_id: str, scores: dict[str, Any], t: Catalogue) -> tuple[str, list[str]]:
    """The total out of its maximum with its band, e.g. "10 of 27, moderate (10–14)", and any sub-score lines."""
    score = scores.get(instrument_id)
    if not score:
        return t.t("staff_record.answers.not_scored"), []
    total, maximum = score.get("total"), INSTRUMENTS[instrument_id].max_total
    if instrument_id == "epds":
        band = (
            "probable"
            if score.get("probable_depression")
            else "possible"
            if score.get("possible_depression")
            else "low"
        )
        notes = [t.t("staff_record.answers.epds_anxiety", total=score.get("anxiety_subscale", 0))]
        return t.t("staff_record.answers.total", total=total, max=maximum, band=label(t, "band.epds", band)), notes
    band = label(t, f"band.{instrument_id}", score.get("severity"))
    return t.t("staff_record.answers.total", total=total, max=maximum, band=band), []


def instrument_answers(answers: dict[str, Any], t: Catalogue) -> list[InstrumentAnswers]:
    """Every questionnaire answered, in the order the assessment asks them."""
    positions = answers.get("positions") or {}
    scores = answers.get("scores") or {}
    shown = []
    for instrument_id in ("phq9", "epds", "gad7"):
        given = positions.get(instrument_id)
        if not given:
            continue
        instrument = INSTRUMENTS[instrument_id]
        worded = instrument.worded(t)
        rows = []
        for item, position in zip(worded.items, given, strict=False):
            valid = isinstance(position, int) and 0 <= position < len(item.options)
            rows.append(
                AnswerRow(
                    number=item.number,
                    question=item.text,
                    answer=item.options[position] if valid else t.t("staff_record.answers.not_answered"),
                    score=instrument.option_scores[item.number - 1][position] if valid else None,
                    safety_item=SAFETY_ITEMS.get(instrument_id) == item.number,
                )
            )
        summary, notes = _score_summary(instrument_id, scores, t)
        shown.append(InstrumentAnswers(worded.name, summary, rows, notes))
    return shown


def background_rows(answers: dict[str, Any], t: Catalogue) -> list[tuple[str, str]]:
    """Date of birth, pregnancy and birth, health history and medications, as (question, answer)."""
    yes, no = t.t("staff_record.yes"), t.t("staff_record.no")
    rows = []
    if answers.get("date_of_birth"):
        age = answers.get("age")
        born = local_date(answers["date_of_birth"])
        rows.append((t.t("staff_record.answers.born"), t.t("staff_record.answers.age", born=born, age=age)))
    if answers.get("zip"):
        rows.append((t.t("staff_record.answers.zip"), str(answers["zip"])))
    perinatal = answers.get("perinatal") or {}
    for name in PERINATAL_FIELDS:
        if name in perinatal:
            rows.append((t.t(f"perinatal.{name}.label"), yes if perinatal[name] else no))
    history = answers.get("history") or {}
    ticked = [
        t.t(f"history.{k}.question") if t.has(f"history.{k}.question") else label(t, "health_history", k)
        for k, v in history.items()
        if v
    ]
    if history:
        rows.append(
            (t.t("staff_record.answers.conditions"), "; ".join(ticked) or t.t("staff_record.answers.no_conditions"))
        )
    if "medications" in answers:
        rows.append(
            (
                t.t("staff_record.answers.medications"),
                answers.get("medications") or t.t("staff_record.answers.no_medications"),
            )
        )
    return rows


def reason_labels(answers: dict[str, Any], t: Catalogue) -> dict[str, str]:
    """The rules' reasons, review flags and safety reasons, in words."""
    eligibility = answers.get("eligibility") or {}
    safety = answers.get("safety") or {}
    values = safety.get("item_values") or {}
    safety_words = [
        t.t("staff_record.answers.safety_value", reason=label(t, "safety_reason", r), value=values.get(r, "?"))
        for r in safety.get("reasons") or ()
    ]
    none = t.t("staff_record.answers.none")
    return {
        "reasons": "; ".join(label(t, "reason", r) for r in eligibility.get("reasons") or ()) or none,
        "review_flags": "; ".join(label(t, "reason", r) for r in eligibility.get("review_flags") or ()) or none,
        "safety": "; ".join(safety_words),
    }
