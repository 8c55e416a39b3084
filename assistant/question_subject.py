"""Whom a question is about: the patient's own record, or someone in their life.

"Can my 10 year old take codeine?" names a drug the patient's own gene results speak to,
but the answer must not open with the patient's genes or lab values: they are not the
child's. A question that also says something about the asker ("my dad had a heart attack
at 44; could my cholesterol be genetic?") stays personal.
"""

from __future__ import annotations

import re

_PEOPLE = (
    r"sons?|daughters?|child|children|kids?|bab(?:y|ies)|toddlers?|teen(?:ager)?s?|boys?|girls?|"
    r"mom|mum|mother|dad|father|parents?|husband|wife|partner|spouse|boyfriend|girlfriend|"
    r"sisters?|brothers?|siblings?|grand(?:ma|mother|pa|father|parents?|son|daughter|child|children|kids?)|"
    r"aunts?|uncles?|cousins?|nieces?|nephews?|friends?|neighbou?rs?|relatives?"
)
_AGE = r"\d+[\s-]*(?:years?|yrs?|months?|mo)[\s-]*old"
_SOMEONE_ELSE = re.compile(
    rf"\b(?:my|our)\s+(?:(?:little|baby|young|younger|older|elderly|teenage|grown|adult|{_AGE})\s+)*"
    rf"(?:(?:{_PEOPLE})(?:'s)?|{_AGE})\b"
)
# Any word of the asker's, for telling whether a question about someone else also speaks of
# the asker ("my dad had a heart attack at 44; could I have FH?").
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|myself|i'm|i've|i'd|am i|for me|our)\b")
# Words that point at the asker's own record. A bare "I" does not: "I wonder what LDL means"
# asks in general.
_OWN_RECORD = re.compile(r"\b(?:my|mine|i got|i had|i have|i've got|am i|for me|our)\b")


def is_personal(question: str) -> bool:
    """Whether the question is about the asker's own results ("what does my LDL mean?")."""
    return bool(_OWN_RECORD.search(question.lower()))


def about_someone_else(question: str) -> bool:
    """Whether the question asks about another person and says nothing about the asker."""
    lowered = question.lower()
    if not _SOMEONE_ELSE.search(lowered):
        return False
    return not _FIRST_PERSON.search(_SOMEONE_ELSE.sub(" ", lowered))
