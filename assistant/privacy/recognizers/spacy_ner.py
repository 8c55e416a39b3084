"""spaCy PERSON / LOCATION guesses, minus the ones that are medical vocabulary.

The small English model was trained on news, not patient questions. On our
inputs it tags gene and drug names as people ("BRCA1", "VKORC1", "Coumadin",
"Plavix", "Eliquis"), lab acronyms and units as people ("LDL-C", "mg/dL" ->
"dL"), brands as places ("Xarelto" -> FAC) and eponyms as people or places
("Hashimoto", "Hodgkin", "Gleason", "Warburg effect").
Replacing those would make the assistant's answer useless, so this recognizer
drops an NER guess when the text itself shows it is not a name. Names found
by our regex recognizers (e.g. "Dr. Patel") are not filtered here.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

# A name followed by one of these is an eponym: "Lynch syndrome", "Graves' disease".
_EPONYM_TAIL = re.compile(
    r"(?:['’]s?)?\s+(?:disease|syndrome|thyroiditis|palsy|lymphoma|sarcoma|leukemia|disorder"
    r"|anomaly|sign|test|maneuver|manoeuvre|procedure|criteria|score|scale|grade|classification"
    r"|reflex|phenomenon|tumou?r|ulcer|esophagus|encephalopathy|contracture|node|cyst"
    r"|arthritis|ataxia|dystrophy|reaction|virus|fever|operation|fundoplication|triad|formula"
    r"|effect|cycle|diet|index|method|staging|equation|hypothesis|principle|vaccine)\b",
    re.IGNORECASE,
)

# Words the model mistakes for names and that are (almost) never a person or
# place in patient chat: eponyms rarely met as surnames, and brand-name drugs.
MEDICAL_TERMS = frozenset(
    """
    hashimoto crohn parkinson alzheimer addison cushing hodgkin raynaud sjogren sjögren
    tourette asperger huntington meniere ménière marfan kawasaki hirschsprung gaucher
    dupuytren peyronie kaposi wernicke korsakoff munchausen gleason epstein-barr
    eliquis xarelto coumadin plavix brilinta pradaxa savaysa lipitor crestor zocor
    ozempic wegovy mounjaro zepbound trulicity jardiance farxiga januvia glucophage
    synthroid levoxyl tylenol advil motrin aleve zoloft prozac lexapro xanax humira
    keytruda entresto lasix norvasc zestril prilosec nexium lantus humalog tamoxifen
    """.split()
)


# Chat words the model reads as a name at the start of a message ("Email me at ...",
# "Hi John"): never a name on their own, so they are trimmed off a PERSON guess.
CHAT_WORDS = frozenset(
    "email e-mail call text message phone hi hello hey dear thanks thank please ok okay yes".split()
)
_LEADING_CHAT_WORD = re.compile(r"^(?:" + "|".join(sorted(CHAT_WORDS, key=len, reverse=True)) + r")\b[\s,]*", re.I)


def _trim_chat_words(text: str, result: RecognizerResult) -> RecognizerResult | None:
    match = _LEADING_CHAT_WORD.match(text[result.start : result.end])
    if not match:
        return result
    if match.end() >= result.end - result.start:
        return None
    result.start += match.end()
    return result


class MedicalAwareSpacyRecognizer(SpacyRecognizer):
    """Presidio's SpacyRecognizer with gene, drug, unit and eponym false positives removed."""

    def __init__(self, supported_entities: list[str], supported_language: str = "en") -> None:
        super().__init__(
            supported_language=supported_language,
            supported_entities=supported_entities,
            name="MedicalAwareSpacyRecognizer",
        )

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:  # noqa: D102
        results = super().analyze(text, entities, nlp_artifacts)
        trimmed = [_trim_chat_words(text, r) for r in results]
        return [r for r in trimmed if r is not None and not self._is_medical(text, r.start, r.end)]

    @staticmethod
    def _is_medical(text: str, start: int, end: int) -> bool:
        span = text[start:end]
        if not any(c.isupper() for c in span):  # the model's guesses in lower-case text are noise ("woudl")
            return True
        if any(c.isdigit() for c in span):  # BRCA1, VKORC1, APOE4: names have no digits
            return True
        if len(span) <= 6 and not any(c.islower() for c in span):  # LDL-C, TSH: acronyms
            return True
        if text[start - 1 : start] == "/" or text[end : end + 1] == "/":  # mg/dL, ng/mL
            return True
        if re.sub(r"['’]s$", "", span).casefold() in MEDICAL_TERMS:  # "Hashimoto's"
            return True
        return _EPONYM_TAIL.match(text, end) is not None
