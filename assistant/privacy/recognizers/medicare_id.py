"""Medicare Beneficiary Identifiers (MBI): the 11-character format on the card since 2018.

Positions: 1 digit 1-9; 2, 5, 8, 9 letters; 3 and 6 letter or digit; 4, 7, 10, 11
digits; the letters S, L, O, I, B, Z are never used. Specific enough to take
without a label ("my new medicare card says 4QH2T25MT44").
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_L = "[AC-HJKMNP-RT-Y]"
_LD = "[AC-HJKMNP-RT-Y0-9]"


class MedicareBeneficiaryIdRecognizer(PatternRecognizer):
    """Finds 1EG4-TE5-MK73 and 1EG4TE5MK73."""

    PATTERNS = [
        Pattern("mbi", rf"(?<![\w-])[1-9]{_L}{_LD}\d-?{_L}{_LD}\d-?{_L}{_L}\d\d(?![\w-])", 0.85),
    ]
    CONTEXT = ["medicare", "mbi", "beneficiary"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="MEDICARE_ID",
            name="MedicareBeneficiaryIdRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            global_regex_flags=0,  # case-sensitive: the card is printed in capitals
        )
