"""Triage of one de-identified message: emergency, urgent, medication change or routine."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.safety import rules
from assistant.types import SafetyAssessment, TriageLevel


@lru_cache(maxsize=1)
def _compiled() -> dict[TriageLevel, list[tuple[str, re.Pattern[str]]]]:
    def compile_all(table: dict[str, str]) -> list[tuple[str, re.Pattern[str]]]:
        return [(reason, re.compile(pattern)) for reason, pattern in table.items()]

    return {
        TriageLevel.EMERGENCY: compile_all(rules.EMERGENCY_RULES),
        TriageLevel.URGENT: compile_all(rules.URGENT_RULES),
        TriageLevel.MEDICATION: compile_all(rules.MEDICATION_CHANGE_RULES),
    }


_NEGATION = re.compile(rf"\b{rules.NEGATION}\b")
_CLAUSE_BREAK = re.compile(r"[.!?;\n]|\bbut\b")


def _clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the clause before the match and the whole clause containing it."""
    breaks_before = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    clause_start = breaks_before[-1] if breaks_before else 0
    after = _CLAUSE_BREAK.search(text, end)
    clause_end = after.start() if after else len(text)
    return text[clause_start:start], text[clause_start:clause_end]


def _is_negated(before: str) -> bool:
    window = " ".join(before.split()[-rules.NEGATION_WINDOW_WORDS :])
    return bool(_NEGATION.search(window))


def _counts(text: str, match: re.Match[str]) -> bool:
    """A red flag counts unless negated, an idiom, or a general/historical mention."""
    before, clause = _clause_around(text, match.start(), match.end())
    if _is_negated(before) or rules.IDIOMS.search(clause):
        return False
    if rules.GENERAL_QUESTION.search(clause) and not rules.HAPPENING_NOW.search(clause):
        return False
    return True


def triage(text_deidentified: str) -> SafetyAssessment:
    text = " ".join(text_deidentified.lower().replace("’", "'").split())
    for level in (TriageLevel.EMERGENCY, TriageLevel.URGENT):
        reasons = tuple(
            reason
            for reason, pattern in _compiled()[level]
            if any(_counts(text, match) for match in pattern.finditer(text))
        )
        if reasons:
            return SafetyAssessment(level, reasons)
    medication = tuple(
        reason for reason, pattern in _compiled()[TriageLevel.MEDICATION] if pattern.search(text)
    )
    if medication:
        return SafetyAssessment(TriageLevel.MEDICATION, medication)
    return SafetyAssessment(TriageLevel.ROUTINE)
