"""Small, explainable signals for choosing answer sentences.

Each helper looks at one thing: which of the question's words are rare among the
candidate sentences, whether a sentence gives a range that holds a number the patient
asked about, whether a sentence can stand on its own, whether it has the shape of answer
the question asks for (a cause, a time, a number, a gene, a group of people ...), and
whether it is about the other end of the level asked about (high vs low); the question's
side of the last two is worked out once (`question_shape`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.retrieval.text import STOPWORDS, tokenize

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


# Where one ask ends and the next begins: after a question mark or full stop, or at a
# joining word followed by a question word ("what causes it and how do they diagnose it").
_ASK_BREAK = re.compile(
    r"(?<=[?.!])\s+|[,;]?\s+(?:and|also|plus|or)\s+"
    r"(?=(?:what|how|why|when|who|which|where|can|could|does|do|did|is|are|will|would|should)\b)",
    re.IGNORECASE,
)
_ASKING = re.compile(
    r"\?\s*$|^\s*(?:(?:and|also|plus|or|but|so)\s+)?(?:what|what's|whats|how|why|when|who|which|where|can|could|does|do|did|is|are|will|would|should)\b",
    re.IGNORECASE,
)


def asks_in(question: str) -> int:
    """How many things the question asks (at least one).

    "what is a VUS exactly? can it change later?" asks two; a statement around the ask
    ("mine was flagged low") is not an ask of its own.
    """
    return max(1, len(ask_parts(question)))


def ask_parts(question: str) -> list[str]:
    """The parts of the question that ask something, in order ("can it go away?", "how much weight ...")."""
    parts = [part for part in _ASK_BREAK.split(question) if part and tokenize(part)]
    return [part for part in parts if _ASKING.search(part)]


def stands_alone(sentence: str) -> bool:
    """A sentence that only introduces a list ("... five types for each gene:") does not."""
    return not sentence.rstrip().endswith(":")


# Only words that carry no meaning of their own. The search stopwords are not used here:
# they drop "not", "most", "know" and "no", and without them "Most people with Lynch syndrome
# do not know they have it" would look like a repeat of "About 1 in 280 people has Lynch syndrome".
_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for with by as from and or is are was were be been it its this that "
    "these those there their your you can may".split()
)


def content_words(sentence: str) -> frozenset[str]:
    """The sentence's words for telling whether it repeats another (numbers and negations kept)."""
    return frozenset(re.findall(r"[a-z0-9]+(?:[-/.][a-z0-9]+)*", sentence.lower())) - _FUNCTION_WORDS


def repeats(tokens: frozenset[str], other: frozenset[str], share: float = 0.8) -> bool:
    """Whether one sentence says little beyond the other: most words of the shorter appear in the longer.

    Words, not embeddings: sentences are embedded with their article's title and neighbours, so two
    different sentences of one article can sit very close in vector space.
    """
    shorter = min(len(tokens), len(other))
    return shorter > 0 and len(tokens & other) / shorter >= share


