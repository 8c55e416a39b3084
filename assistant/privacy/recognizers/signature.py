"""Sign-offs: "- Maria", "~tom", "Thanks, Ana", "Best,\nMaria Lopez" at the end of a message.

A name that closes a message is the patient's own, in whatever case, and
rarely a known cue for the other recognizers. Only the last line or phrase is
looked at, and the words must not be everyday words ("Thanks in advance",
"Thanks, doctor").
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from ..vocabulary import common_words, is_protected_word

_NAME = r"\p{L}[\p{L}\p{M}'’-]*(?:[ ]\p{L}[\p{L}\p{M}'’-]*)?"
_SIGN_OFF = (
    r"(?i:thanks(?:\s+(?:so\s+much|again|a\s+lot))?|thank\s+you(?:\s+(?:so\s+much|again))?|thx|ty|cheers|regards"
    r"|best(?:\s+wishes|\s+regards)?|kind\s+regards|warm\s+regards|love|sincerely|take\s+care|xoxo|xo|warmly|respectfully)"
)


class SignatureRecognizer(PatternRecognizer):
    """Finds the name in a closing "- Name" or "Thanks, Name"."""

    PATTERNS = [
        Pattern("dash signature", rf"(?:(?<=^)|(?<=\s))[-–—~]+[ ]?\K{_NAME}(?=[ .!]*$)", 0.7),
        Pattern("sign-off", rf"\b{_SIGN_OFF}[ ]*[,.!]*[ ]*(?:\n[ ]*|[ ]+|(?<=[,.!]))\K{_NAME}(?=[ .!]*$)", 0.7),
    ]

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="PERSON",
            name="SignatureRecognizer",
            supported_language=supported_language,
            patterns=self.PATTERNS,
            global_regex_flags=re.DOTALL,  # `$` is the end of the message, not of a line
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        words = pattern_text.split()
        return any(w.casefold().replace("’", "'") in common_words() for w in words) or is_protected_word(words[0])
