"""Names announced by a cue: "Dr. Patel", "my son Tom", "my name is Ana", "Will called".

The small spaCy model finds most full names but is unreliable on a single
given name or surname, on lower-case and all-caps text, and on names that are
also words ("my daughter Hope"): exactly how patients mention family members
and clinicians. The cue in front (a title, a family relation, an introduction)
or a reporting verb behind ("Will called") makes these cheap to catch.

How much the candidate word must look like a name depends on the cue: after a
title or relation any capitalised word that is not an everyday word will do
("Dr. Lynch", "my son Tom"); a lower-case one must be a known given name
("my son tom", not "my son has"), or, after a relation or a strong introduction, a word that is not
frequent English ("my mom gladys", "name: ursula"). A capitalised word in a greeting or vocative position
("Thanks, Will." "Hi Grace," "ok Faith,") is a name even when it is an everyday word; "thanks, will do" is
not (lower case, no closing punctuation). Only the name is matched ("Dr. <PERSON>").
Strong cues score 0.8 and win over the protected vocabulary ("Dr. Gleason");
weak ones ("I'm ...", "named ...") score 0.6 and do not.
"""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from ..vocabulary import common_words, first_names, is_english_word, is_protected_word, surnames, word_names
from ._tokens import Token, gap, shouting, tokens

STRONG_SCORE = 0.8
WEAK_SCORE = 0.6

TITLES = frozenset("dr doctor mr mrs ms miss mx prof professor nurse dds".split())
RELATIONS = frozenset(
    """son daughter wife husband mother mom mum mommy mama father dad daddy papa brother sister partner boyfriend girlfriend
    fiance fiancee fiancé fiancée child kid baby grandson granddaughter grandmother grandma granny nana grandfather grandpa
    aunt auntie uncle cousin nephew niece friend neighbor neighbour caregiver carer stepson stepdaughter stepmom stepdad
    doctor surgeon nurse oncologist cardiologist therapist counselor counsellor pcp gp physician dentist pharmacist
    twin spouse roommate""".split()
)
POSSESSIVES = frozenset("my our his her their".split())
# Word sequences (folded) after which the next word is a name.
STRONG_INTROS = (("my", "name", "is"), ("my", "name's"), ("name",), ("names",), ("name", "is"), ("signed",))
WEAK_INTROS = (("i'm",), ("im",), ("i", "am"), ("this", "is"), ("it's",), ("its",), ("call", "me"), ("named",),
               ("called",), ("asking", "for"), ("writing", "for"), ("on", "behalf", "of"))
REPORTING_VERBS = frozenset(
    "called calls said says texted told asked emailed phoned messaged drove brought visited wants thinks mentioned".split()
)
# After an ambiguous lower-case name these words show it was a verb or a noun: "my son will be".
_NOT_AFTER_WORD_NAME = frozenset("be have get go need take not also probably ever never start stop come see do like want".split())
# ...and after a lower-case one these show it was a verb with its object or particle: "my mom rose from her chair".
_NOT_AFTER_LOWER_WORD_NAME = _NOT_AFTER_WORD_NAME | frozenset(
    "from to up down out off into onto over under through across around back away the a an her his my their our its "
    "me him them us you it this that these those some all".split()
)
# Greeting words after which a capitalised word closed by punctuation is the person addressed: "Hi Grace,".
GREETINGS = (("hi",), ("hey",), ("hello",), ("hiya",), ("dear",), ("morning",), ("good", "morning"), ("good", "afternoon"),
             ("good", "evening"), ("thanks",), ("thank", "you"), ("thx",), ("ty",), ("ok",), ("okay",), ("sorry",),
             ("got", "it"), ("bye",), ("yes",), ("no",), ("sure",), ("cheers",), ("great",), ("perfect",))
# After "Will," at the start of a message these show it is addressed to someone: "Will, can you call me back?"
_AFTER_OPENING_VOCATIVE = frozenset(
    "can could would will please i i'm im we did do are is just thanks thank quick when what how".split()
)
PARTICLES = frozenset("van der den de da del della la le von al bin ibn di du dos das ter".split())


