"""Query understanding: lay terms gain their medical names, and misspellings are mended.

Both only add or fix words for ranking; the stored question is never changed.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.readability import is_dictionary_word
from assistant.retrieval.text import STOPWORDS, strip_placeholders

LAY_TERMS_FILE = Path(__file__).parent / "data" / "lay_terms.yaml"
_WORD = re.compile(r"[a-z][a-z0-9'-]*")
MIN_CORRECTABLE_LENGTH = 5
SPELLING_CUTOFF = 0.8
# "my 9 year old": the articles say "children under 12", never an age in years.
_CHILD_AGE = re.compile(r"\b(\d{1,2})[\s-]*(years?|yrs?|months?)[\s-]*old\b")
ADULT_AGE = 18
# "*1/*2", "*4 / *41": a pharmacogenomic result as reports print it. Patients paste it as is;
# the articles explain it as a diplotype, a pair of star alleles.
_DIPLOTYPE = re.compile(r"\*\s?\d+[a-z]?\s*/\s*\*\s?\d+")


@lru_cache(maxsize=1)
def lay_terms() -> list[tuple[re.Pattern[str], str]]:
    table = yaml.safe_load(LAY_TERMS_FILE.read_text())
    phrases = sorted(table.items(), key=lambda pair: -len(pair[0]))
    return [(re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"), terms) for phrase, terms in phrases]


class QueryRewriter:
    """Adds medical names for lay terms and corrects misspelt words against the corpus vocabulary."""

    def __init__(self, vocabulary: set[str]) -> None:
        self.vocabulary = vocabulary
        self._candidates = sorted(word for word in vocabulary if len(word) >= MIN_CORRECTABLE_LENGTH - 1)
        self._corrections: dict[str, str] = {}  # lives as long as the rewriter (one per index)

    def _correct(self, word: str) -> str:
        # A real English word the articles happen not to use is left alone: mended against
        # the articles' vocabulary, "asked" became "based" and "fired" became "fire".
        if (word in self.vocabulary or word in STOPWORDS or len(word) < MIN_CORRECTABLE_LENGTH
                or is_dictionary_word(word)):
            return word
        if word not in self._corrections:
            match = difflib.get_close_matches(word, self._candidates, n=1, cutoff=SPELLING_CUTOFF)
            self._corrections[word] = match[0] if match else word
        return self._corrections[word]

    def run(self, query: str) -> str:
        text = strip_placeholders(query).lower()
        corrected = _WORD.sub(lambda m: self._correct(m.group(0)), text)
        additions = [terms for pattern, terms in lay_terms() if pattern.search(corrected) or pattern.search(text)]
        # An age in months ("my 30-month-old") is always a child's.
        if any(unit.startswith("month") or int(age) < ADULT_AGE for age, unit in _CHILD_AGE.findall(text)):
            additions.append("child children")
        if _DIPLOTYPE.search(text):
            additions.append("diplotype star alleles")
        return " ".join([corrected, *dict.fromkeys(additions)]).strip()
