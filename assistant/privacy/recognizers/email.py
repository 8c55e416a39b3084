"""E-mail addresses, validated against the public suffix list bundled with tldextract.

Presidio's own EmailRecognizer calls the module-level `tldextract.extract`, which
on first use downloads the public suffix list (presidio issue #1205): offline that
stalls for the fetch timeout or fails. This one asks a private extractor that has
no URLs to fetch and no cache, so it only ever reads the packaged snapshot.
"""

from __future__ import annotations

import tldextract
from presidio_analyzer import Pattern, PatternRecognizer


class OfflineEmailRecognizer(PatternRecognizer):
    """Finds e-mail addresses; a domain must end in a real public suffix."""

    PATTERNS = [
        Pattern(
            "email",
            # Local part: dot-atom characters; domain: dot-separated labels. The
            # suffix check happens in validate_result, not in the regex.
            r"\b[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@[\w-]+(?:\.[\w-]+)+\b",
            0.5,
        ),
    ]
    CONTEXT = ["email", "e-mail", "mail", "address", "contact"]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="EMAIL_ADDRESS",
            name="OfflineEmailRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
        )
        # suffix_list_urls=() forbids HTTP; cache_dir=None skips the disk cache,
        # leaving only the snapshot that ships inside the tldextract package.
        self._extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def validate_result(self, pattern_text: str) -> bool | None:
        # A known suffix makes the match certain. An unknown one (a new gTLD the
        # snapshot predates, an intranet domain) keeps the pattern score rather
        # than dropping the match: a leaked address costs more than a stray tag.
        domain = pattern_text.rsplit("@", 1)[-1]
        parts = self._extract(domain)
        return True if parts.domain and parts.suffix else None
