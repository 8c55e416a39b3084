"""Compose a short answer from knowledge-base sentences, without a language model.

Every sentence in an answer is quoted from a vetted article and carries the number
of its citation, so nothing is said that a source does not say.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import re
from dataclasses import dataclass

import numpy as np

from assistant.readability import flesch_kincaid_grade

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

MAX_ANSWER_WORDS = 90
OVERLAP_WEIGHT = 0.3
NUMBER_BONUS = 0.08
HARD_SENTENCE_PENALTY = 0.1
MAX_SENTENCE_GRADE = 9.0
_NUMBER = re.compile(r"\d")
_NUMERIC_QUESTION = re.compile(
    r"\b(?:range|normal|level|number|how (?:high|low|much|many|often)|what (?:is|counts as) (?:a )?(?:good|high|low|normal)|"
    r"cut-?off|percent|%|stage|score|value)\b"
)
NEAR_DUPLICATE_COSINE = 0.85
PASSAGES_CONSIDERED = 3


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


@dataclass(frozen=True)
class _Candidate:
    passage_rank: int
    position: int
    text: str
    score: float
    vector: np.ndarray
    article_id: str


class ExtractiveComposer:
    def __init__(
        self,
        index: SearchIndex,
        articles: Mapping[str, Article],
        article_url: Callable[[str], str],
        min_similarity: float,
        max_sentences: int = 3,
    ) -> None:
        self.index = index
        self.articles = articles
        self.article_url = article_url
        self.min_similarity = min_similarity
        self.max_sentences = max_sentences

    def run(
        self,
        query: str,
        query_vector: np.ndarray,
        passages: list[RetrievedPassage],
        lead: tuple[LeadSentence, ...] = (),
        explain_further: bool = True,
    ) -> ComposedAnswer:
        """Cited sentences from the best passages, after any `lead` sentences about the record.

        `explain_further=False` keeps the answer to the lead (a result the patient wants
        their clinician to review first is shown, not explained).
        """
        confidence = max((p.dense_score for p in passages), default=0.0)
        chosen: list[_Candidate] = []
        if explain_further and confidence >= self.min_similarity:
            # Sentences about the patient's own result come first; keep the whole answer short.
            limit = max(1, self.max_sentences - 1) if lead else self.max_sentences
            chosen = self._choose(self._candidates(query, query_vector, passages), limit)
        if not chosen and not lead:
            return ComposedAnswer(LOW_CONFIDENCE_ANSWER, (), confidence, confident=False)
        return self._render(lead, chosen, confidence)

    def _candidates(
        self, query: str, query_vector: np.ndarray, passages: list[RetrievedPassage]
    ) -> list[_Candidate]:
        query_tokens = set(tokenize(query))
        wants_numbers = bool(_NUMERIC_QUESTION.search(query.lower()))
        chunk_position = {chunk.chunk_id: i for i, chunk in enumerate(self.index.chunks)}
        candidates: list[_Candidate] = []
        relevant = [p for p in passages if p.dense_score >= self.min_similarity][:PASSAGES_CONSIDERED]
        for passage_rank, passage in enumerate(relevant):
            rows = self.index.sentence_rows_by_chunk.get(chunk_position[passage.chunk.chunk_id], [])
            for position, row in enumerate(rows):
                text = self.index.sentence_records[row].text
                vector = self.index.sentence_vectors[row]
                overlap = len(query_tokens & set(tokenize(text))) / max(1, len(query_tokens))
                # Semantic fit dominates; word overlap and passage rank break ties toward
                # sentences that use the patient's own words from the best passage; a
                # question about levels or ranges favours sentences that give the numbers;
                # long, hard sentences lose a little so the answer stays easy to read.
                score = (
                    float(vector @ query_vector)
                    + OVERLAP_WEIGHT * overlap
                    - 0.03 * passage_rank
                    + (NUMBER_BONUS if wants_numbers and _NUMBER.search(text) else 0.0)
                    - HARD_SENTENCE_PENALTY * max(0.0, flesch_kincaid_grade(text) - MAX_SENTENCE_GRADE) / 4
                )
                candidates.append(
                    _Candidate(passage_rank, position, text, score, vector, passage.chunk.article_id)
                )
        return candidates

    def _choose(self, candidates: list[_Candidate], limit: int) -> list[_Candidate]:
        chosen: list[_Candidate] = []
        words = 0
        for candidate in sorted(candidates, key=lambda c: -c.score):
            if len(chosen) == limit:
                break
            length = len(candidate.text.split())
            if chosen and words + length > MAX_ANSWER_WORDS:
                continue
            if any(float(candidate.vector @ c.vector) > NEAR_DUPLICATE_COSINE for c in chosen):
                continue
            chosen.append(candidate)
            words += length
        return sorted(chosen, key=lambda c: (c.passage_rank, c.position))

    def _render(self, lead: tuple[LeadSentence, ...], chosen: list[_Candidate], confidence: float) -> ComposedAnswer:
        numbers: dict[str, int] = {}
        extra: dict[str, list[Source]] = {}
        parts: list[str] = []
        for sentence in lead:
            if sentence.article_id is None or sentence.article_id not in self.articles:
                parts.append(sentence.text)
                continue
            n = numbers.setdefault(sentence.article_id, len(numbers) + 1)
            extra.setdefault(sentence.article_id, []).extend(sentence.extra_sources)
            parts.append(f"{sentence.text} [{n}]")
        for candidate in chosen:
            n = numbers.setdefault(candidate.article_id, len(numbers) + 1)
            parts.append(f"{candidate.text} [{n}]")
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
            url=self.article_url(article_id),
            sources=tuple(sources),
        )
