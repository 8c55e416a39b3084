"""Compose a short answer from knowledge-base sentences, without a language model.

Every sentence in an answer is quoted from a vetted article and carries the number
of its citation, so nothing is said that a source does not say.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from assistant.retrieval.index import SearchIndex
from assistant.retrieval.loader import Article
from assistant.retrieval.text import tokenize
from assistant.types import Citation, RetrievedPassage

LOW_CONFIDENCE_ANSWER = (
    "I could not find a clear answer to that in Tailor's library, so I will not guess. "
    "You can ask your care team with the \"Ask my care team\" button, "
    "or try asking in a different way."
)
CLOSING_LINE = "This is general information. Your care team can tell you what it means for you."

MAX_ANSWER_WORDS = 90
NEAR_DUPLICATE_COSINE = 0.85
PASSAGES_CONSIDERED = 3


@dataclass(frozen=True)
class ComposedAnswer:
    text: str
    citations: tuple[Citation, ...]
    confidence: float
    confident: bool


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
        self, query: str, query_vector: np.ndarray, passages: list[RetrievedPassage]
    ) -> ComposedAnswer:
        confidence = max((p.dense_score for p in passages), default=0.0)
        if confidence < self.min_similarity:
            return ComposedAnswer(LOW_CONFIDENCE_ANSWER, (), confidence, confident=False)
        chosen = self._choose(self._candidates(query, query_vector, passages))
        if not chosen:
            return ComposedAnswer(LOW_CONFIDENCE_ANSWER, (), confidence, confident=False)
        return self._render(chosen, confidence)

    def _candidates(
        self, query: str, query_vector: np.ndarray, passages: list[RetrievedPassage]
    ) -> list[_Candidate]:
        query_tokens = set(tokenize(query))
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
                # sentences that use the patient's own words from the best passage.
                score = float(vector @ query_vector) + 0.2 * overlap - 0.03 * passage_rank
                candidates.append(
                    _Candidate(passage_rank, position, text, score, vector, passage.chunk.article_id)
                )
        return candidates

    def _choose(self, candidates: list[_Candidate]) -> list[_Candidate]:
        chosen: list[_Candidate] = []
        words = 0
        for candidate in sorted(candidates, key=lambda c: -c.score):
            if len(chosen) == self.max_sentences:
                break
            length = len(candidate.text.split())
            if chosen and words + length > MAX_ANSWER_WORDS:
                continue
            if any(float(candidate.vector @ c.vector) > NEAR_DUPLICATE_COSINE for c in chosen):
                continue
            chosen.append(candidate)
            words += length
        return sorted(chosen, key=lambda c: (c.passage_rank, c.position))

    def _render(self, chosen: list[_Candidate], confidence: float) -> ComposedAnswer:
        numbers: dict[str, int] = {}
        parts: list[str] = []
        for candidate in chosen:
            n = numbers.setdefault(candidate.article_id, len(numbers) + 1)
            parts.append(f"{candidate.text} [{n}]")
        citations = tuple(
            Citation(
                n=n,
                article_id=article_id,
                article_version=self.articles[article_id].version,
                title=self.articles[article_id].title,
                url=self.article_url(article_id),
                sources=self.articles[article_id].sources,
            )
            for article_id, n in numbers.items()
        )
        text = " ".join(parts) + "\n\n" + CLOSING_LINE
        return ComposedAnswer(text, citations, confidence, confident=True)
