"""DEA registration numbers: two letters and seven digits with a checksum.

The seventh digit is the last digit of (d1 + d3 + d5) + 2 * (d2 + d4 + d6);
the first letter is the registrant type (A, B, F, G, M, P, R, X...). A valid
one is a prescriber's licence number (Safe Harbor: certificate/licence numbers).
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


def dea_valid(number: str) -> bool:
    digits = [int(c) for c in number[2:]]
    if len(digits) != 7:
        return False
    check = digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])
    return check % 10 == digits[6]


class DeaNumberRecognizer(PatternRecognizer):
    """Finds AB1234563-style numbers; the checksum must hold unless "DEA" is written next to it."""

    PATTERNS = [
        Pattern("dea", r"\b[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}\b", 0.3),
        Pattern("labelled dea", r"(?<=\b(?i:dea)\s*(?i:number|no\.?|#)?\s*[:#]?\s*)[A-Z]{2}\d{7}\b", 0.8),
    ]
    CONTEXT = ["dea", "prescriber", "registration"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="DEA_NUMBER",
            name="DeaNumberRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        return True if dea_valid(pattern_text.upper()) else None
