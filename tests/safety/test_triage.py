import pytest

from assistant.safety import triage
from assistant.safety.guidance import MEDICATION_GUIDANCE, guidance_for
from assistant.types import TriageLevel

pytestmark = pytest.mark.unit

E, U, M, R = TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.MEDICATION, TriageLevel.ROUTINE


@pytest.mark.parametrize(
    "text, level",
    [
        ("I have crushing chest pain right now", E),
        ("my husband can't lift his arm right now", E),
        ("I can't breathe and my throat is closing", E),
        ("I'm on warfarin and my nose won't stop bleeding", E),
        ("I passed out this morning", E),
        ("I want to kill myself", E),
        ("I took too many pills", E),
        ("What does my HbA1c mean? Also I fainted in the shower today. Thanks", E),
        ("no chest pain since Tuesday", R),
        ("I have not fainted", R),
        ("my dad had a stroke", R),
        ("what are signs of a stroke?", R),
        ("this bill is killing me", R),
        ("I have the worst headache of my life", U),
        ("Should I stop my warfarin?", M),
        ("can I double my dose of metformin", M),
        ("is it ok to skip my statin before the test", M),
        ("what does my LDL of 162 mean?", R),
        ("what is pharmacogenomics", R),
    ],
)
def test_triage_levels(text, level):
    assert triage(text).level is level


def test_reasons_are_codes_not_text():
    assessment = triage("I have crushing chest pain right now")
    assert assessment.reasons == ("chest_pain",)


def test_medication_questions_get_the_fixed_no_advice_wording():
    assert guidance_for(triage("Should I stop my warfarin?")) == MEDICATION_GUIDANCE
    assert guidance_for(triage("what is LDL")) is None


def test_suicidal_thoughts_point_to_988():
    assert "988" in guidance_for(triage("I want to end my life"))
