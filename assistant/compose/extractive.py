"""Compose a short answer from knowledge-base sentences, without a language model.

Every sentence in an answer is quoted from a vetted article and carries the number
of its citation, so nothing is said that a source does not say.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import itertools
import re
from dataclasses import dataclass

import numpy as np

from assistant.compose.scoring import (
    ask_parts,
    asks_in,
    content_words,
    covered,
    holds_number,
    question_numbers,
    question_shape,
    question_word_weights,
    repeats,
    stands_alone,
)
from assistant.readability import grade_from_counts, text_counts

from assistant.retrieval.answer_ranker import AnswerRanker
from assistant.retrieval.index import SearchIndex
from assistant.retrieval.loader import Article
from assistant.retrieval.text import tokenize
from assistant.types import Citation, RetrievedPassage, Source

LOW_CONFIDENCE_ANSWER = (
    "I could not find a clear answer to that in Tailor's library, so I will not guess. "
    "You can ask your care team with the \"Ask my care team\" button, "
    "or try asking in a different way."
)
CLOSING_LINE = "This is general information. Your care team can tell you what it means for you."

MAX_ANSWER_WORDS = 100
OVERLAP_WEIGHT = 0.3
PASSAGE_RANK_PENALTY = 0.03
NUMBER_BONUS = 0.15
HELD_NUMBER_BONUS = 0.15
ANSWER_TYPE_BONUS = 0.1
OPPOSITE_LEVEL_PENALTY = 0.15
HARD_SENTENCE_PENALTY = 0.1
MAX_SENTENCE_GRADE = 9.0
# The answer as a whole should read at school grade 8 or below: among the best-scoring
# sentences, a set that reads easier wins unless it gives up too much relevance.
TARGET_ANSWER_GRADE = 8.0
GRADE_PENALTY = 1.5
SENTENCES_COMPARED = 12
AFTER_LONG_LEAD_SENTENCES = 2
# A question that asks two things gets room for the second: without it the first ask's
# sentences, which rank higher as a rule, fill the answer.
EXTRA_ASK_SENTENCES = 2
EXTRA_ASK_WORDS = 30
SAID_IN_LEAD_SHARE = 0.7
_NUMBER = re.compile(r"\d")
_NUMERIC_QUESTION = re.compile(
    r"\b(?:range|normal|level|number|how (?:high|low|much|many|often)|what (?:is|counts as) (?:a )?(?:good|high|low|normal)|"
    r"cut-?off|percent|%|stage|score|value|target|aim|goal)\b"
)
PASSAGES_CONSIDERED = 5
# How much the fine-tuned answer ranker's similarity counts beside the others (docs/retrieval.md).
RANKER_WEIGHT = 0.5


@dataclass(frozen=True)
class ComposedAnswer:
    text: str
    citations: tuple[Citation, ...]
    confidence: float
    confident: bool


@dataclass(frozen=True)
class LeadSentence:
    """A sentence about the patient's own record that opens the answer.

    It cites the article that explains the test (plus, as extra sources, where the
    reference range comes from); `article_id=None` marks a plain statement about the
    record ("I don't see a result ...") that needs no citation.
    """

    text: str
    article_id: str | None
    extra_sources: tuple[Source, ...] = ()
    closes: bool = False  # said after the explanation ("You can send this question to ...")


@dataclass(frozen=True)
class _Candidate:
    passage_rank: int
    position: int
    text: str
    score: float
    words: frozenset[str]  # content words, for telling repeats apart
    counts: tuple[int, int, int]  # words, syllables, sentences (for the answer's grade)
    article_id: str


def _said_already(words: frozenset[str], said: frozenset[str]) -> bool:
    """Whether most of a sentence's words are already in the lead (one way: a short lead line
    inside a longer sentence does not make the sentence a repeat)."""
    return bool(words) and len(words & said) / len(words) >= SAID_IN_LEAD_SHARE


class ExtractiveComposer:
    def __init__(
        self,
        index: SearchIndex,
        articles: Mapping[str, Article],
        article_url: Callable[..., str],
        min_similarity: float,
        max_sentences: int = 3,
        ranker: AnswerRanker | None = None,
    ) -> None:
        self.index = index
        self.articles = articles
        self.article_url = article_url
        self.min_similarity = min_similarity
        self.max_sentences = max_sentences
        self.ranker = ranker

    def run(
        self,
        query: str,
        query_vector: np.ndarray,
        passages: list[RetrievedPassage],
        lead: tuple[LeadSentence, ...] = (),
        explain_further: bool = True,
        avoid: Callable[[str], bool] | None = None,
        ranking_query: str | None = None,
    ) -> ComposedAnswer:
        """Cited sentences from the best passages, after any `lead` sentences about the record.

        `explain_further=False` keeps the answer to the lead (a result the patient wants
        their clinician to review first is shown, not explained); sentences for which
        `avoid` is true are not quoted. `ranking_query` is the question as the rankers saw it
        (spelling mended, lay terms named): its words are the ones sentences are matched on.
        """
        confidence = max((p.dense_score for p in passages), default=0.0)
        chosen: list[_Candidate] = []
        if explain_further and confidence >= self.min_similarity:
            # Sentences about the patient's own result come first and take room from the
            # explanation, up to two sentences' worth: a one-line "I don't see a result"
            # should not halve the answer to a general question.
            limit = max(1, self.max_sentences - min(sum(not sentence.closes for sentence in lead), 2))
            max_words = MAX_ANSWER_WORDS
            if asks_in(query) > 1:
                limit, max_words = limit + EXTRA_ASK_SENTENCES, max_words + EXTRA_ASK_WORDS
            lead_text = " ".join(sentence.text for sentence in lead)
            if text_counts(lead_text)[0] > MAX_ANSWER_WORDS:
                # Guidance for two genes (warfarin) is already long; keep the explanation brief.
                limit = min(limit, AFTER_LONG_LEAD_SENTENCES)
            # A sentence that says little the lead has not said ("A level of 150 to 199 mg/dL is
            # borderline high" after the patient's own range note) takes room from new facts.
            said = frozenset().union(*(content_words(sentence.text) for sentence in lead))
            candidates = [c for c in self._candidates(query, query_vector, passages, ranking_query or query)
                          if not (avoid and avoid(c.text)) and not _said_already(c.words, said)]
            chosen = self._choose(candidates, limit, lead_text, max_words, self._best_for_each_ask(query, candidates))
        if not chosen and not lead:
            return ComposedAnswer(LOW_CONFIDENCE_ANSWER, (), confidence, confident=False)
        return self._render(lead, chosen, confidence)

    def _candidates(
        self, query: str, query_vector: np.ndarray, passages: list[RetrievedPassage], ranking_query: str
    ) -> list[_Candidate]:
        wants_numbers = bool(_NUMERIC_QUESTION.search(query.lower()))
        numbers = question_numbers(query)
        shape = question_shape(query)
        chunk_position = {chunk.chunk_id: i for i, chunk in enumerate(self.index.chunks)}
        # BM25's first passage stays even when its dense score is low: a rare term the
        # embedding model does not know ("phenoconversion") is matched only by words.
        relevant = [
            p for p in passages if p.dense_score >= self.min_similarity or p.bm25_rank == 0
        ][:PASSAGES_CONSIDERED]
        rows = [
            (passage_rank, passage, position, row)
            for passage_rank, passage in enumerate(relevant)
            for position, row in enumerate(self.index.sentence_rows_by_chunk.get(chunk_position[passage.chunk.chunk_id], []))
        ]
        texts = [self.index.sentence_records[row].text for *_, row in rows]
        tokens = [frozenset(tokenize(text)) for text in texts]
        weights = question_word_weights(set(tokenize(ranking_query)), tokens)
        learnt = self.ranker.similarities(ranking_query, texts) if self.ranker else np.zeros(len(texts))
        candidates: list[_Candidate] = []
        for (passage_rank, passage, position, row), text, words, answers in zip(rows, texts, tokens, learnt):
            if not stands_alone(text):
                continue  # "Doctors sort kidney disease into five stages:" with no stages after it says nothing
            overlap = covered(weights, words)
            vector = self.index.sentence_vectors[row]
            # Semantic fit (the sentence is embedded with its article's title and neighbours) dominates;
            # the question's rarer words and passage rank break ties toward sentences that
            # use the patient's own words from the best passage; a question about levels or
            # ranges favours sentences that give numbers, most of all a range that holds the
            # patient's own number; a long, hard sentence loses a little so the answer stays
            # easy to read. The fine-tuned ranker, where one is trained, adds what it learnt
            # about which sentence answers which kind of ask.
            counts = text_counts(text)
            score = (
                float(vector @ query_vector)
                + RANKER_WEIGHT * float(answers)
                + OVERLAP_WEIGHT * overlap
                - PASSAGE_RANK_PENALTY * passage_rank
                + (NUMBER_BONUS if wants_numbers and _NUMBER.search(text) else 0.0)
                + (HELD_NUMBER_BONUS if holds_number(text, numbers) else 0.0)
                + (ANSWER_TYPE_BONUS if shape.fits(text) else 0.0)
                - (OPPOSITE_LEVEL_PENALTY if shape.about_other_level(text) else 0.0)
                - HARD_SENTENCE_PENALTY * max(0.0, grade_from_counts(*counts) - MAX_SENTENCE_GRADE) / 4
            )
            candidates.append(_Candidate(passage_rank, position, text, score, content_words(text), counts, passage.chunk.article_id))
        return candidates

    def _best_for_each_ask(self, query: str, candidates: list[_Candidate]) -> tuple[_Candidate, ...]:
        """For a question that asks two or more things, the sentence that best answers each ask.

        The ranker compares each ask on its own with the candidates, added to their score for the
        whole question: without a place kept for it, the second ask's answer ("could the result
        just be wrong?") loses to more sentences about the first.
        """
        asks = ask_parts(query)
        if len(asks) < 2 or self.ranker is None or not candidates:
            return ()
        texts = [candidate.text for candidate in candidates]
        scores = np.array([candidate.score for candidate in candidates])
        best = [candidates[int(np.argmax(scores + self.ranker.similarities(ask, texts)))] for ask in asks]
        return tuple(dict.fromkeys(best))

    def _choose(
        self, candidates: list[_Candidate], limit: int, lead_text: str = "", max_words: int = MAX_ANSWER_WORDS,
        required: tuple[_Candidate, ...] = (),
    ) -> list[_Candidate]:
        """The best set of up to `limit` sentences among the top-scoring ones.

        A set is worth the sum of its sentences' scores, less a penalty for each grade the
        whole answer (with any lead sentences) reads above grade 8. The best-scoring
        sentence is always kept: trading it for easier reading drops the very sentence that
        answers the question. Sets over the word budget or with near-duplicate sentences are
        not considered; more sentences win over fewer when any set of that size is allowed.
        Among sets of one size, those holding every `required` sentence (each ask's best)
        win when there are any.
        """
        top = sorted(candidates, key=lambda c: -c.score)[:SENTENCES_COMPARED]
        top += [c for c in required if c not in top]
        lead_counts = text_counts(lead_text) if lead_text.strip() else (0, 0, 0)
        for size in range(min(limit, len(top)), 0, -1):
            best: dict[bool, tuple[float, tuple[_Candidate, ...]]] = {}
            for rest in itertools.combinations(top[1:], size - 1):
                combination = (top[0], *rest)
                if size > 1 and sum(c.counts[0] for c in combination) > max_words:
                    continue
                if any(repeats(a.words, b.words) for a, b in itertools.combinations(combination, 2)):
                    continue
                grade = grade_from_counts(*(sum(part) for part in zip(lead_counts, *(c.counts for c in combination))))
                value = sum(c.score for c in combination) - GRADE_PENALTY * max(0.0, grade - TARGET_ANSWER_GRADE)
                complete = all(c in combination for c in required)
                if complete not in best or value > best[complete][0]:
                    best[complete] = (value, combination)
            if best:
                return sorted(best.get(True, best.get(False))[1], key=lambda c: (c.passage_rank, c.position))
        return []

    def _render(self, lead: tuple[LeadSentence, ...], chosen: list[_Candidate], confidence: float) -> ComposedAnswer:
        numbers: dict[str, int] = {}
        extra: dict[str, list[Source]] = {}
        parts: list[str] = []

        def say(sentence: LeadSentence) -> None:
            if sentence.article_id is None or sentence.article_id not in self.articles:
                parts.append(sentence.text)
                return
            n = numbers.setdefault(sentence.article_id, len(numbers) + 1)
            extra.setdefault(sentence.article_id, []).extend(sentence.extra_sources)
            parts.append(f"{sentence.text} [{n}]")

        for sentence in lead:
            if not sentence.closes:
                say(sentence)
        for candidate in chosen:
            n = numbers.setdefault(candidate.article_id, len(numbers) + 1)
            parts.append(f"{candidate.text} [{n}]")
        for sentence in lead:
            if sentence.closes:
                say(sentence)
        citations = tuple(self._citation(article_id, n, extra.get(article_id, [])) for article_id, n in numbers.items())
        text = " ".join(parts) + "\n\n" + CLOSING_LINE
        return ComposedAnswer(text, citations, confidence, confident=True)

    def _citation(self, article_id: str, n: int, extra_sources: list[Source]) -> Citation:
        article = self.articles[article_id]
        sources = list(article.sources)
        for source in extra_sources:
            if source.url not in {existing.url for existing in sources}:
                sources.append(source)
        return Citation(
            n=n,
            article_id=article_id,
            article_version=article.version,
            title=article.title,
            url=self.article_url(article_id, article.version),
            sources=tuple(sources),
        )
