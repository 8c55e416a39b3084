"""Plain-language sentences about one of the patient's own results.

Each sentence states a fact from the patient's record or the reference-range
table; the caller cites the knowledge article for the test and the range source.
"""

from __future__ import annotations

from assistant.errors import UnitError
from assistant.results.flags import Flag
from assistant.results.summary import ResultSummary, format_number, readable_unit
from assistant.results.units import convert

FLAG_WORDS = {
    Flag.NORMAL: "is in the usual range",
    Flag.HIGH: "is above the usual range, so it is marked high",
    Flag.LOW: "is below the usual range, so it is marked low",
    Flag.CRITICAL_HIGH: "is far above the usual range",
    Flag.CRITICAL_LOW: "is far below the usual range",
}
HELD = (
    "You asked to wait for your care team to review results like this before Tailor explains them, "
    "and they have not reviewed it yet. Your care team will go over it with you."
)


def _limits_in_result_unit(summary: ResultSummary) -> tuple[float | None, float | None, str] | None:
    """The range limits in the unit the result was reported in, so like is compared with like."""
    reference = summary.assessment.range if summary.assessment else None
    if reference is None:
        return None
    target = summary.unit or reference.unit
    try:
        low = convert(reference.low, reference.unit, target, summary.loinc) if reference.low is not None else None
        high = convert(reference.high, reference.unit, target, summary.loinc) if reference.high is not None else None
    except UnitError:
        low, high, target = reference.low, reference.high, reference.unit
    return low, high, target


def range_text(summary: ResultSummary) -> str | None:
    limits = _limits_in_result_unit(summary)
    if limits is None:
        return None
    low, high, unit = limits
    unit = readable_unit(unit)
    # Limits are inclusive (normal is low <= value <= high), and the words say so.
    if low is not None and high is not None:
        return f"{format_number(low)} to {format_number(high)} {unit}"
    if high is not None:
        return f"{format_number(high)} {unit} or lower"
    if low is not None:
        return f"{format_number(low)} {unit} or higher"
    return None


def _trend_sentence(summary: ResultSummary) -> str | None:
    change = summary.trend
    if change is None:
        return None
    unit = readable_unit(change.unit)
    previous = f"{format_number(change.previous_value)} {unit} on {change.previous_date:%B %d, %Y}"
    if change.direction == "steady":
        return f"That is about the same as your previous result, {previous}."
    months = max(1, round(change.days_between / 30.4))
    span = f"{months} month{'s' if months != 1 else ''}" if months < 24 else f"{round(months / 12)} years"
    word = "up" if change.direction == "up" else "down"
    return f"Your previous result was {previous}, so it went {word} by {format_number(abs(change.change))} {unit} in {span}."


def explain(summary: ResultSummary) -> list[str]:
    sentences = [f"Your {summary.name} result was {summary.display_value} on {summary.effective_on:%B %d, %Y}."]
    if summary.held:
        return [*sentences, HELD]
    usual = range_text(summary)
    if summary.flag in FLAG_WORDS and usual:
        sentences.append(f"The usual range is {usual}, and your result {FLAG_WORDS[summary.flag]}.")
    elif summary.flag is Flag.UNKNOWN:
        reason = summary.assessment.note if summary.assessment and summary.assessment.note else "Tailor has no usual range for it"
        sentences.append(f"Tailor cannot compare it with a usual range ({reason}).")
    if summary.flag in (Flag.CRITICAL_HIGH, Flag.CRITICAL_LOW):
        sentences.append("A result this far out of range needs prompt attention, so Tailor has told your care team.")
    elif summary.assessment and summary.assessment.borderline and summary.assessment.range.action_note:
        sentences.append(summary.assessment.range.action_note)
    if summary.assessment and summary.assessment.range and summary.assessment.range.note:
        sentences.append(summary.assessment.range.note)
    trend_sentence = _trend_sentence(summary)
    if trend_sentence:
        sentences.append(trend_sentence)
    return sentences