# What kind of answer a question asks for, and what a sentence giving that kind of answer
# tends to contain. Questions are matched lower-cased; each sentence pattern carries its
# own flags (gene symbols are told apart from words by their capitals).
_CAUSE_QUESTION = re.compile(r"\bwhy\b|\bwhat (?:can |could |might )?(?:causes?|raises?|lowers?|makes?)\b|\bcauses? of\b")
_ANSWER_CUES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"^\s*when\b|\bwhen (?:should|do|does|can|is|are|would)\b"),
     re.compile(r"\b(?:when|if|before|after|age|ages|years?|every)\b", re.I)),
    (_CAUSE_QUESTION,
     re.compile(r"\b(?:because|caused|causes?|due to|from|linked|raise|raises|lower|lowers|can make|"
                r"happens? when|occurs? when|develops? when|results? from|leads? to)\b", re.I)),
    (re.compile(r"\bhow (?:common|many|often|likely|much)\b|\bwhat (?:are the )?(?:odds|chances?)\b"),
     re.compile(r"\d|\b(?:one|two|three|four|five|half|most|many|few)\b", re.I)),
    (re.compile(r"\bused for\b|\bwhat (?:is|does) .{1,40} (?:for|do)\b|\bwhat does .{1,40} (?:show|check|find)\b"),
     re.compile(r"\b(?:helps?|used|to (?:find|check|diagnose|see|rule)|shows?|checks?|finds?)\b", re.I)),
    # "Who is at risk for prediabetes?": a sentence about groups of people or what raises the risk.
    (re.compile(r"^\s*who\b|\bwho(?:'s| is| are| should| can| gets?| needs?)\b"),
     re.compile(r"\b(?:people|women|men|adults|children|anyone|age|ages|older|younger|relatives?|"
                r"family history|more likely|more common|higher risk|raises? (?:the|your) risk)\b", re.I)),
    # "What is Gilbert syndrome?": a sentence that says what the thing is.
    (re.compile(r"^\s*what(?:'s| is| are)\s+(?:a |an |the )?[\w-]+(?: [\w-]+){0,3}\s*\??\s*$"),
     re.compile(r"\b(?:is|are) (?:a|an|the|one|often called|also called|called)\b|\bstands? for\b|\bcalled\b|"
                r"\brefers? to\b", re.I)),
    # "How is FH treated?": a sentence about treatment.
    (re.compile(r"\bhow (?:is|are|do (?:you|they|doctors)) .{0,40}\b(?:treat|treated|managed|cured)\b|\btreatments? for\b"),
     re.compile(r"\b(?:treat\w*|medicines?|therapy|surgery|lifestyle|habits)\b", re.I)),
    # "How is prediabetes found?": a sentence about the test that finds it.
    (re.compile(r"\bhow (?:is|are|do (?:you|they|doctors)) .{0,40}\b(?:found|diagnosed|tested|checked|detected)\b"),
     re.compile(r"\b(?:tests?|diagnos\w*|found|checks?|measures?|screening)\b", re.I)),
    # "What are the signs of low potassium?": a sentence naming signs or symptoms.
    (re.compile(r"\b(?:signs?|symptoms?|feel like)\b"),
     re.compile(r"\b(?:signs?|symptoms?|feel|feeling|tired\w*|pain|cramps?|weak\w*|swelling)\b", re.I)),
    # "What does a high ferritin mean?": a sentence saying what a result points to.
    (re.compile(r"\bwhat (?:does|do|would|could) .{1,40}\bmean\b"),
     re.compile(r"\b(?:means?|can mean|may mean|sign of|points? to|shows?|suggests?|linked to)\b", re.I)),
    # "My PSA is 5. Does that mean I have cancer?": a sentence that says whether it does.
    (re.compile(r"\b(?:does|do|would|will|could) (?:that|this|it|a [\w-]+(?: [\w-]+)?) mean (?:i|that i|i'm|my)\b"),
     re.compile(r"\b(?:not (?:always|necessarily|mean|a sign)|(?:often|usually) not|(?:does|do)(?: not|n't) (?:always )?mean|"
                r"(?:most|many) [\w ]{0,40}(?:do not|don't|never|not)|only (?:a|one) (?:sign|test|part)|"
                r"other (?:causes|things|reasons))\b", re.I)),
    # "Why does my oncologist want a DPYD test first?": a sentence saying what the test or step is for.
    (re.compile(r"\bwhy\b.{0,60}\b(?:test|tests|tested|testing|check|checked|screen\w*|order\w*|want\w*)\b"),
     re.compile(r"\b(?:can show|shows?|helps?|to (?:find|check|see|learn|confirm|rule)|finds?|so (?:that )?(?:your|the|a)|"
                r"at (?:higher|high) risk|before (?:treatment|you start|starting))\b", re.I)),
    # "Could the result just be wrong?": a sentence about false or mistaken results.
    (re.compile(r"\b(?:wrong|mistake\w*|error|false|accurate|inaccurate|fluke|off)\b.{0,5}(?:\?|$)|\bbe (?:wrong|off|a mistake)\b"),
     re.compile(r"\b(?:false\w*|wrong|error|mistak\w*|not (?:always )?(?:accurate|right)|repeat\w*|re-?test\w*|"
                r"(?:can|may) (?:also )?(?:raise|lower|change|affect) the result)\b", re.I)),
    # "Can prediabetes go away?": a sentence on whether it can be reversed.
    (re.compile(r"\b(?:go away|reverse\w*|undo|get rid of|be cured|cure it|back to normal|turn\w* (?:it )?around|fix(?:ed)? it)\b"),
     re.compile(r"\b(?:turned around|turn (?:it )?around|revers\w*|go away|back to (?:normal|the normal range)|cured?|"
                r"(?:can|may) (?:often )?(?:lower|improve|return))\b", re.I)),
    # "Does high uric acid always mean gout?": a sentence on whether it always does.
    (re.compile(r"\balways\b|\bfor sure\b|\bdefinitely\b|\bguarantee\w*\b"),
     re.compile(r"\b(?:not (?:always|everyone|all|a certainty|certain)|never|(?:most|many) [\w ]{0,40}(?:do not|don't|never|not)|"
                r"may not|does not (?:always )?mean|only (?:a|one) )\b", re.I)),
    # "What can I do now?", "What's the right way to take my blood pressure?": a step to take.
    (re.compile(r"\bwhat (?:can|should|do) (?:i|we) do\b|\bhow (?:do|should|can) (?:i|we)\b|\bhow to\b|\bright way\b|"
                r"\bwhat (?:are|is) (?:my|the) (?:options?|next steps?)\b"),
     re.compile(r"^(?:ask|talk|tell|call|get|share|keep|bring|check|use|write|read|eat|sit|rest|wait|send|contact|"
                r"say|make|take|avoid|follow|find|request|appeal|file|measure|start|plan|look|note|save)\b|"
                r"^you (?:can|may|have the right)\b", re.I)),
    # "What genes cause Lynch syndrome?": a sentence that names genes (MLH1, PCSK9, CYP2C19).
    (re.compile(r"\b(?:what|which) (?:\w+ )?genes?\b"),
     re.compile(r"\b[A-Z]{2,}[0-9][A-Z0-9]*\b")),
    # "Which statin is most affected?": a sentence that ranks ("strongest for simvastatin").
    (re.compile(r"\b(?:which|what)\b.*\b(?:most|least|best|worst|main)\b"),
     re.compile(r"\b(?:most|least|strongest|weakest|highest|lowest|biggest|greatest|main|mainly|mostly)\b", re.I)),
)
_TOPIC_AFTER_CAUSE = re.compile(r"\bcauses?\b(.*)$")
_QUALIFIER = re.compile(r"\b(?:in|of|for|on|with|after|during|when|if)\b")
_CAUSES_IN_SENTENCE = re.compile(r"\b(?:can |may |often |also )*causes?\b")


