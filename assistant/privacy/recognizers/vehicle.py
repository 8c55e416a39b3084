"""Vehicle identifiers: VINs (with the check digit) and licence plates after a label.

A VIN is 17 characters without I, O, Q; position 9 is a check digit computed
from the others (weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, X for 10), so a
valid VIN is taken anywhere. Plates have no common format: only a value after
"plate", "tag" or "VIN" is taken.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

_VALUES = {**{str(i): i for i in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))),
           "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}  # fmt: skip
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_valid(vin: str) -> bool:
    vin = vin.upper()
    if len(vin) != 17 or any(c not in _VALUES for c in vin):
        return False
    check = sum(_VALUES[c] * w for c, w in zip(vin, _WEIGHTS)) % 11
    return vin[8] == ("X" if check == 10 else str(check))


_PLATE_LABEL = r"(?i:(?:license|licence|number)\s+plate|plate|tag|registration|reg)(?i:\s*(?:number|no\.?|#))?"
_LINK = r"(?:\s*(?i:is|was|:|#|=)\s*|\s+|\s*\()"


class VehicleIdentifierRecognizer(PatternRecognizer):
    """Finds check-digit-valid VINs, and plates such as 7XYZ123 or ABC-1234 after a plate label."""

    PATTERNS = [
        Pattern("vin", r"\b[A-HJ-NPR-Z0-9]{17}\b", 0.3),
        Pattern("labelled vin", r"(?<=\b(?i:vin|vehicle(?:\s+id(?:entification)?)?(?:\s+number)?)\s*(?i:is|:|#)?\s*)(?i:[a-hj-npr-z0-9]{11,17})\b", 0.8),
        Pattern("labelled plate", rf"(?<=\b{_PLATE_LABEL}{_LINK})(?!(?i:number|no|is|was)\b)(?=[A-Z0-9 -]*\d)[A-Z0-9]{{1,4}}(?:[ -]?[A-Z0-9]{{1,4}}){{1,2}}\b", 0.75),
        Pattern("car plate", r"(?<=\b(?i:my|our|his|her)\s+(?i:car|truck|van)\s*\()[A-Z0-9 -]{4,9}(?=\))", 0.7),
    ]
    CONTEXT = ["vin", "vehicle", "car", "plate", "truck"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="VEHICLE_ID",
            name="VehicleIdentifierRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            global_regex_flags=re.DOTALL | re.MULTILINE,  # plates are capitals: "in" is not part of one
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        return True if len(pattern_text) == 17 and vin_valid(pattern_text) else None

    def invalidate_result(self, pattern_text: str) -> bool:
        compact = pattern_text.replace(" ", "").replace("-", "")
        if len(compact) == 17 and not vin_valid(compact) and compact.isupper() is False:
            return False
        return len(compact) < 4 or not any(c.isdigit() for c in compact)
