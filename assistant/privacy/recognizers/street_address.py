"""US street addresses and PO boxes (Safe Harbor: geographic units below a state).

Neither Presidio nor spaCy has an address entity: spaCy at best tags the city
as GPE and leaves "12 Main Street" in place. Street-name words must be
capitalised (case-sensitive) because lower-case prose such as "walk 3 miles
every day on the road" would otherwise look like a street.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

_SUFFIX = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl"
    r"|terrace|ter|circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|alley|row)"
)
_NAME_WORD = r"(?:[NSEW]\.?\s+)?(?:[A-Z][\w'.-]*|\d+(?i:st|nd|rd|th))"
_UNIT = r"(?:,?\s+(?i:apt|apartment|unit|suite|ste|fl|floor|#)\.?\s*#?\s*[\w-]+)?"


class StreetAddressRecognizer(PatternRecognizer):
    """Finds "12 Main Street", "221B Baker St., Apt 4" and "P.O. Box 123"."""

    PATTERNS = [
        Pattern("street", rf"\b\d{{1,6}}[A-Za-z]?\s+(?:{_NAME_WORD}\s+){{1,4}}{_SUFFIX}\b\.?{_UNIT}", 0.6),
        Pattern("po box", r"\b(?i:p\.?\s?o\.?\s*box|post\s+office\s+box)\s+\d{1,6}\b", 0.7),
    ]
    CONTEXT = ["address", "live", "lives", "living", "street", "home", "mail"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="STREET_ADDRESS",
            name="StreetAddressRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            # No IGNORECASE: the capitalised street name is the signal.
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        # A street needs a name: in "take 4 A Way" or "2 N St" every word between
        # number and suffix is an initial, which reads as a list or a direction.
        words = pattern_text.split()[1:-1]
        return not any(len(w.strip(".,")) > 1 for w in words)
