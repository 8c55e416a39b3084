"""Small, explainable signals for choosing answer sentences.

Each helper looks at one thing: which of the question's words are rare among the
candidate sentences, whether a sentence gives a range that holds a number the patient
asked about, and whether a sentence can stand on its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_NUMBER_VALUE = r"(\d+(?:[.,]\d+)?)"
_RANGE = re.compile(_NUMBER_VALUE + r"\s*(?:%|percent)?\s*(?:to|-|–|through)\s*" + _NUMBER_VALUE)
_AT_LEAST = re.compile(_NUMBER_VALUE + r"\s*\S{0,6}\s*(?:or|and)\s+(?:higher|above|more|over)")
_BELOW = re.compile(r"(?:below|under|less than|lower than)\s+(?:about\s+)?" + _NUMBER_VALUE)
_QUESTION_NUMBER = re.compile(r"(?<![\w*:/])(\d+(?:\.\d+)?)(?![\w*:/])")


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def question_numbers(question: str) -> list[float]:
    """Plain numbers in the question ("egfr 40", "a1c of 6"); not allele names like *1/*2."""
    return [_value(match) for match in _QUESTION_NUMBER.findall(question)]


def holds_number(sentence: str, numbers: Sequence[float]) -> bool:
    """Whether the sentence gives a range or a cut-off that one of `numbers` falls in."""
    if not numbers:
        return False
    for low, high in _RANGE.findall(sentence):
        if any(_value(low) <= n <= _value(high) for n in numbers):
            return True
    for low in _AT_LEAST.findall(sentence):
        if any(n >= _value(low) for n in numbers):
            return True
    for high in _BELOW.findall(sentence):
        if any(n < _value(high) for n in numbers):
            return True
    return False


def question_word_weights(query_tokens: set[str], sentence_tokens: Sequence[frozenset[str]]) -> dict[str, float]:
    """Weights of the question's words, rare words among the candidate sentences counting more.

    A word every candidate shares (the test's own name, usually) tells the sentences
    apart less than a word only one of them has ("range", "symptoms", "cause").
    """
    count = len(sentence_tokens)
    weights = {
        token: math.log(1 + count / (1 + sum(token in tokens for tokens in sentence_tokens)))
        for token in query_tokens
    }
    total = sum(weights.values()) or 1.0
    return {token: weight / total for token, weight in weights.items()}


def covered(weights: dict[str, float], tokens: frozenset[str]) -> float:
    """Share (0..1) of the question's weighted words that `tokens` contain."""
    return sum(weight for token, weight in weights.items() if token in tokens)


def stands_alone(sentence: str) -> bool:
    """A sentence that only introduces a list ("... five types for each gene:") does not."""
    return not sentence.rstrip().endswith(":")


def repeats(tokens: frozenset[str], other: frozenset[str], share: float = 0.8) -> bool:
    """Whether one sentence says little beyond the other: most words of the shorter appear in the longer.

    Words, not embeddings: sentences are embedded with their article's title, so two
    different sentences of one article can sit very close in vector space.
    """
    shorter = min(len(tokens), len(other))
    return shorter > 0 and len(tokens & other) / shorter >= share


# What kind of answer a question asks for, and words a sentence giving that kind of answer
# tends to use. Checked on the lower-cased question and sentence.
_ANSWER_CUES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"^\s*when\b|\bwhen (?:should|do|does|can|is|are|would)\b"),
     re.compile(r"\b(?:when|if|before|after|age|ages|years?|every)\b")),
    (re.compile(r"\bwhy\b|\bwhat (?:can )?(?:causes?|raises?|lowers?|makes?)\b|\bcauses? of\b"),
     re.compile(r"\b(?:because|caused|causes?|due to|from|linked|raise|raises|lower|lowers|can make)\b")),
    (re.compile(r"\bhow (?:common|many|often|likely|much)\b|\bwhat (?:are the )?(?:odds|chances?)\b"),
     re.compile(r"\d|\b(?:one|two|three|four|five|half|most|many|few)\b")),
    (re.compile(r"\bused for\b|\bwhat (?:is|does) .{1,40} (?:for|do)\b|\bwhat does .{1,40} (?:show|check|find)\b"),
     re.compile(r"\b(?:helps?|used|to (?:find|check|diagnose|see|rule)|shows?|checks?|finds?)\b")),
)


def answers_question_type(question: str, sentence: str) -> bool:
    """Whether the sentence has the shape of answer the question asks for (a time, a cause, a number, a use)."""
    question, sentence = question.lower(), sentence.lower()
    return any(asks.search(question) and gives.search(sentence) for asks, gives in _ANSWER_CUES)
