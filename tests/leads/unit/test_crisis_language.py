"""The crisis phrase list: a table of sentences that must flag (with their tier) and ordinary ones that must not."""

from __future__ import annotations

import pytest

from services.leads.safety.crisis_language import (
    DEFAULT_VERSION,
    PhraseListError,
    load_phrase_list,
    normalise,
    screen,
)

POSITIVE = [
    ("my wife said we would be better off without her", "high"),
    ("My wife said “we would be better off without her.”", "high"),
    ("She keeps saying the kids would be better off without her", "high"),
    ("I think everyone would be better off without me", "high"),
    ("he told me we'd all be better off if he wasn't around", "high"),
    ("Honestly my family is BETTER   OFF   WITHOUT   ME", "high"),
    ("sometimes I think I'd be better off dead", "high"),
    ("I want to end it all", "high"),
    ("she said she just wants to end it all.", "high"),
    ("I have thought about ending my life", "high"),
    ("I want to kill myself", "high"),
    ("my sister said she wanted to kill herself", "high"),
    ("He talked about killing himself last night", "high"),
    ("I'm scared I might hurt the baby", "high"),
    ("She told me she has thoughts of harming our baby", "high"),
    ("i keep picturing myself smothering my newborn", "high"),
    ("I want to die", "high"),
    ("Some days I just wanna die", "high"),
    ("I wish I was dead", "high"),
    ("she's been having suicidal thoughts", "high"),
    ("Is suicide common after having a baby? Asking for my wife", "high"),
    ("my partner attempted suicide in 2019", "high"),
    ("There is no reason to live anymore", "high"),
    ("I have nothing to live for", "high"),
    ("I don't want to live like this, I don't want to live anymore", "high"),
    ("she took all her pills last night", "high"),
    ("I've been cutting myself again", "high"),
    ("she talks about self-harm", "high"),
    ("I thought about taking my own life", "high"),
    ("he said he'd drive off a bridge", "high"),
    ("I don’t want to be here anymore", "elevated"),
    ("I dont want to be here", "elevated"),
    ("I can't go on like this", "elevated"),
    ("I can't do this anymore", "elevated"),
    ("I just want to disappear", "elevated"),
    ("I don't feel safe with myself right now", "elevated"),
    ("she says she is scared of what she might do", "elevated"),
    ("I keep having scary thoughts about the baby", "elevated"),
    ("she's been hearing voices", "elevated"),
    ("sometimes I hope I never wake up", "elevated"),
]

NEGATIVE = [
    "I'd kill for a nap",
    "the pain is killing me",
    "My back is killing me after the delivery",
    "is it safe to breastfeed",
    "Will ketamine hurt the baby if I am breastfeeding?",
    "Could the medication harm my baby through breast milk?",
    "Is it going to affect the baby?",
    "I'm dying to know how much it costs",
    "I'm dead tired all the time",
    "we would be better off without the car payment",
    "She'd be better off without caffeine",
    "How do I end my subscription?",
    "Can I cancel and end the membership any time?",
    "I can't go on Tuesday, is Wednesday possible?",
    "I am worried about my sister",
    "My wife has been very sad since the baby came",
    "Do you take Florida Blue insurance?",
    "How long does each session take?",
    "Can my husband come to the consultation?",
    "I want to be here for my kids",
    "I'm so tired I could sleep for a week",
    "The baby is killing me with these night feeds, haha",
    "That movie killed me, I laughed so hard",
    "We are killing it with the new routine",
    "Is ketamine safe while pregnant?",
    "I'd like to know more about the side effects",
    "Please call me after 5pm",
    "My mother passed away last year and I miss her",
    "What are your hours on the weekend?",
    "Our son was born in March and we are exhausted",
    "I want to dye my hair after the birth, is that ok?",
    "The heat is unbearable, I could die of thirst",
    "Does it hurt when you get the injection?",
    "I cannot find the form to book an appointment",
]


@pytest.mark.parametrize(("sentence", "tier"), POSITIVE)
def test_crisis_sentence_is_flagged_with_its_tier(sentence, tier):
    """Every sentence of crisis language flags, at the tier the phrase list gives it."""
    match = screen([sentence])
    assert match is not None, sentence
    assert match.tier == tier
    assert match.version == DEFAULT_VERSION


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_ordinary_sentence_is_not_flagged(sentence):
    """Everyday idioms, medicine-safety questions and practical questions do not flag."""
    assert screen([sentence]) is None


def test_table_is_large_enough_and_the_hit_rate_is_complete():
    """At least 30 sentences each way; every positive is found and no negative is."""
    assert len(POSITIVE) >= 30 and len(NEGATIVE) >= 30
    hits = sum(screen([s]) is not None for s, _ in POSITIVE)
    false_alarms = sum(screen([s]) is not None for s in NEGATIVE)
    assert (hits, false_alarms) == (len(POSITIVE), 0)


def test_highest_tier_wins_across_several_texts():
    """A high phrase anywhere outranks an elevated one elsewhere, and every phrase found is listed."""
    match = screen(["I don't want to be here", None, "", "sometimes I want to end it all"])
    assert match is not None and match.tier == "high" and match.queue_rank == 0
    assert set(match.phrase_ids) == {"not_want_to_be_here", "end_life"}


def test_a_person_as_the_subject_is_never_excused_as_a_medicine_question():
    """ "Will I hurt the baby" flags even though "will ketamine hurt the baby" does not."""
    assert screen(["Will I hurt the baby?"]) is not None
    assert screen(["Will ketamine hurt the baby?"]) is None


def test_normalising_drops_inner_apostrophes_and_folds_punctuation_and_spaces():
    """Curly and straight apostrophes join contractions; other punctuation and runs of spaces become one space."""
    assert normalise("  I DON’T   want... to be—here!! ") == "i dont want to be here"
    assert normalise("she's 'done'") == "shes done"


def test_phrase_list_names_its_owner_language_and_version():
    """The list is the medical director's, in English, and an unknown version is refused."""
    phrases = load_phrase_list()
    assert (phrases.owner, phrases.language, phrases.version) == ("medical director", "en", DEFAULT_VERSION)
    with pytest.raises(PhraseListError):
        load_phrase_list("crisis-phrases-v99")
    with pytest.raises(PhraseListError):
        load_phrase_list("../eligibility-v1")
