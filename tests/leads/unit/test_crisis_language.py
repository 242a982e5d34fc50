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
    # Paraphrases written before the list knew them (two rounds of sentences the list missed at first).
    ("My girlfriend keeps saying nobody would miss her if she was gone", "high"),
    ("she said the world would be better without her", "high"),
    ("I feel like my family would be happier if I wasn't here", "high"),
    ("He has been talking about wanting to go to sleep and not wake up", "elevated"),
    ("I've thought about driving my car into a tree", "high"),
    ("my daughter told me she wants to end her life", "high"),
    ("Sometimes I think about swallowing all my pills", "high"),
    ("I'm afraid I'm going to do something to the baby", "high"),
    ("I had thoughts of throwing the baby", "high"),
    ("i feel like ending it", "high"),
    ("My sister said she doesn't see the point in living", "high"),
    ("I keep thinking my son deserves a better mother and would be better off with someone else", "elevated"),
    ("I'm thinking of killing myself", "high"),
    ("she wrote a goodbye letter", "elevated"),
    ("I don't want to exist anymore", "elevated"),
    ("I can't take it anymore", "elevated"),
    ("my wife has a plan to hurt herself", "high"),
    ("I wish I could disappear forever", "elevated"),
    ("she says she is a burden to everyone", "elevated"),
    ("He said he'd be better off not waking up", "high"),
    ("my wife told me she wishes she had never been born", "high"),
    ("She keeps saying she can't see a way out", "elevated"),
    ("I feel trapped and I just want it to stop", "elevated"),
    ("he's been researching ways to die", "high"),
    ("I've been stockpiling my pills", "high"),
    ("I feel like my kids would be better off without a mom like me", "high"),
    ("she has been saying she wants to go be with her dad in heaven", "elevated"),
    ("I sometimes think about not being here anymore", "elevated"),
    ("He told me he wanted to shoot himself", "high"),
    ("I had a thought of putting a pillow over the baby's face", "high"),
    ("I think about dying every day", "high"),
    ("Everyone would be better off if I just disappeared", "high"),
    ("she said life isn't worth living", "high"),
    ("I hate myself and I don't want to live", "high"),
    ("She said she's tired of living", "elevated"),
    ("I keep imagining my own funeral", "elevated"),
    ("my husband says he has a gun and he's thinking of using it on himself", "high"),
    ("I told my mom I might not be around much longer", "elevated"),
    ("I don't care if I live or die", "high"),
    ("I feel like I'm drowning and there's no point anymore", "elevated"),
    ("she keeps saying the baby deserves better than her", "elevated"),
    ("I've started writing letters to my kids in case something happens to me", "elevated"),
    ("Last night I stood on the balcony and thought about jumping", "high"),
    ("my wife keeps saying she wants to run away and never come back", "elevated"),
    ("I'm scared I'll snap and hurt my son", "high"),
    ("I'm done with everything, I just want to sleep forever", "elevated"),
    ("She's been talking about taking a bottle of pills", "high"),
    ("I'm having thoughts of harming myself", "high"),
    ("I feel like everyone would be relieved if I was gone", "high"),
    ("I just want the voices to leave me alone, they tell me I'm worthless", "elevated"),
    ("She told her sister she has no future", "elevated"),
    ("I feel like I'm a ghost in my own home and nobody would notice if I left for good", "high"),
    ("he mentioned wanting to jump off the parking garage", "high"),
    ("I've been googling how many pills it would take", "high"),
    ("I wrote a note for my husband in case I'm not here", "elevated"),
    ("Some days I think the kids would be happier with a different mom", "elevated"),
    ("my partner said she feels hopeless and trapped and can't keep going", "elevated"),
    ("I keep thinking about dropping the baby on purpose", "high"),
    ("She says she's worthless and everyone hates her", "elevated"),
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
    "Can I pay with HSA?",
    "My wife is nervous about the first session",
    "I'm worried ketamine might harm the baby while I'm nursing",
    "Can ketamine harm my newborn if I pump and dump?",
    "The baby cries all night and I'm exhausted",
    "I was dying of laughter at your newsletter",
    "She hasn't been herself since the birth",
    "I want to end my membership",
    "We'd be better off with an evening slot",
    "I'm killing time waiting for your call",
    "I cut my hand cooking, can I still do the session?",
    "The drive there would kill me, can it be at home?",
    "I lost my job and money is tight",
    "This newsletter is killer",
    "My partner broke up with me and I'm sad",
    "My baby shower is next week, can we meet after?",
    "My sister is throwing my baby shower on Saturday",
    "I'm anxious about needles",
    "My back hurts from carrying the car seat",
    "The consult ran late and I had to end it early",
    "My mother-in-law is driving me crazy",
    "I feel much better since starting therapy",
    "I'm tired of waiting for my insurance to call back",
    "The app keeps crashing on my phone",
    "Can we do the call after the baby's nap?",
    "I'd die without coffee lol",
    "I'm done with the form, what now?",
    "Our baby is finally sleeping through the night",
    "Can I reschedule my consultation?",
    "The baby is teething and I'm losing it",
    "I'm going crazy with the paperwork",
    "We are moving to New Jersey for good",
    "What happens if my card declines?",
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
