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


_LOWER_WORD = r"(?:[a-z][a-z'.-]*|\d+(?:st|nd|rd|th))"
# "30317 walnut rd", "98491 martin luther king jr ave": lower-case streets need a
# suffix that is only a street word (not "way", "court", "drive", "place") or a
# following city/state/ZIP, since "2 hour drive" and "take 3 a day" are prose.
_STRICT_SUFFIX = r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|terrace|ter|circle|cir|highway|hwy|parkway|pkwy)"
_CITY_STATE_ZIP = r",?\s+(?:[A-Za-z][\w'.-]*\s+){0,3}?[A-Za-z]{2}\.?,?\s+\d{5}(?:-\d{4})?\b"
_NOT_STREET_WORDS = frozenset(
    "a an the of on in at to for and or my every each per times mg mcg ml hour hours minute minutes mile miles block "
    "blocks day days week weeks month months year years pill pills tablet tablets dose doses cup cups glass glasses "
    "step steps floor floors flight flights time".split()
)


class StreetAddressRecognizer(PatternRecognizer):
    """Finds "12 Main Street", "221B Baker St., Apt 4" and "P.O. Box 123"."""

    PATTERNS = [
        Pattern("street", rf"\b\d{{1,6}}[A-Za-z]?\s+(?:{_NAME_WORD}\s+){{1,4}}{_SUFFIX}\b\.?{_UNIT}", 0.6),
        Pattern("lower-case street", rf"(?i:\b\d{{1,6}}[a-z]?\s+(?:{_LOWER_WORD}\s+){{1,4}}{_STRICT_SUFFIX}\b\.?{_UNIT})", 0.5),
        Pattern("street city state zip", rf"(?i:\b\d{{1,6}}[a-z]?\s+(?:{_LOWER_WORD}\s+){{1,4}}{_SUFFIX}\b\.?{_UNIT}{_CITY_STATE_ZIP})", 0.7),
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
        if any(w.casefold().strip(".,") in _NOT_STREET_WORDS for w in words[:2]):
            return True
        return not any(len(w.strip(".,")) > 1 for w in words)
