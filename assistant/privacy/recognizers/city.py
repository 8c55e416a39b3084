"""Cities and towns (Safe Harbor: geographic subdivisions smaller than a state).

spaCy tags capitalised, well-known places as GPE but misses lower-case ones
("moved to fresno") and calls typos places. This gazetteer (cities.txt) is
matched in any case, except for places that are also words or names (Mobile,
Buffalo, Reading, Eugene), which must be capitalised. A capitalised place
right before a US state ("Tucson, AZ", "Bangor, Maine") is taken too. States
and countries are kept: Safe Harbor allows them.
"""

from __future__ import annotations

import functools

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from ..vocabulary import cities, common_words
from .zip_code import STATE_ABBREVIATIONS, STATE_NAMES

SCORE = 0.6


@functools.cache
def _gazetteer() -> regex.Pattern[str]:
    any_case, capitalised = cities()
    names = sorted(any_case | capitalised, key=len, reverse=True)
    return regex.compile(r"(?<![\w])(?i:" + "|".join(regex.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w])")


_BEFORE_STATE = regex.compile(
    rf"(?<![\w])(\p{{Lu}}[\p{{L}}'’.-]+(?:\s\p{{Lu}}[\p{{L}}'’.-]+){{0,2}}),?\s+(?:(?:{STATE_ABBREVIATIONS})\b(?!\s*\p{{Ll}})|{STATE_NAMES}\b)"
)


class CityRecognizer(EntityRecognizer):
    """Finds cities from the gazetteer, and a capitalised place name before a state."""

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entities=["LOCATION"], name="CityRecognizer", supported_language=supported_language)

    def load(self) -> None:  # noqa: D102
        pass

    def analyze(self, text: str, entities=None, nlp_artifacts=None) -> list[RecognizerResult]:  # noqa: D102
        _, capitalised_only = cities()
        spans = []
        for match in _gazetteer().finditer(text):
            name = " ".join(match.group().split()).casefold()
            if name in capitalised_only and not match.group()[:1].isupper():
                continue
            spans.append(match.span())
        for match in _BEFORE_STATE.finditer(text):
            words = match.group(1).split()
            if all(w.casefold() not in common_words() for w in words):
                spans.append(match.span(1))
        return [
            RecognizerResult(
                "LOCATION", start, end, SCORE,
                analysis_explanation=AnalysisExplanation("CityRecognizer", SCORE, textual_explanation="gazetteer"),
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "CityRecognizer"},
            )
            for start, end in spans
        ]  # fmt: skip
