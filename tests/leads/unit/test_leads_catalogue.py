"""The text catalogue: complete for the domain, exact instrument wording, kind result pages."""

import re

import pytest

from services.leads.assessments.domain import GUIDANCE_KEYS, INSTRUMENTS, load_rules, next_steps, safety
from services.leads.assessments.domain.errors import ERROR_CODES
from services.leads.assessments.domain.zip_check import STATE_CODES
from services.leads.catalogue import Catalogue, MissingText

EN = Catalogue.load("en")
CONSENTS = ("terms", "contact_email", "contact_phone", "sms", "newsletter")
PERINATAL_FIELDS = ("pregnant", "gave_birth_within_12_months", "partner_gave_birth_within_12_months", "breastfeeding")


def domain_keys() -> list[str]:
    """Every catalogue key the domain and the pages built from it refer to."""
    keys = [key for instrument in INSTRUMENTS.values() for key in instrument.text_keys()]
    keys += safety.resource_text_keys() + next_steps.text_keys() + list(GUIDANCE_KEYS)
    keys += [f"history.{key}.question" for key in load_rules().history_keys]
    keys += [f"perinatal.{field}.label" for field in PERINATAL_FIELDS]
    keys += [f"consent.{c}.{part}" for c in CONSENTS for part in ("version", "text")]
    keys += [f"errors.{code}" for code in ERROR_CODES]
    keys += [f"states.{code}" for code in STATE_CODES]
    keys += ["result.safety.immediate", "result.safety.monitoring", "result.likely_eligible.membership"]
    return keys


def test_every_key_the_domain_uses_exists():
    """No page built from the domain can ask for a text the catalogue lacks."""
    missing = [key for key in domain_keys() if not EN.has(key)]
    assert missing == []


def test_every_text_renders_with_its_placeholders():
    """Each text formats once its placeholders are given, and has no stray braces."""
    for key in EN.keys():
        rendered = EN.t(key, **{name: "x" for name in EN.placeholders(key)})
        assert "{" not in rendered and "}" not in rendered, key


def test_missing_key_and_missing_parameter_raise():
    """An unknown key or an unfilled placeholder is an error, never a blank on the page."""
    with pytest.raises(MissingText):
        EN.t("result.maybe_eligible.title")
    with pytest.raises(MissingText):
        EN.t("errors.answer_count", expected=9)
    assert EN.t("errors.answer_count", expected=9, received=8) == "Please answer all 9 questions (we received 8)."


@pytest.mark.parametrize("lang", ["fr", "../en", "EN"])
def test_unknown_or_malformed_language_is_refused(lang):
    """Only existing catalogues load, by a plain language tag."""
    with pytest.raises(ValueError):
        Catalogue.load(lang)


def test_consent_texts_have_distinct_versions():
    """Each consent text has its own versioned id, recorded with the consent."""
    versions = [EN.t(f"consent.{c}.version") for c in CONSENTS]
    assert len(set(versions)) == len(versions)
    assert all(re.fullmatch(r"consent-[a-z-]+-v\d+", v) for v in versions)
    assert "consent-email-v1" in versions


def test_sms_consent_says_how_to_stop_and_is_not_a_condition_of_purchase():
    """SMS needs express written consent: automated texts, not a purchase condition, STOP."""
    text = EN.t("consent.sms.text")
    assert "automated" in text and "not a condition of any purchase" in text and "STOP" in text


def test_perinatal_questions_do_not_assume_the_visitor_gave_birth():
    """Own birth and a partner's birth are separate statements."""
    assert EN.t("perinatal.gave_birth_within_12_months.label") == "I gave birth in the last 12 months"
    assert EN.t("perinatal.partner_gave_birth_within_12_months.label") == "My partner gave birth in the last 12 months"
    assert "pregnant or have recently had a baby" not in EN.t("instruments.epds.stem_partner")


PHQ9_ITEMS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
    "or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
