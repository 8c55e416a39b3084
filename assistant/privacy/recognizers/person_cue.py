"""Names announced by a title or a relationship: "Dr. Patel", "my son Tom", "my name is Ana".

The small spaCy model finds most full names but is unreliable on a single
given name or surname, which is exactly how patients mention family members
and clinicians. The cue word in front makes these cheap to catch with a regex.
Only the name is matched ("Dr. <PERSON>", "my son <PERSON>"). Matching is
case-sensitive: a capital letter is what separates "my son Tom" from "my son has".
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

_TITLE = r"(?i:dr|doctor|mr|mrs|ms|miss|mx|prof|professor|nurse|np|pa)\.?"
_RELATION = (
    r"(?i:my|our|his|her|their)\s+(?i:son|daughter|wife|husband|mother|mom|mum|father|dad"
    r"|brother|sister|partner|boyfriend|girlfriend|fianc[eé]e?|child|kid|baby|grandson"
    r"|granddaughter|grandmother|grandma|grandfather|grandpa|aunt|uncle|cousin|nephew|niece"
    r"|friend|neighbou?r|caregiver|carer|stepson|stepdaughter|doctor|surgeon|nurse)"
)
_INTRO = r"(?i:my\s+name\s+is|my\s+name's|name\s*:)"
# Patel, O'Brien, McDonald, DeSouza, Mary-Jane.
_NAME_WORD = r"(?:[A-Z]')?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?"

# Capitalised words that follow these cues without being names. Verbs are left
# out on purpose: "Said", "Will", "Hope" are also names, and leaking one costs
# more than over-redacting a shouted "my doctor Says".
_NOT_NAMES = frozenset(
    "I He She They We It The A An And But Or Is Was Has Had Who Which That This "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Tomorrow".split()
)


class CuedPersonRecognizer(PatternRecognizer):
    """Finds the capitalised name after a title, a family relation or "my name is"."""

    PATTERNS = [
        Pattern("title name", rf"(?<=\b{_TITLE}\s+){_NAME}\b", 0.7),
        Pattern("relation name", rf"(?<=\b{_RELATION},?\s+){_NAME}\b", 0.6),
        Pattern("introduction", rf"(?<=\b{_INTRO}\s*){_NAME}\b", 0.7),
    ]
    CONTEXT = ["name", "called", "dr", "doctor", "son", "daughter", "wife", "husband"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="PERSON",
            name="CuedPersonRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        return pattern_text.split()[0] in _NOT_NAMES
