"""North American phone numbers in the shapes people type.

Presidio's PhoneRecognizer (python-phonenumbers) stays on for international
numbers, but it misses "+1 555 123 4567" and scores what it does find at 0.4,
exactly our default threshold, so any stricter threshold silently drops phones.
This regex covers the common US forms at a score of its own; it does not insist
on NANP rules (555-123-4567 has an invalid exchange but is still someone's
number as far as a reader is concerned).
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class UsPhoneRecognizer(PatternRecognizer):
    """Finds 555-123-4567, (555) 123-4567, 555.123.4567 and +1 555 123 4567."""

    PATTERNS = [
        Pattern(
            "us phone",
            # Lookarounds rather than \b because the number may start with "(" or "+".
            r"(?<![\w+.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-]|\.\d)",
            0.6,
        ),
    ]
    CONTEXT = ["phone", "call", "cell", "mobile", "number", "text", "reach", "fax", "tel", "contact"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name="UsPhoneRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        # "000-000-0000" and friends are form placeholders, not numbers.
        digits = {c for c in pattern_text if c.isdigit()}
        return len(digits) == 1
