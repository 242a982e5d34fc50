"""The hosted assessment's steps: which fields each owns, when it applies, and how it is checked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from marshmallow import ValidationError

from services.leads.assessments.domain import EPDS, GAD7, PHQ9, InvalidAnswers, check_zip, load_rules
from services.leads.assessments.schemas import ContactSchema
from services.leads.catalogue import Catalogue
from services.leads.safety.crisis_language import screen as screen_crisis_language

STEPS = ("about_you", "perinatal", "phq9", "epds", "gad7", "health", "consent", "review")
# The counter counts stages, so adding the EPDS after the pregnancy questions never makes it jump.
STAGES = ("about_you", "perinatal", "questionnaires", "health", "consent", "review")
# The self-harm item (1-based) of each instrument that has one: a positive answer stops the questions there.
SAFETY_ITEMS = {"phq9": 9, "epds": 10}
PERINATAL_FIELDS = ("pregnant", "gave_birth_within_12_months", "partner_gave_birth_within_12_months", "breastfeeding")
CONSENT_FIELDS = ("terms", "contact_email", "contact_phone", "sms", "newsletter")
ATTRIBUTION_FIELDS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "referrer",
    "landing_page",
    "gclid",
    "fbclid",
)
INSTRUMENTS = {"phq9": PHQ9, "epds": EPDS, "gad7": GAD7}
# The GAD-7 may be skipped whole; once started, every item is needed for a valid score.
OPTIONAL_INSTRUMENTS = frozenset({"gad7"})
Form = Mapping[str, str]


def stage_number(step: str) -> int:
    """The 1-based stage a step belongs to (the three questionnaires share one)."""
    return STAGES.index("questionnaires" if step in INSTRUMENTS else step) + 1


def disclosed(step: str, form: Form) -> bool:
    """Whether the step just answered scores its self-harm item 1 or more, or its free text reads as a crisis.

    The item's score, not the option's position, decides: EPDS item 10 is reverse-scored, so its first
    option ("Yes, quite often") scores 3 and its last ("Never") scores 0.
    """
    if step == "health":  # crisis language in the medicines box counts as a disclosure too
        return screen_crisis_language([form.get("medications", "")]) is not None
    number = SAFETY_ITEMS.get(step)
    raw = form.get(f"{step}_{number}", "")
    if number is None or not raw.isdigit():
        return False
    scores = INSTRUMENTS[step].option_scores[number - 1]
    return int(raw) < len(scores) and scores[int(raw)] >= 1


def history_keys() -> tuple[str, ...]:
    """The health-history questions of the current rules."""
    return load_rules().history_keys


def step_fields(step: str) -> tuple[str, ...]:
    """The form field names a step owns."""
    if step == "about_you":
        return ("first_name", "last_name", "email", "phone", "date_of_birth", "state", "zip", "consent_terms")
    if step == "perinatal":
        return PERINATAL_FIELDS
    if step in INSTRUMENTS:
        return tuple(f"{step}_{n}" for n in range(1, INSTRUMENTS[step].item_count + 1))
    if step == "health":
        return (*(f"history_{k}" for k in history_keys()), "medications")
    if step == "consent":
        # The terms are accepted at the first step, before any health question is asked.
        return tuple(f"consent_{k}" for k in CONSENT_FIELDS if k != "terms")
    return ()


def in_perinatal_period(form: Form) -> bool:
    """The EPDS applies when pregnant or within 12 months of their own or a partner's birth."""
    return any(form.get(k) == "yes" for k in PERINATAL_FIELDS[:3])


def applicable_steps(form: Form) -> tuple[str, ...]:
    """The steps this visitor goes through (EPDS only in the perinatal period)."""
    return tuple(s for s in STEPS if s != "epds" or in_perinatal_period(form))


def parse_birth_date(raw: str) -> date | None:
    """Read YYYY-MM-DD (the date input) or MM/DD/YYYY (typed by hand)."""
    raw = raw.strip()
    try:
        if "/" in raw:
            month, day, year = (int(p) for p in raw.split("/"))
            return date(year, month, day)
        return date.fromisoformat(raw)
    except ValueError:
        return None


def check_step(step: str, form: Form, catalogue: Catalogue, today: date) -> dict[str, str]:
    """Field errors of one step, keyed by form field name (empty when the step is complete)."""
    if step == "about_you":
        return _check_about_you(form, catalogue, today)
    if step in INSTRUMENTS:
        if step in OPTIONAL_INSTRUMENTS and not any(form.get(name) for name in step_fields(step)):
            return {}
        return {
            name: catalogue.t("pages.answer_all", number=n)
            for n, name in enumerate(step_fields(step), start=1)
            if form.get(name, "") not in {str(p) for p in range(4)}
        }
    if step == "health" and len(form.get("medications", "")) > 2000:
        return {"medications": catalogue.t("pages.too_long")}
    return {}


def _check_about_you(form: Form, catalogue: Catalogue, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    contact = {k: form.get(k, "") for k in ("first_name", "last_name", "email", "phone")}
    try:
        ContactSchema().load(contact)
    except ValidationError as exc:
        for name, problem in exc.normalized_messages().items():
            # The schema's wording ("Length must be between 1 and 100.") does not say which field it means.
            friendly = f"pages.contact_errors.{name}"
            errors[name] = (
                catalogue.t(friendly)
                if catalogue.has(friendly)
                else " ".join(problem)
                if isinstance(problem, list)
                else str(problem)
            )
    born = parse_birth_date(form.get("date_of_birth", ""))
    if born is None:
        errors["date_of_birth"] = catalogue.t("pages.date_invalid")
    elif born > today:
        errors["date_of_birth"] = catalogue.t("errors.date_of_birth_future")
    elif today.year - born.year > 120:
        errors["date_of_birth"] = catalogue.t("errors.date_of_birth_implausible")
    try:
        check_zip(form.get("state", ""), form.get("zip", ""))
    except InvalidAnswers as exc:
        for path, problems in exc.problems.items():
            errors[path.split(".")[-1]] = " ".join(p.message(catalogue) for p in problems)
    if form.get("consent_terms") != "yes":
        errors["consent_terms"] = catalogue.t("pages.terms_required")
    return errors


def step_of_error(path: str) -> str:
    """The step that owns an API error path such as "instruments.epds.3" or "contact.email"."""
    head, _, rest = path.partition(".")
    if path == "consent.terms":
        return "about_you"
    if head == "instruments":
        return rest.split(".")[0] if rest.split(".")[0] in INSTRUMENTS else "phq9"
    return {
        "contact": "about_you",
        "location": "about_you",
        "date_of_birth": "about_you",
        "perinatal": "perinatal",
        "history": "health",
        "medications": "health",
        "consent": "consent",
    }.get(head, "review")
