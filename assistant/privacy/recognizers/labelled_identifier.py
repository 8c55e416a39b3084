"""Other identifying numbers (Safe Harbor: account, plan, licence, device, claim...).

Like medical record numbers these have no common format, so only a number that
follows a naming label is taken; Presidio's own US_* recognizers stay on for
the formats that do have one (SSN, ITIN, passport, credit card).
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_LABEL = (
    r"(?:(?:(?:member|subscriber|insurance|policy|plan|group|account|acct|claim|case|certificate|license|licence|lic"
    r"|device|serial|beneficiary|medicare|medicaid|prescription|rx|accession|specimen|sample|requisition|order|reference"
    r"|ref|confirmation|invoice|employee|student|badge|passport|dl|driver'?s?\s+licen[cs]e|drivers\s+lic|nursing\s+licen[cs]e"
    r"|card|bcbs|aetna|cigna|humana|kaiser|uhc|tricare|mbi|npi|case)"
    r"\s*(?:id|identifier|number|num|no\.?|#|code)?)|(?:id|acc|clm)\s*(?:number|no\.?|#)|\bid\s+on\s+my\s+card"
    r"|\bbilling\s+acct|\bclaim|\baccession|\brequisition|\bpolicy|\bmember|\baccount|\bpassport|\bcertificate)"
)
_LINK = r"(?:\s*(?:is|was|:|#|=)\s*|\s+)+"


class LabelledIdentifierRecognizer(PatternRecognizer):
    """Finds an ID with at least four digits right after an ID-naming label."""

    PATTERNS = [
        # A space may split digit groups ("1234 5678") but not end the ID.
        Pattern("labelled id", rf"(?<=\b{_LABEL}{_LINK})(?=[a-z-]*\d)[a-z0-9](?:[a-z0-9-]|[ ](?=\d)){{3,30}}\b", 0.7),
    ]
    CONTEXT = ["id", "number", "insurance", "member", "policy", "account"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="IDENTIFIER",
            name="LabelledIdentifierRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        # "policy number 2 of 3" is a count; an identifier has several digits.
        return sum(c.isdigit() for c in pattern_text) < 3
