"""Consistent numbered placeholders within one conversation: the same name is <PERSON_1> every time.

A `PseudonymMap` lives in memory for one conversation and is never stored:
it refuses to be pickled or copied, and its repr shows only counts. It maps a
normalised original string to a number per placeholder type:

* names: case, spacing and punctuation are ignored, and a name that shares a
  word with one already seen reuses its number ("Maria Lopez" then "Maria");
* numbers and codes: only letters and digits count ("555-123-4567" and
  "(555) 123-4567" are the same phone);
* everything else: case and spacing are ignored.
"""

from __future__ import annotations

import re
import threading

_NAME_TYPES = frozenset({"PERSON"})
_CODE_TYPES = frozenset({"PHONE", "SSN", "MRN", "ID", "ZIP", "IP_ADDRESS", "DEVICE", "VEHICLE"})


def _normalise(entity_type: str, original: str) -> str:
    folded = " ".join(original.casefold().replace("’", "'").split())
    if entity_type in _CODE_TYPES:
        return re.sub(r"[^0-9a-z]", "", folded) or folded
    if entity_type in _NAME_TYPES:
        return " ".join(re.sub(r"[^\w' -]", " ", folded).split())
    return folded


class PseudonymMap:
    """In-memory map from original identifiers to numbered placeholders, for one conversation only."""

    __slots__ = ("_lock", "_numbers", "_name_words")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._numbers: dict[str, dict[str, int]] = {}
        self._name_words: dict[str, int] = {}  # PERSON word -> number

    def placeholder(self, entity_type: str, original: str) -> str:
        """`<TYPE_n>` for `original`; the same (normalised) original always gets the same n."""
        key = _normalise(entity_type, original)
        with self._lock:
            numbers = self._numbers.setdefault(entity_type, {})
            number = numbers.get(key)
            if number is None and entity_type in _NAME_TYPES:
                number = next((self._name_words[w] for w in key.split() if w in self._name_words), None)
            if number is None:
                number = len(set(numbers.values())) + 1
            numbers[key] = number
            if entity_type in _NAME_TYPES:
                for word in key.split():
                    if len(word) >= 3:
                        self._name_words.setdefault(word, number)
        return f"<{entity_type}_{number}>"

    def known_name_words(self) -> frozenset[str]:
        """Casefolded words of names seen so far (so a later bare "Tom" is caught too)."""
        with self._lock:
            return frozenset(self._name_words)

    def clear(self) -> None:
        with self._lock:
            self._numbers.clear()
            self._name_words.clear()

    def __len__(self) -> int:
        with self._lock:
            return sum(len(set(v.values())) for v in self._numbers.values())

    def __repr__(self) -> str:
        return f"PseudonymMap(<{len(self)} identifiers>)"

    def __reduce__(self):  # pickle, copy and deepcopy all go through here
        raise TypeError("a PseudonymMap holds identifiers and must not be persisted or copied")


_NUMBERED_PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*?)_\d+>")


def without_numbers(text: str) -> str:
    """`<PERSON_2>` -> `<PERSON>`: for consumers (triage rules) that only care about the type."""
    return _NUMBERED_PLACEHOLDER.sub(r"<\1>", text)
