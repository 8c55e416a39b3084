"""Fixed safety wording. Shown before anything else; never generated."""

from __future__ import annotations

from assistant.types import SafetyAssessment, TriageLevel

EMERGENCY_GUIDANCE = (
    "This could be an emergency. Call 911 (or your local emergency number) now, "
    "or go to the nearest emergency room. Do not wait for a reply here. "
    "I have also alerted your care team."
)
CRISIS_GUIDANCE = (
    "You are not alone, and help is available right now. In the US, call or text 988 "
    "(Suicide & Crisis Lifeline). If you are in danger, call 911. "
    "I have also alerted your care team."
)
URGENT_GUIDANCE = (
    "This sounds like something your care team should hear about today. "
    "Please call the clinic now; I have also flagged your message for them."
)
MEDICATION_GUIDANCE = (
    "I can't tell you to start, stop or change a medicine. Only your care team can make "
    "that choice with you, so please ask them before you change anything."
)


def guidance_for(assessment: SafetyAssessment) -> str | None:
    if assessment.level is TriageLevel.EMERGENCY:
        if "suicidal_thoughts" in assessment.reasons or "overdose" in assessment.reasons:
            return CRISIS_GUIDANCE
        return EMERGENCY_GUIDANCE
    if assessment.level is TriageLevel.URGENT:
        return URGENT_GUIDANCE
    if assessment.level is TriageLevel.MEDICATION:
        return MEDICATION_GUIDANCE
    return None
