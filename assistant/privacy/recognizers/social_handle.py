"""Social-media handles ("dm me @maria_lopez62"): a unique identifier of a person.

Only an @ that does not follow a letter or digit (so not an e-mail address).
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class SocialHandleRecognizer(PatternRecognizer):
    """Finds @handle."""

    PATTERNS = [Pattern("handle", r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])\b(?!@)", 0.7)]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="SOCIAL_HANDLE",
            name="SocialHandleRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
        )