GAD7_ITEMS = [
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
]
FREQUENCY = ("Not at all", "Several days", "More than half the days", "Nearly every day")
# clinical.md's EPDS table: item, options in printed order, and each option's score.
EPDS_TABLE = [
    (
        "I have been able to laugh and see the funny side of things",
        [
            ("As much as I always could", 0),
            ("Not quite so much now", 1),
            ("Definitely not so much now", 2),
            ("Not at all", 3),
        ],
    ),
    (
        "I have looked forward with enjoyment to things",
        [
            ("As much as I ever did", 0),
            ("Rather less than I used to", 1),
            ("Definitely less than I used to", 2),
            ("Hardly at all", 3),
        ],
    ),
    (
        "I have blamed myself unnecessarily when things went wrong",
        [("Yes, most of the time", 3), ("Yes, some of the time", 2), ("Not very often", 1), ("No, never", 0)],
    ),
    (
        "I have been anxious or worried for no good reason",
        [("No, not at all", 0), ("Hardly ever", 1), ("Yes, sometimes", 2), ("Yes, very often", 3)],
    ),
    (
        "I have felt scared or panicky for no very good reason",
        [("Yes, quite a lot", 3), ("Yes, sometimes", 2), ("No, not much", 1), ("No, not at all", 0)],
    ),
    (
        "Things have been getting on top of me",
        [
            ("Yes, most of the time I haven't been able to cope at all", 3),
            ("Yes, sometimes I haven't been coping as well as usual", 2),
            ("No, most of the time I have coped quite well", 1),
            ("No, I have been coping as well as ever", 0),
        ],
    ),
    (
        "I have been so unhappy that I have had difficulty sleeping",
        [("Yes, most of the time", 3), ("Yes, sometimes", 2), ("Not very often", 1), ("No, not at all", 0)],
    ),
    (
        "I have felt sad or miserable",
        [("Yes, most of the time", 3), ("Yes, quite often", 2), ("Not very often", 1), ("No, not at all", 0)],
    ),
    (
        "I have been so unhappy that I have been crying",
        [("Yes, most of the time", 3), ("Yes, quite often", 2), ("Only occasionally", 1), ("No, never", 0)],
    ),
    (
        "The thought of harming myself has occurred to me",
        [("Yes, quite often", 3), ("Sometimes", 2), ("Hardly ever", 1), ("Never", 0)],
    ),
]


@pytest.mark.parametrize(
    ("instrument_id", "items", "stem"),
    [
        (
            "phq9",
            PHQ9_ITEMS,
            "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        ),
        ("gad7", GAD7_ITEMS, "Over the last 2 weeks, how often have you been bothered by the following problems?"),
    ],
)
def test_phq9_and_gad7_wording_is_exact(instrument_id, items, stem):
    """PHQ-9 and GAD-7 items, stem and options read exactly as published."""
    worded = INSTRUMENTS[instrument_id].worded(EN)
    assert worded.stem == stem
    assert [item.text for item in worded.items] == items
    assert all(item.options == FREQUENCY for item in worded.items)


def test_epds_wording_and_scores_match_the_table_exactly():
    """Each EPDS item, its options in printed order, and their scores match clinical.md."""
    worded = INSTRUMENTS["epds"].worded(EN)
    shown = [
        (item.text, list(zip(item.options, scores, strict=True)))
        for item, scores in zip(worded.items, INSTRUMENTS["epds"].option_scores, strict=True)
    ]
    assert shown == EPDS_TABLE
    assert worded.stem.startswith("As you are pregnant or have recently had a baby")


def test_attribution_lines():
    """PHQ-9/GAD-7 carry the Pfizer grant line; EPDS quotes authors, source and copyright."""
    for instrument_id in ("phq9", "gad7"):
        line = EN.t(f"instruments.{instrument_id}.attribution")
        assert "Pfizer" in line and "No permission required to reproduce, translate, display or distribute" in line
    epds = EN.t("instruments.epds.attribution")
    for part in (
        "Cox",
        "Holden",
        "Sagovsky",
        "1987",
        "British Journal of Psychiatry 150:782–786",
        "Royal College of Psychiatrists",
    ):
        assert part in epds


def test_result_pages_are_kind_and_specific():
    """Membership price only where eligible; needs review promises a call within a business day, once."""
    assert "$250 per month" in EN.t("result.likely_eligible.membership")
    assert "within one business day" in EN.t("next_step.team_will_call")
    assert "within one business day" not in EN.t("result.needs_review.body")
    assert "waitlist" in EN.t("next_step.join_waitlist") and "newsletter" in EN.t("result.out_of_area.body")
    assert "pump and discard" in EN.t("guidance.breastfeeding")


def test_safety_screen_has_no_marketing_and_says_when_the_team_monitors():
    """The safety screen never shows pricing or "qualify", and names the monitored hours."""
    texts = [EN.t(key) for key in EN.keys("result.safety.")] + [EN.t("next_step.safety_screen")]
    assert not any("$" in text or "qualif" in text.lower() for text in texts)
    monitoring = EN.t("result.safety.monitoring")
    assert "Monday–Friday, 8am–6pm Eastern" in monitoring and "Outside those hours" in monitoring
    assert "911" in EN.t("result.safety.immediate")
