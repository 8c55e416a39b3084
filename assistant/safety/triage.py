"""Triage of one de-identified message: emergency, urgent, medication change or routine.

1. normalise the text and mask idioms (`context.py`);
2. find red flags (`rules.EMERGENCY_RULES`, then `rules.URGENT_RULES`); each match
   counts only if, in its own clause, it is not negated, history or a
   hypothetical/education question (`context.decide`);
3. otherwise look for a personal question about changing a medicine
   (`rules.MEDICATION_CHANGE_RULES`, most of which need a medicine named);
4. otherwise routine.

Only reason codes leave this module, never the matched words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.safety import context, rules
from assistant.types import SafetyAssessment, TriageLevel

Table = list[tuple[str, re.Pattern[str]]]


@lru_cache(maxsize=1)
def _compiled() -> dict[str, Table | re.Pattern[str] | dict[str, re.Pattern[str]]]:
    def compile_all(table: dict[str, str]) -> Table:
        return [(reason, re.compile(pattern)) for reason, pattern in table.items()]

    return {
        "emergency": compile_all(rules.EMERGENCY_RULES),
        "urgent": compile_all(rules.URGENT_RULES),
        "medication": compile_all(rules.MEDICATION_CHANGE_RULES),
        "drug": re.compile(rules.DRUG),
        "urgent_requires": {reason: re.compile(p) for reason, p in rules.URGENT_REQUIRES.items()},
    }


@dataclass(frozen=True)
class Finding:
    """One rule match and whether it counted (for explanations and tests; holds text, never store it)."""

    level: TriageLevel
    reason: str
    span: tuple[int, int]
    matched: str
    counts: bool
    mechanism: str
    cue: str | None


def prepare(text_deidentified: str) -> str:
    """The text the rules see: normalised, idioms masked."""
    return context.mask_idioms(context.normalise(text_deidentified))


def _red_flags(text: str, level: TriageLevel) -> list[Finding]:
    compiled = _compiled()
    findings = []
    for reason, pattern in compiled[level.value]:
        required = compiled["urgent_requires"].get(reason) if level is TriageLevel.URGENT else None
        if required is not None and not required.search(text):
            continue
        for match in pattern.finditer(text):
            decision = context.decide(text, match.start(), match.end())
            findings.append(
                Finding(level, reason, match.span(), match.group(0), decision.counts, decision.mechanism, decision.cue)
            )
    return findings


def _medication(text: str) -> list[Finding]:
    compiled = _compiled()
    names_a_drug = bool(compiled["drug"].search(text))
    findings = []
    for reason, pattern in compiled["medication"]:
        if reason in rules.MEDICATION_NEEDS_DRUG and not names_a_drug:
            continue
        match = pattern.search(text)
        if match:
            findings.append(
                Finding(TriageLevel.MEDICATION, reason, match.span(), match.group(0), True, "plain", None)
            )
    return findings


def explain(text_deidentified: str) -> list[Finding]:
    """Every rule match with the decision about it, in level order."""
    text = prepare(text_deidentified)
    return (
        _red_flags(text, TriageLevel.EMERGENCY)
        + _red_flags(text, TriageLevel.URGENT)
        + _medication(text)
    )


def _reasons(findings: list[Finding]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(finding.reason for finding in findings if finding.counts))


def triage(text_deidentified: str) -> SafetyAssessment:
    text = prepare(text_deidentified)
    for level in (TriageLevel.EMERGENCY, TriageLevel.URGENT):
        reasons = _reasons(_red_flags(text, level))
        if reasons:
            return SafetyAssessment(level, reasons)
    reasons = _reasons(_medication(text))
    if reasons:
        return SafetyAssessment(TriageLevel.MEDICATION, reasons)
    return SafetyAssessment(TriageLevel.ROUTINE)
