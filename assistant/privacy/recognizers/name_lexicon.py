"""Given names and surnames from Tailor's lexicons, in any case and without a cue.

spaCy's small model misses lower-case ("hi its thiago khan"), all-caps and many
non-English names. A word that is a known given name (first_names.txt) starts
a name, and a known surname next to it continues one; a capitalised known
surname on its own counts too. Given names that are also everyday words
(word_names.txt: Hope, Will, Grace, Gene...) are never taken here, only with a
cue (see person_cue). Everything this finds yields to the protected medical
vocabulary (score 0.6): "ANA 1:160" is a lab, not Ana.
"""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from ..vocabulary import common_words, first_names, surnames, word_names
from ._tokens import gap, shouting, tokens
from .person_cue import extend_name

SCORE = 0.6


class NameLexiconRecognizer(EntityRecognizer):
    """Finds known given names (plus a following surname) and capitalised known surnames."""

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entities=["PERSON"], name="NameLexiconRecognizer", supported_language=supported_language)

    def load(self) -> None:  # noqa: D102 - the lexicons load lazily
        pass

    def analyze(self, text: str, entities=None, nlp_artifacts=None) -> list[RecognizerResult]:  # noqa: D102
        words = tokens(text)
        loud = shouting(text)
        results = []
        for i, word in enumerate(words):
            folded = word.folded
            if folded in common_words() or folded in word_names() or len(folded) < 3:
                continue
            if word.upper and not loud and len(folded) <= 4:  # an acronym in mixed-case text
                continue
            start_index = i
            if folded in first_names():
                pass
            elif folded in surnames() and len(folded) >= 4 and (word.capitalised or (loud and word.upper)):
                # An unknown given name right before a known surname: "Jayden Okafor".
                if i and words[i - 1].capitalised and gap(text, words[i - 1], word) == " " \
                        and words[i - 1].folded not in common_words():
                    start_index = i - 1
            else:
                continue
            last = extend_name(text, words, i)
            results.append(RecognizerResult(
                "PERSON", words[start_index].start, words[last].end, SCORE,
                analysis_explanation=AnalysisExplanation("NameLexiconRecognizer", SCORE, textual_explanation="name lexicon"),
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "NameLexiconRecognizer"},
            ))  # fmt: skip
        return results
