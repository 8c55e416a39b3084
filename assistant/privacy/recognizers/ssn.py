"""US Social Security numbers after an SSN label, in any grouping ("my social is 228640110").

Presidio's UsSsnRecognizer stays on for the dashed form; it scores an
unformatted nine-digit run too low to pass any threshold without context, and
does not know "my social" or "SS#". Area 000, 666 and 9xx are not issued.
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_LABEL = r"(?i:ssn|ss\s*#|ss\s+(?:no|number)|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?|soc\s+sec)"


class LabelledSsnRecognizer(PatternRecognizer):
    """Finds 123-45-6789, 123 45 6789 and 123456789 after "SSN", "social", "SS#"."""

    PATTERNS = [
        Pattern("labelled ssn", rf"(?<=\b{_LABEL}\s*(?:is|:|#|=)?\s*)\d{{3}}([- ]?)\d{{2}}\1\d{{4}}\b", 0.85),
    ]
    CONTEXT = ["ssn", "social", "security"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="US_SSN",
            name="LabelledSsnRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        area = pattern_text[:3]
        return area in {"000", "666"} or area.startswith("9")