def _is_name_word(token: Token, *, lower_needs_lexicon: bool = True) -> bool:
    folded = token.folded
    if folded in common_words() or any(c.isdigit() for c in token.text) or len(folded) < 2:
        return False
    if token.lower and lower_needs_lexicon:
        return folded in first_names() or folded in word_names() or folded in surnames()
    return True


def unknown_word(token: Token) -> bool:
    """A word that is neither frequent English nor medical vocabulary: after a cue or a name it is likely a name."""
    text = token.text
    return (
        len(text) >= 3 and text.replace("'", "").replace("’", "").replace("-", "").isalpha()
        and token.folded not in common_words() and not is_english_word(text) and not is_protected_word(text)
    )  # fmt: skip


def extend_name(text: str, words: list[Token], index: int) -> int:
    """Index of the last word of the name that starts at words[index] (surname, particles)."""
    first = words[index]
    last = index
    for nxt in range(index + 1, min(index + 4, len(words))):
        if gap(text, words[nxt - 1], words[nxt]) != " ":
            break
        word = words[nxt]
        folded = word.folded
        if folded in PARTICLES and nxt + 1 < len(words) and words[nxt + 1].capitalised:
            continue
        if folded in common_words() or is_protected_word(word.text):
            break
        if folded in surnames() or (word.capitalised and not first.lower) or (word.upper and first.upper):
            last = nxt
            continue
        break
    return last


def _result(text: str, words: list[Token], index: int, score: float, reason: str) -> RecognizerResult:
    last = extend_name(text, words, index)
    return RecognizerResult(
        "PERSON", words[index].start, words[last].end, score,
        analysis_explanation=AnalysisExplanation("CuedPersonRecognizer", score, textual_explanation=reason),
        recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "CuedPersonRecognizer"},
    )  # fmt: skip


def _ends_with(words: list[Token], text: str, index: int, phrase: tuple[str, ...]) -> bool:
    """words[index - len(phrase):index] spell `phrase`, separated by blanks (a ':' may end it)."""
    start = index - len(phrase)
    if start < 0:
        return False
    for offset, part in enumerate(phrase):
        if words[start + offset].folded != part:
            return False
        if offset and gap(text, words[start + offset - 1], words[start + offset]).strip():
            return False
    return gap(text, words[index - 1], words[index]).strip() in {"", ":", ",", "-"}


