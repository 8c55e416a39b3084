"""Span/table tests for the context mechanisms: negation, history, hypothetical, idiom,
third party now, clause scope (buried red flags) and typos."""

import pytest

from assistant.safety import triage
from assistant.safety.context import clause_bounds, mask_idioms, normalise
from assistant.safety.triage import explain, prepare
from assistant.types import TriageLevel

pytestmark = pytest.mark.unit

E, U, M, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.MEDICATION, TriageLevel.ROUTINE


def _mechanisms(text):
    return {(f.reason, f.mechanism) for f in explain(text) if f.level is E}


NEGATION = [
    ("no chest pain since Tuesday", R),
    ("Denies shortness of breath.", R),
    ("without any chest pain or shortness of breath, the stress test was normal", R),
    ("zero chest pain, zero shortness of breath", R),
    ("I'm not having a heart attack lol, what is troponin", R),
    ("the chest pain went away weeks ago and never came back", R),
    ("haven't passed out or anything", R),
    ("not suicidal or anything, just down about my results", R),
    # must still fire: the negation is about something else or is not a negation
    ("no fever, but I have crushing chest pain", E),
    ("not sure if this matters but my chest hurts really bad", E),
    ("I don't know what's happening, I can't breathe", E),
    ("my husband doesn't seem right and his face is drooping", E),
    ("I'm on warfarin and my nose won't stop bleeding", E),
    ("my wife fainted and isn't waking up", E),
    ("no point going on anymore", E),
]

HISTORY = [
    ("my dad had a stroke", R),
    ("I had a heart attack in <DATE>, what should my LDL be", R),
    ("my mom died of a heart attack at 52", R),
    ("I fainted once as a teenager", R),
    ("my brother overdosed 2 years ago", R),
    ("when I was 20 I attempted suicide", R),
    ("history of heavy bleeding with my periods", R),
    # history plus something happening now
    ("my dad had a stroke last year and now he's slurring his words again", E),
    ("I had a heart attack in <DATE> and now the same pain is back in my chest right now", E),
    ("I think I had a stroke this morning", E),
]

HYPOTHETICAL = [
    ("what are signs of a stroke?", R),
    ("what should I do if I ever get chest pain", R),
    ("is fainting a symptom of low iron", R),
    ("can low iron make you faint", R),
    ("when should someone call 911 for trouble breathing", R),
    ("in case I ever can't breathe at night, what is a sleep study", R),
    ("what is the risk of heavy bleeding on eliquis", R),
    ("what is a heart attack", R),
    ("can i get a copy of my heart attack risk score", R),
    # education framing in one sentence, an emergency in the next
    ("what are signs of a stroke? my wife's face is drooping right now", E),
    ("what are the signs of a heart attack? because my chest is hurting bad right now", E),
    ("if I stand up I pass out", E),
]

IDIOMS = [
    ("this bill is killing me", R),
    ("I'm dying to know my results", R),
    ("my heart skipped a beat when I saw the price", R),
    ("I nearly fainted when I saw the bill", R),
    ("my results gave me a heart attack lol", R),
    ("the prior authorization process is choking me", R),
    ("I'm going to pass out from boredom", R),
    ("I've been seizure-free for 5 years", R),
    ("my dna test mentioned my seizure medicine, what does that mean", R),
    ("does CYP2C9 affect anti-seizure drugs like phenytoin", R),
    # naming the medicine does not hide a seizure happening now
    ("my seizure meds ran out and he is having a seizure right now", E),
    # an idiom does not hide a real red flag next to it
    ("this bill is killing me and I can't breathe", E),
]

THIRD_PARTY_NOW = [
    ("my husband can't lift his arm right now", E),
    ("my wife is having chest pains right now", E),
    ("<PERSON> is slurring her words", E),
    ("my son collapsed at practice and is unresponsive", E),
    ("my teenage son said he wants to kill himself", E),
    ("my toddler got into my pill bottle", E),
    ("my sister had a severe allergic reaction to bee stings years ago", R),
]

BURIED = [
    (
        "hi quick question about my ldl results from <DATE>. the number was 162, and also ive had this "
        "squeezing pain in my chest since lunch that wont go away, anyway what does ldl mean",
        E,
    ),
    ("What does my HbA1c mean? Also I fainted in the shower today. Thanks", E),
    (
        "question about my vitamin d, it came back 18. oh and i passed out at the store yesterday, "
        "what brand should i buy",
        E,
    ),
]

TYPOS = [
    ("chest pian for an hour", E),
    ("cant breath", E),
    ("hard to breath", E),
    ("im on coumadin and my nose wont stop bleedin", E),
    ("cud i stop takin my bp meds", M),
    ("shud i skip warfarin tonight", M),
    ("wanna come off my antidepressants", M),
]

MEDICATION = [
    ("Should I stop taking clopidogrel because of my CYP2C19 result?", M),
    ("can my dad stop his warfarin", M),
    ("is it ok to not take my metformin on weekends", M),
    ("I'm thinking about quitting my blood pressure pills", M),
    ("can I cut my atorvastatin in half", M),
    ("how much vitamin d should i take", M),
    ("Does my CYP2D6 result mean I should stop tamoxifen?", M),
    # information about a medicine is not a change question
    ("what is warfarin used for", R),
    ("why do people take statins", R),
    ("can I talk to a real person", R),
    ("how much does the pgx test cost", R),
    ("my doctor stopped my statin last year, what does my ldl mean now", R),
]


@pytest.mark.parametrize(
    "text, level", NEGATION + HISTORY + HYPOTHETICAL + IDIOMS + THIRD_PARTY_NOW + BURIED + TYPOS + MEDICATION
)
def test_level(text, level):
    assert triage(text).level is level


def test_reasons_used_elsewhere_are_stable():
    assert triage("I passed out this morning").reasons[0] == "fainting"
    assert triage("I have crushing chest pain right now, what is my LDL?").reasons == ("chest_pain",)
    assert triage("I want to end my life").reasons[0] == "suicidal_thoughts"
    assert "overdose" in triage("I swallowed a whole bottle of tylenol").reasons


def test_explain_names_the_mechanism_and_cue():
    assert ("chest_pain", "negation") in _mechanisms("no chest pain since Tuesday")
    assert ("stroke_signs", "history") in _mechanisms("my dad had a stroke")
    assert ("fainting", "hypothetical") in _mechanisms("is fainting a symptom of low iron")
    assert ("chest_pain", "now") in _mechanisms("my wife is having chest pains right now")
    finding = next(f for f in explain("denies shortness of breath") if f.reason == "trouble_breathing")
    assert not finding.counts and finding.cue == "denies"


def test_negation_is_scoped_to_its_clause():
    text = prepare("no fever, but my chest hurts")
    start = text.index("chest")
    clause_start, clause_end = clause_bounds(text, start, start + 5)
    assert text[clause_start:clause_end].strip() == "my chest hurts"


def test_negation_window_is_limited():
    # the negation is far from the red flag in a long clause
    assert triage("I did not expect that after my walk my chest would feel so tight and heavy").level is E


def test_normalise_and_idiom_mask_keep_offsets():
    text = normalise("This bill’s KILLING me, can’t breathe")
    assert text == "this bills killing me, cant breathe"
    masked = mask_idioms(text)
    assert len(masked) == len(text) and "killing" not in masked and "cant breathe" in masked
