"""Medical record numbers, found only where the writer names them.

An MRN has no checksum or fixed format across hospitals, so the number alone
is indistinguishable from a lab value or a count; the label in front of it
("MRN", "medical record number", "chart number") is what identifies it.
Without this, Presidio tags "MRN 12345678" as a spaCy DATE, a US bank number
and a driver licence, and misses "medical record number: A1234567" entirely.
Only the identifier is matched, so the label stays readable: "MRN <MRN>".
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_LABEL = (
    r"(?:mrn|mr\s*#|record\s*(?:number|no\.?|#)|my\s+number\s+at\s+the\s+(?:clinic|hospital)|the\s+number|medical\s+record(?:\s+(?:number|num|no\.?|#))?|chart\s+(?:number|num|no\.?|#|id)"
    r"|patient\s+(?:id|number|no\.?|#)|hospital\s+(?:number|no\.?|id))"
)
# Connectives between label and number: "MRN: ", "MRN#", "chart number is ".
_LINK = r"(?:\s*(?:is|was|:|#|=|-)\s*|\s+)*"


class MedicalRecordNumberRecognizer(PatternRecognizer):
    """Finds the identifier that follows an MRN / chart-number label."""

    PATTERNS = [
        # The `regex` engine Presidio uses allows variable-width lookbehind.
        Pattern("labelled mrn", rf"(?<=\b{_LABEL}{_LINK})[a-z]{{0,3}}-?\d(?:[\d-]|[ ](?=\d)){{3,15}}\b", 0.85),
    ]
    CONTEXT = ["mrn", "medical", "record", "chart", "patient"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="MEDICAL_RECORD_NUMBER",
            name="MedicalRecordNumberRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        # "my medical record 2019 says..." names a year, which Safe Harbor keeps.
        return len(pattern_text) == 4 and pattern_text.startswith(("19", "20"))