class CuedPersonRecognizer(EntityRecognizer):
    """Finds the name after a title, a family relation or an introduction, or before "called"/"said"."""

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entities=["PERSON"], name="CuedPersonRecognizer", supported_language=supported_language)

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass

    def analyze(self, text: str, entities=None, nlp_artifacts=None) -> list[RecognizerResult]:  # noqa: D102
        words = tokens(text)
        loud = shouting(text)
        results: list[RecognizerResult] = []
        for i, word in enumerate(words):
            found = self._cue(text, words, i, loud)
            if found:
                results.append(_result(text, words, i, *found))
        return results

    @staticmethod
    def _cue(text: str, words: list[Token], i: int, loud: bool) -> tuple[float, str] | None:
        word, folded = words[i], words[i].folded
        prev = words[i - 1] if i else None
        following = words[i + 1] if i + 1 < len(words) else None
        in_lexicon = folded in first_names() or folded in surnames()
        ambiguous = folded in word_names() and not in_lexicon
        plain = (word.lower or loud) and ambiguous and following is not None and following.folded in _NOT_AFTER_WORD_NAME
        # Title: "Dr. Patel", "dr lynch", "DR. O'BRIEN".
        if prev and prev.folded in TITLES and gap(text, prev, word) in {" ", ". ", ".", "  "}:
            if prev.folded in {"doctor", "nurse"} and prev.lower and not (in_lexicon or word.capitalised):
                return None
            if _is_name_word(word, lower_needs_lexicon=False) and not plain:
                return STRONG_SCORE, "title"
        # Relation: "my son Tom", "my daughter, Emily", "MY SON TOM".
        if i >= 2 and words[i - 2].folded in POSSESSIVES and prev.folded in RELATIONS:
            if gap(text, words[i - 2], prev) == " " and gap(text, prev, word) in {" ", ", "}:
                if (word.capitalised and not loud) and _is_name_word(word) and not (ambiguous and plain):
                    return STRONG_SCORE, "relation"
                if (word.lower or loud) and (in_lexicon or (ambiguous and not plain)):
                    if not (ambiguous and word.lower and following is not None
                            and following.folded in _NOT_AFTER_LOWER_WORD_NAME):
                        return STRONG_SCORE, "relation"
                if word.lower and unknown_word(word):
                    return STRONG_SCORE, "relation (not an everyday word)"
        for phrase in STRONG_INTROS:
            if _ends_with(words, text, i, phrase) and _is_name_word(word, lower_needs_lexicon=not in_lexicon):
                if word.capitalised or in_lexicon or (word.lower and folded not in common_words() and len(phrase) > 1):
                    return STRONG_SCORE, "introduction"
            if _ends_with(words, text, i, phrase) and word.lower and unknown_word(word):
                return STRONG_SCORE, "introduction (not an everyday word)"
        for phrase in WEAK_INTROS:
            if _ends_with(words, text, i, phrase):
                if in_lexicon and folded not in common_words():
                    return WEAK_SCORE, "introduction"
                if word.capitalised and not loud and phrase[0] in {"named", "called", "asking", "writing", "on"} and _is_name_word(word):
                    return WEAK_SCORE, "introduction"
                # "its dolores finch": two words in a row that are not English read as a full name.
                if (word.lower and unknown_word(word) and following is not None and following.lower
                        and gap(text, word, following) == " " and (unknown_word(following) or following.folded in surnames())):
                    return WEAK_SCORE, "introduction (unknown full name)"
        found = _vocative(text, words, i, loud)
        if found:
            return found
        # "Sunny and I are worried": a name the writer pairs with themselves.
        if (following and following.folded == "and" and i + 2 < len(words) and words[i + 2].folded in {"i", "me"}
                and (word.capitalised or loud) and (in_lexicon or folded in word_names())):
            return WEAK_SCORE, "'name and I'"
        # "Will called", "Hope said".
        if following and following.folded in REPORTING_VERBS and gap(text, word, following) == " ":
            if (word.capitalised or loud) and (in_lexicon or folded in word_names()):
                return WEAK_SCORE, "reporting verb"
        return None


def _vocative(text: str, words: list[Token], i: int, loud: bool) -> tuple[float, str] | None:
    """"Thanks, Will." "Hi Grace, ..." "ok Faith, ..." "Will, can you ...": the person addressed.

    The word must be capitalised in mixed-case text, be a known or everyday-word name (or not English at all), and
    be closed by punctuation or the end of the message, so "thanks, will do" and "Hi there," stay.
    """
    word, folded = words[i], words[i].folded
    if loud or not word.capitalised or is_protected_word(word.text):
        return None
    if not (folded in first_names() or folded in word_names() or folded in surnames() or unknown_word(word)):
        return None
    if folded in common_words() and folded not in word_names():
        return None
    after = text[word.end :]
    closed = after.strip() == "" or after[:1] in {",", ".", "!", "?", ";", ":"} or after[:3] in {" - ", " – ", " — "}
    if not closed:
        return None
    for phrase in GREETINGS:
        if _ends_with(words, text, i, phrase):
            start = words[i - len(phrase)].start
            if text[:start].strip() == "" or text[:start].rstrip()[-1:] in {".", "!", "?", ",", "\n"} or "\n" in text[:start][-2:]:
                return STRONG_SCORE, "greeting"
    # "Will, can you call me back?": a name opening the message, addressed with a comma.
    if text[: word.start].strip() == "" and after[:1] == "," and i + 1 < len(words):
        if words[i + 1].folded in _AFTER_OPENING_VOCATIVE and (folded in word_names() or folded in first_names()):
            return STRONG_SCORE, "opening vocative"
    return None
