"""The safety path: self-harm items flag whatever the total, with urgency tiers and resources."""

import pytest

from services.leads.assessments.domain import assess_safety, score_epds, score_phq9


def test_low_phq9_total_with_item9_is_flagged():
    """A mild PHQ-9 (total 5) with item 9 = 1 is still a safety flag."""
    phq9 = score_phq9([1, 1, 1, 1, 0, 0, 0, 0, 1])
    safety = assess_safety(phq9.item9, None, perinatal=False)
    assert phq9.total == 5
    assert (safety.flagged, safety.reasons, safety.tier) == (True, ("phq9_item9",), "elevated")
    assert safety.item_values == {"phq9_item9": 1}


def test_low_epds_total_with_item10_is_flagged():
    """An EPDS total of 7 with item 10 scored 1 is still a safety flag."""
    epds = score_epds([0, 1, 2, 1, 2, 2, 3, 2, 3, 2])
    safety = assess_safety(0, epds.item10, perinatal=True)
    assert epds.total == 7
    assert (safety.flagged, safety.reasons, safety.tier) == (True, ("epds_item10",), "elevated")


def test_high_totals_without_self_harm_items_are_not_flagged():
    """A severe PHQ-9 with item 9 = 0 and EPDS item 10 = 0 is not a safety flag."""
    safety = assess_safety(0, 0, perinatal=True)
    assert (safety.flagged, safety.reasons, safety.tier, safety.item_values) == (False, (), None, {})


@pytest.mark.parametrize(
    ("item9", "item10", "tier"),
    [
        (1, None, "elevated"),
        (2, None, "high"),
        (3, None, "high"),
        (0, 1, "elevated"),
        (0, 2, "high"),
        (0, 3, "high"),
        (1, 3, "high"),
        (3, 1, "high"),
        (1, 1, "elevated"),
    ],
)
def test_highest_item_value_sets_the_tier(item9, item10, tier):
    """Value 2-3 is the high tier, 1 elevated; with two items the higher wins."""
    assert assess_safety(item9, item10, perinatal=False).tier == tier


def test_both_items_positive_give_both_reasons():
    """Both self-harm items are listed when both are positive."""
    safety = assess_safety(2, 1, perinatal=True)
    assert safety.reasons == ("phq9_item9", "epds_item10")
    assert safety.item_values == {"phq9_item9": 2, "epds_item10": 1}


def test_resources_outside_the_perinatal_period():
    """911, 988 and the PSI HelpLine, without the maternal hotline."""
    names = [r.name for r in assess_safety(1, None, perinatal=False).resources]
    assert names == ["911", "988 Suicide & Crisis Lifeline", "Postpartum Support International HelpLine"]


def test_resources_in_the_perinatal_period_add_the_maternal_hotline():
    """Pregnant, postpartum and partners also get the National Maternal Mental Health Hotline."""
    resources = {r.id: r for r in assess_safety(1, 2, perinatal=True).resources}
    assert list(resources) == ["emergency", "lifeline_988", "maternal_hotline", "psi_helpline"]
    hotline = resources["maternal_hotline"]
    assert hotline.phone == "1-833-852-6262"
    assert "1-833-TLC-MAMA" in hotline.text and "text" in hotline.text
    assert resources["psi_helpline"].phone == "1-800-944-4773"


def test_988_offers_call_text_and_chat():
    """The 988 entry says call or text 988 and chat at 988lifeline.org, 24/7."""
    lifeline = assess_safety(1, None, perinatal=False).resources[1]
    assert lifeline.phone == "988"
    assert "Call or text 988" in lifeline.text and "988lifeline.org" in lifeline.text and "24/7" in lifeline.text
    assert (lifeline.url or "").startswith("https://988lifeline.org")


def test_resources_have_the_api_shape():
    """Each resource serialises to exactly name, phone, text and url (911 has no url)."""
    as_dict = assess_safety(1, None, perinatal=False).as_dict()
    assert set(as_dict) == {"flagged", "reasons", "resources", "tier"}
    assert all(set(r) == {"name", "phone", "text", "url"} for r in as_dict["resources"])
    assert as_dict["resources"][0] == {
        "name": "911",
        "phone": "911",
        "text": "Call 911 if you are in immediate danger.",
        "url": None,
    }
