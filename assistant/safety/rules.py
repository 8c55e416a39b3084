"""Red-flag and medication-change phrases, in patients' own words.

Patterns are matched against lower-cased de-identified text. Each rule has a
reason code that is stored (never the matched words).
"""

from __future__ import annotations

import re

EMERGENCY_RULES: dict[str, str] = {
    "chest_pain": r"\bchest (?:pain|pains|pressure|tightness|hurts?|is hurting)|\bcrushing (?:pain|feeling) in (?:my|the) chest|\bpain in (?:my|the) chest",
    "stroke_signs": r"\b(?:face|mouth) (?:is )?(?:drooping|droops|drooped)|\bcan(?:no|')?t (?:lift|move|raise) (?:my|his|her|their) (?:arm|leg)|\bslurred speech|\bspeech is slurred|\bsuddenly can(?:no|')?t (?:speak|talk|see)|\bhaving a stroke",
    "trouble_breathing": r"\bcan(?:no|')?t (?:breathe|breath)|\b(?:trouble|difficulty|hard time) breathing|\bshort(?:ness)? of breath|\bgasping|\bchoking",
    "severe_allergic_reaction": r"\bthroat (?:is )?(?:closing|swelling|swollen)|\banaphyla\w*|\b(?:lips?|tongue|face) (?:is |are )?(?:swelling|swollen)",
    "heavy_bleeding": r"\b(?:won'?t|can'?t|doesn'?t|does not|will not) stop bleeding|\bbleeding (?:heavily|a lot|badly|won'?t stop)|\bheavy bleeding|\bvomiting blood|\bthrowing up blood|\bcoughing (?:up )?blood|\bblood in (?:my|the) (?:stool|vomit|poop)|\bblack,? tarry",
    "fainting": r"\bfaint(?:ed|ing)?\b|\bpassed out|\bpassing out|\blost consciousness|\bunconscious|\bunresponsive",
    "suicidal_thoughts": r"\b(?:kill|hurt|harm) (?:my ?self|myself)|\bsuicid\w*|\bend (?:my|it) (?:life|all)|\bwant to die|\bdon'?t want to (?:live|be alive)|\bself[- ]harm",
    "overdose": r"\boverdos\w*|\btook (?:too many|too much|a whole bottle|all (?:my|of my|the) pills)|\bswallowed (?:a bottle|all)",
    "seizure": r"\bseizure|\bconvuls\w*|\bhaving a fit\b",
}

URGENT_RULES: dict[str, str] = {
    "high_fever": r"\bfever (?:of )?(?:10[3-9]|4[0-2])\b|\bvery high fever",
    "severe_pain": r"\b(?:severe|unbearable|worst) (?:\w+ )?(?:pain|headache)",
    "new_confusion": r"\b(?:confused|confusion) (?:all of a sudden|suddenly)|\bsuddenly confused",
}

MEDICATION_CHANGE_RULES: dict[str, str] = {
    "stop_or_start": r"\b(?:should|can|could|may|do|must|ought|is it (?:ok|okay|safe)(?: for me)? to)\s+(?:i|we|he|she)?\s*(?:stop|start|quit|skip|halt|discontinue|come off|go off|get off|switch|change|restart|pause)\b",
    "dose_change": r"\b(?:increase|decrease|double|halve|lower|raise|up|cut|reduce|adjust)\s+(?:my|the|his|her)?\s*(?:dose|dosage|medicine|medication|pills?|tablets?)\b|\b(?:take|taking)\s+(?:more|less|extra|half|double)\b",
    "dose_question": r"\bhow (?:much|many) (?:\w+ )?(?:should|can) i take\b|\bwhat dose\b|\bright dose\b",
    "stop_intent": r"\bi(?:'m| am)? (?:going to|gonna|want to|thinking (?:of|about)) (?:stop|quit|skip|come off|go off)",
}

# Words that, shortly before a red flag, mean it is absent or not happening now.
NEGATION = r"(?:no|not|never|without|denies|deny|free of|haven'?t had|hasn'?t had|don'?t have|doesn'?t have|no more)"
NEGATION_WINDOW_WORDS = 4
# Asking about a condition in general, or describing the past or someone's history.
GENERAL_QUESTION = re.compile(
    r"\b(?:what (?:are|is)|signs of|symptoms of|warning signs|how do (?:i|you) (?:know|tell|recognize|spot)|learn about|risk of|history of|had a \w+ (?:years?|months?) ago|(?:dad|mom|mother|father|grandma|grandmother|grandpa|grandfather|aunt|uncle) (?:had|died))\b"
)
HAPPENING_NOW = re.compile(r"\b(?:right now|now|just|currently|at the moment|this morning|tonight|today|is having|am having|are having)\b")
IDIOMS = re.compile(r"\b(?:killing me|dying to|die of (?:embarrassment|laughter|boredom)|to die for|bored to death|scared to death|heart attack (?:of a|when i saw))\b")
