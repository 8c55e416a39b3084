"""Calendar dates: every HIPAA Safe Harbor date element except a bare year.

Replaces both Presidio's DateRecognizer (no 2-digit-year dashes like "3-4-62",
no "March 4th") and spaCy's DATE label, which is unusable here: it tags "93
years old", "for 3 months" and "in 2019" as dates (Safe Harbor keeps the year
and ages under 90), and the small model reads "DOB 03/04/1962" as an ORG.
A bare month ("in March") is kept: as a word it is too ambiguous to redact.
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = rf"(?:{_MONTHS}|may)\.?"
# Before a day number "may" is mostly the verb ("it may 1 day"), so there only
# the capitalised month counts.
_MONTH_BEFORE_DAY = rf"(?:{_MONTHS}|(?-i:May|MAY))\.?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d{2}"
_CUE = (
    r"(?i:on|since|from|until|till|by|before|after|dob|born|date|dated|visit|appointment|appt|colonoscopy|mammogram"
    r"|surgery|procedure|scan|biopsy|scheduled|due|seen|drawn|admitted|discharged|started|stopped|starting|test|tested"
    r"|results?|labs?|next|last|birthday)"
)
_NUMERIC = r"(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})"
_ISO = rf"{_YEAR}([/.-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?:T[\d:.]+Z?)?"


class CalendarDateRecognizer(PatternRecognizer):
    """Finds numeric (03/04/1962, 3-4-62, 2025-03-04) and written (March 4th) dates."""

    PATTERNS = [
        # Either order of day and month; invalidate_result rejects 13/13/..
        Pattern("numeric m/d/y or d/m/y", rf"\b{_NUMERIC}\b", 0.6),
        # Dots are also decimals and version numbers, so require a full year.
        Pattern("dotted d.m.yyyy", rf"\b\d{{1,2}}\.\d{{1,2}}\.{_YEAR}\b", 0.5),
        Pattern("iso yyyy-mm-dd", rf"\b{_ISO}\b", 0.7),
        Pattern("month day [year]", rf"\b{_MONTH_BEFORE_DAY}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?", 0.6),
        Pattern("day [of] month [year]", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?!\w)(?:,?\s+{_YEAR}\b)?", 0.6),
        Pattern("month year", rf"\b{_MONTH},?\s+{_YEAR}\b", 0.6),
        Pattern("mm/yyyy", rf"\b(?:0?[1-9]|1[0-2])/{_YEAR}\b", 0.5),
        Pattern("d-mon-yyyy", rf"\b{_DAY}[-/ ]{_MONTH}[-/ ](?:{_YEAR}|\d{{2}})\b", 0.6),
        # m/d without a year only after a word that introduces a date ("colonoscopy 5/25", "on 3/4"):
        # elsewhere "1/2 tablet" and "pain 7/10" are fractions and scores.
        Pattern("cued m/d", rf"(?<=\b{_CUE}\s+(?:on\s+|is\s+|was\s+|of\s+)?)(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])\b(?!\s*(?:tabs?|tablets?|pills?|caps?|of|pain|mg|doses?)\b)(?![/.]\d)", 0.6),
        Pattern("labelled compact dob", r"(?<=\b(?i:dob|d\.o\.b\.|birth\s*date|date\s+of\s+birth)\s*[:#]?\s*)\d{6,8}\b", 0.7),
    ]
    CONTEXT = [
        "date", "dob", "born", "birth", "birthday", "admitted", "discharged", "died", "appointment", "visit", "surgery",
    ]  # fmt: skip

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="DATE_TIME",
            name="CalendarDateRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        parts = pattern_text.replace("-", "/").split("/")
        if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) == 4:
            return False
        first, second = int(parts[0]), int(parts[1])
        # One of the two leading numbers has to be a month (m/d/y or d/m/y).
        return not (1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12)