def _tells_effects_of_topic(question: str, sentence: str) -> bool:
    """Whether, asked what causes a thing, the sentence instead says what that thing causes.

    "What can cause low magnesium?" is not answered by "Low magnesium can cause cramps".
    """
    topic = _TOPIC_AFTER_CAUSE.search(question)
    verb = _CAUSES_IN_SENTENCE.search(sentence)
    if topic is None or verb is None:
        return False
    # The thing asked about ends where a qualifier starts: "low calcium | in the blood".
    topic_words = set(tokenize(_QUALIFIER.split(topic.group(1), maxsplit=1)[0]))
    return bool(topic_words) and topic_words <= set(tokenize(sentence[: verb.start()]))


_LEVEL_WORDS = {"high": "high", "higher": "high", "raised": "high", "elevated": "high",
                "low": "low", "lower": "low", "decreased": "low"}


# "my magnesium came back low", "tsh is a little high": the level after its topic.
_LEVEL_AFTER_TOPIC = re.compile(
    r"\b([a-z0-9-]+)(?: levels?| results?| tests?| numbers?)?\s+(?:is|was|are|were|came back|comes back|come back|"
    r"looks?|reads?|showed|shows|went|got|seems?)\s+(?:(?:a little|a bit|slightly|very|too|really|quite|so|kind of)\s+)?"
    r"(high|higher|raised|elevated|low|lower|decreased)\b"
)


def _levelled_topics(text: str) -> set[tuple[str, str]]:
    """("low", "magnesium") for "low magnesium" or "magnesium came back low"; "high or low potassium" gives both ends."""
    found = {(_LEVEL_WORDS[level], topic) for topic, level in _LEVEL_AFTER_TOPIC.findall(text.lower())
             if topic not in STOPWORDS}
    pending: list[str] = []
    for word in re.findall(r"[a-z0-9-]+", text.lower()):
        if word in _LEVEL_WORDS:
            pending.append(_LEVEL_WORDS[word])
        elif word in ("and", "or") and pending:
            continue
        else:
            found.update((level, word) for level in pending)
            pending = []
    return found


@dataclass(frozen=True)
class QuestionShape:
    """The kinds of answer a question asks for, worked out once per question."""

    question: str  # lower-cased
    wanted: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]  # the cues whose question side matched
    levels: frozenset[tuple[str, str]]  # ("low", "magnesium") for "what can cause low magnesium"

    def fits(self, sentence: str) -> bool:
        """Whether the sentence has one of the shapes of answer asked for (a time, a cause, a number, a use)."""
        for asks, gives in self.wanted:
            if not gives.search(sentence):
                continue
            if asks is _CAUSE_QUESTION and _tells_effects_of_topic(self.question, sentence.lower()):
                continue
            return True
        return False

    def about_other_level(self, sentence: str) -> bool:
        """Whether the sentence is about the other end of the level the question asks about.

        Asked about low magnesium, "High magnesium can cause nausea" answers another question.
        """
        opposite = {"high": "low", "low": "high"}
        said = _levelled_topics(sentence)
        return any((opposite[level], topic) in said and (level, topic) not in said for level, topic in self.levels)


def question_shape(question: str) -> QuestionShape:
    lowered = question.lower()
    wanted = tuple((asks, gives) for asks, gives in _ANSWER_CUES if asks.search(lowered))
    return QuestionShape(lowered, wanted, frozenset(_levelled_topics(lowered)))
