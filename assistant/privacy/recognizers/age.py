"""Ages over 89, which HIPAA Safe Harbor treats as identifying (few people are 93).

Ages up to 89 are kept: they matter medically and are not identifiers. Neither
Presidio nor spaCy has an AGE entity; spaCy calls "93 years old" a DATE, which
would also swallow "45 years old". Only the number is matched, so the sentence
stays readable: "I am <AGE> years old".
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_NUMBER = r"\d{2,3}"
_WORDS = r"(?:ninety|one\s+hundred(?:\s+and)?)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
_UNIT = r"(?:years?|yrs?|y/?o|y\.o\.|yo|y\w{2,3}(?=\s+old))"
# Who an age is said about: a pronoun, or a relation with or without a possessive ("my mom", "gran", "nana's",
# "my great aunt", "my father-in-law"); the person's name is handled in the engine ("Harold is 90").
_RELATION = (
    r"(?:mother|mom|mum|mommy|mama|father|dad|daddy|papa|pops|grandmother|grandfather|grandma|grandpa|granny|gran|nana"
    r"|nanna|nan|grandad|granddad|grandparent|wife|husband|partner|spouse|brother|sister|aunt|auntie|uncle|cousin"
    r"|neighbou?r|friend|patient|client|resident)"
)
_SUBJECT = rf"(?:(?:my|our|his|her|their|the)\s+)?(?:great[\s-]+){{0,2}}{_RELATION}(?:[\s-]+in[\s-]+law)?"
_VERB = r"(?:is|was|turned|turns|will\s+be|is\s+now|just\s+turned|just\s+hit|hit)"
_WHO = rf"(?:i\s+am|i'm|(?:he|she)\s+is|(?:he|she)'s|{_SUBJECT}(?:\s+who)?(?:\s+{_VERB}|'s))"
# "my mother is 93" is an age, "my mother is 93 kg" / "her O2 is 93%" are not.
_NOT_A_UNIT = (
    r"(?!\s*(?:%|percent|kg|kilos?|lbs?|pounds?|mg|mcg|ml|cm|mm|bpm|over|/|minutes?|mins?|hours?|days?|weeks?|months?"
    r"|times?|dollars?|\$)|\.\d)"
)


class AgeOver89Recognizer(PatternRecognizer):
    """Finds the number in "93 years old", "a 93-year-old", "aged 93", "my mother is 93"."""

    PATTERNS = [
        Pattern(
            "number then age unit",
            rf"\b{_NUMBER}(?=(?:\s*-?\s*|\s+){_UNIT}(?:[\s-]*old)?\b)",
            0.6,
        ),
        Pattern("age word then number", rf"(?<=\b(?:aged?|age\s+is|turned|turning)\s*:?\s*){_NUMBER}\b", 0.6),
        Pattern("age in words", rf"(?i)(?<=\b(?:{_WHO}|aged?|turned|turning|is)\s+){_WORDS}\b|\b{_WORDS}(?=[\s-]+{_UNIT})", 0.6),
        Pattern("person is number", rf"(?<=\b{_WHO}\s+){_NUMBER}\b{_NOT_A_UNIT}", 0.5),
        # "dad, 94, has afib", "my mother (93) lives alone".
        Pattern("person, number,", rf"(?<=\b{_SUBJECT}\s*(?:,|\()\s*){_NUMBER}(?=\s*[,)])", 0.5),
    ]
    CONTEXT = ["age", "aged", "old", "years", "birthday", "turned"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="AGE",
            name="AgeOver89Recognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        # "for 10 years", "I am 45 years old": not identifying, keep them; past
        # 125 it is a duration ("a 200 year old remedy"), not a person's age.
        if not pattern_text.isdigit():
            return False  # "ninety-three": words are only written out for exactly this
        return not 90 <= int(pattern_text) <= 125
