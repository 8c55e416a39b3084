"""Web addresses, minus the sentence-join false positives of Presidio's UrlRecognizer.

Presidio's UrlRecognizer (no tldextract, so it is offline-safe) also accepts
scheme-less matches case-insensitively against a TLD list that contains common
English words: "clopidogrel.It helps" (a missing space after a full stop) comes
back as a URL because "it" is Italy's TLD. Typed chat is full of those joins.
"""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import UrlRecognizer


class ChatUrlRecognizer(UrlRecognizer):
    """Finds URLs like Presidio does, but rejects "word.Word" sentence joins."""

    CONTEXT = ["url", "website", "site", "link", "page", "web"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            context=self.CONTEXT,
            supported_language=supported_language,
            name="ChatUrlRecognizer",
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        text = pattern_text.strip("\"'")
        if "://" in text or "/" in text or text.lower().startswith("www."):
            return False
        # Real host names are written in one case; "drug.It" (lower, then a
        # capitalised last label) is two sentences typed without a space.
        *labels, last = text.split(".")
        return bool(labels) and last[:1].isupper() and not last.isupper() and labels[-1].islower()
