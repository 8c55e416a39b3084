"""National Provider Identifiers: ten digits whose last is a Luhn check over "80840" + the first nine.

A provider's NPI is a licence-type identifier (Safe Harbor: certificate/licence
numbers). The check digit separates an NPI from any other ten-digit number,
so a valid one is taken without a label.
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


def luhn_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


class NpiRecognizer(PatternRecognizer):
    """Finds 1xxxxxxxxx / 2xxxxxxxxx numbers whose NPI check digit is right."""

    PATTERNS = [Pattern("npi", r"(?<![\w-])[12]\d{9}(?![\w-])", 0.3)]
    CONTEXT = ["npi", "provider", "prescriber"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="NPI",
            name="NpiRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return luhn_valid("80840" + pattern_text)
