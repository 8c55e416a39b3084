"""Unlabelled identifying numbers and codes (Safe Harbor's "any other unique identifying number").

Presidio's healthcare recognizers (issue #2136, PR #2159) need a label word
nearby, which patients rarely type: "they gave me 00482913 at registration".
A run of seven or more digits, or a code that mixes letters with five or more
digits, is hardly ever medical: lab values are short and carry units, and the
medical codes that look like this (rsIDs, HGVS, transcripts, LOINC) are in the
protected vocabulary, which wins over this recognizer. Year ranges and
comma-grouped counts are left alone.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

_UNIT_AFTER = r"(?!\s*(?:copies|cells|/|mg|mcg|ml|iu|units?|steps|cal|kcal|people|%|bp\b|x\b))"


class GenericIdentifierRecognizer(PatternRecognizer):
    """Finds 00482913, 1234-5678-9012 and A12345678-style codes with no label in front."""

    PATTERNS = [
        Pattern("long number", rf"(?<![\w.,/-])\d{{7,}}(?![\w,]|\.\d){_UNIT_AFTER}", 0.5),
        Pattern("grouped number", rf"(?<![\w.,/-])\d{{2,}}(?:[- ]\d{{2,}}){{1,4}}(?![\w,]|\.\d|-\d){_UNIT_AFTER}", 0.45),
        Pattern("alphanumeric code", r"(?<![\w.*/-])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w*/])", 0.5),
    ]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="IDENTIFIER",
            name="GenericIdentifierRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        digits = sum(c.isdigit() for c in pattern_text)
        if regex.fullmatch(r"(?:19|20)\d\d\s?-\s?(?:19|20)?\d\d", pattern_text):  # 2019-2021
            return True
        if any(c.isalpha() for c in pattern_text):
            return digits < 5 and not (digits >= 4 and len(pattern_text) >= 9)
        return digits < 7
