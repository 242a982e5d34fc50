"""Pure domain of the leads assessment: scoring, safety, eligibility, ZIP checks.

No Flask and no SQLAlchemy here; the web layer calls `evaluate()` with plain values.
"""

from services.leads.assessments.domain.assessment import (
    GUIDANCE_KEYS,
    AssessmentInput,
    AssessmentOutcome,
    evaluate,
)
from services.leads.assessments.domain.eligibility import (
    EligibilityFacts,
    EligibilityResult,
    Perinatal,
    age_on,
    assess_eligibility,
)
from services.leads.assessments.domain.eligibility_rules import (
    OUTCOMES,
    EligibilityRules,
    RulesError,
    load_rules,
)
from services.leads.assessments.domain.errors import InvalidAnswers, Problem
from services.leads.assessments.domain.instruments import EPDS, GAD7, INSTRUMENTS, PHQ9, Instrument
from services.leads.assessments.domain.next_steps import NextStep, next_step
from services.leads.assessments.domain.safety import Resource, SafetyAssessment, assess_safety
from services.leads.assessments.domain.scoring import (
    EpdsScore,
    Gad7Score,
    Phq9Score,
    score_epds,
    score_gad7,
    score_phq9,
)
from services.leads.assessments.domain.zip_check import County, ZipCheck, check_zip

__all__ = [
    "EPDS",
    "GAD7",
    "GUIDANCE_KEYS",
    "INSTRUMENTS",
    "OUTCOMES",
    "PHQ9",
    "AssessmentInput",
    "AssessmentOutcome",
    "County",
    "EligibilityFacts",
    "EligibilityResult",
    "EligibilityRules",
    "EpdsScore",
    "Gad7Score",
    "Instrument",
    "InvalidAnswers",
    "NextStep",
    "Perinatal",
    "Phq9Score",
    "Problem",
    "Resource",
    "RulesError",
    "SafetyAssessment",
    "ZipCheck",
    "age_on",
    "assess_eligibility",
    "assess_safety",
    "check_zip",
    "evaluate",
    "load_rules",
    "next_step",
    "score_epds",
    "score_gad7",
    "score_phq9",
]
