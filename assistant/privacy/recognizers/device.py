"""Device identifiers and serial numbers (pumps, pacemakers, CGMs): after a label, or as a GS1 UDI.

Serial numbers have no shared format, so a value is taken after "serial",
"SN", "S/N", "device ID" or "UDI". The GS1 form of a Unique Device Identifier,
"(01)" and a 14-digit GTIN followed by other application identifiers, is
distinctive enough to be taken anywhere.
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_LABEL = r"(?i:serial(?:\s*(?:number|num|no\.?|#))?|s/?n|device\s*(?:id|identifier|number|#)|udi|lot(?:\s*(?:number|no\.?|#))?|model\s+and\s+serial)"
_LINK = r"(?:\s*(?:is|was|:|#|=)\s*|\s+)+"


class DeviceIdentifierRecognizer(PatternRecognizer):
    """Finds PT-88234-X after "serial", "SN: 4XK229871", and (01)00643169007222(21)AB12345."""

    PATTERNS = [
        Pattern("labelled serial", rf"(?<=\b{_LABEL}{_LINK})(?=[A-Za-z0-9()-]*\d)[A-Za-z0-9()][A-Za-z0-9()/-]{{3,40}}", 0.8),
        Pattern("gs1 udi", r"\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9]{1,20})*", 0.9),
    ]
    CONTEXT = ["serial", "device", "pump", "pacemaker", "udi"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="DEVICE_ID",
            name="DeviceIdentifierRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        return sum(c.isdigit() for c in pattern_text) < 3
