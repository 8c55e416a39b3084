"""Shared word tokenizer for the token-based recognizers (names, places)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*\p{L}|\p{L}")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def folded(self) -> str:
        return self.text.casefold().replace("’", "'")

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() and not self.text.isupper() if len(self.text) > 1 else self.text.isupper()

    @property
    def upper(self) -> bool:
        return self.text.isupper() and len(self.text) > 1

    @property
    def lower(self) -> bool:
        return self.text.islower()


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def gap(text: str, left: Token, right: Token) -> str:
    return text[left.end : right.start]


def shouting(text: str) -> bool:
    """The whole message is in capitals ("MY SON TOM HAS ASTHMA")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)
