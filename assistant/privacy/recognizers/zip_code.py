"""US ZIP codes (Safe Harbor allows at most the first three digits; we drop all five).

A bare five-digit number is as likely a platelet count or a step count, so a ZIP
is taken only after a state ("Boston, MA 02139"), after a ZIP label, or in the
unmistakable ZIP+4 form. spaCy, for comparison, tags "MA 02139" as an ORG.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

STATE_ABBREVIATIONS = _STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH"
    "|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
STATE_NAMES = _STATE_NAMES = (
    r"(?i:alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida"
    r"|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland"
    r"|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada"
    r"|new\s+hampshire|new\s+jersey|new\s+mexico|new\s+york|north\s+carolina|north\s+dakota"
    r"|ohio|oklahoma|oregon|pennsylvania|rhode\s+island|south\s+carolina|south\s+dakota"
    r"|tennessee|texas|utah|vermont|virginia|washington|west\s+virginia|wisconsin|wyoming)"
)
_ZIP = r"\d{5}(?:-\d{4})?\b"


class UsZipCodeRecognizer(PatternRecognizer):
    """Finds 02139 in "MA 02139" / "Texas 75001" / "zip code 02139", and any 02139-4307."""

    PATTERNS = [
        # State abbreviations are matched case-sensitively: "in 12345" is not Indiana.
        Pattern("after state", rf"(?<=\b(?:{_STATES}|{_STATE_NAMES})\.?,?\s+){_ZIP}", 0.7),
        Pattern("after label", rf"(?<=\b(?i:zip|zip\s*code|zipcode|postal\s+code)\s*(?i:is)?\s*[:#]?\s*){_ZIP}", 0.8),
        Pattern("zip+4", r"\b\d{5}-\d{4}\b", 0.5),
    ]
    CONTEXT = ["zip", "zipcode", "postal", "address", "live"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="ZIP_CODE",
            name="UsZipCodeRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        # 00000 is not an assigned ZIP; it is a form placeholder.
        return pattern_text.startswith("00000")
