"""Hybrid search: BM25 and dense rankings fused with reciprocal-rank fusion (RRF).

RRF needs no score calibration between the two rankers, which matters because BM25
scores are unbounded and dense cosines are not comparable across queries.
"""

from __future__ import annotations

import re

import bm25s
import numpy as np

from assistant.errors import SearchIndexError
from assistant.retrieval.embedder import Embedder
from assistant.retrieval.index import SearchIndex
from assistant.retrieval.query import QueryRewriter
from assistant.retrieval.text import strip_placeholders, tokenize
from assistant.types import RetrievedPassage

DENSE_CANDIDATES = 50
_WORDS = re.compile(r"[a-z][a-z0-9'-]*")


class HybridRetriever:
    def __init__(self, index: SearchIndex, embedder: Embedder, rrf_k: int = 60, rewrite: bool = True) -> None:
        if index.manifest.model != embedder.model_name:
            # Vectors of two models live in different spaces: comparing them ranks at random.
            raise SearchIndexError(
                f"search index was built with {index.manifest.model}, not {embedder.model_name}; run `tailor index`"
            )
        self.index = index
        self.embedder = embedder
        self.rrf_k = rrf_k
        self._bm25 = bm25s.BM25()
        texts = [f"{chunk.article_title} {chunk.heading} {chunk.text}" for chunk in index.chunks]
        self._bm25.index([tokenize(text) for text in texts], show_progress=False)
        vocabulary = {word for text in texts for word in _WORDS.findall(text.lower())}
        self.rewriter = QueryRewriter(vocabulary) if rewrite else None

    def rewrite(self, query: str) -> str:
        """The query as ranking sees it: placeholders out, lay terms named, typos mended."""
        if self.rewriter is None:
            return strip_placeholders(query).strip() or query
        return self.rewriter.run(query) or query

    def embed_query(self, query: str) -> np.ndarray:
        return self.embedder.run([self.rewrite(query)])[0]

    def rankings(self, query: str, query_vector: np.ndarray | None = None) -> tuple[list[int], list[int]]:
        """Chunk positions best first: (dense order, BM25 order). For evaluating each ranker alone."""
        dense_rank, _, _, bm25_rank = self._rank(query, query_vector)
        return sorted(dense_rank, key=dense_rank.get), sorted(bm25_rank, key=bm25_rank.get)

    def _rank(self, query: str, query_vector: np.ndarray | None):
        if query_vector is None:
            query_vector = self.embed_query(query)
        chunk_count = len(self.index.chunks)
        dense_scores, dense_ids = self.index.chunk_index.search(
            query_vector.reshape(1, -1), min(DENSE_CANDIDATES, chunk_count)
        )
        dense_rank = {int(i): rank for rank, i in enumerate(dense_ids[0]) if i >= 0}
        dense_score = {int(i): float(s) for i, s in zip(dense_ids[0], dense_scores[0]) if i >= 0}
        query_tokens = tokenize(self.rewrite(query))
        bm25_scores = (
            np.asarray(self._bm25.get_scores(query_tokens)) if query_tokens else np.zeros(chunk_count)
        )
        bm25_order = [int(i) for i in np.argsort(-bm25_scores, kind="stable") if bm25_scores[i] > 0]
        bm25_rank = {i: rank for rank, i in enumerate(bm25_order)}
        return dense_rank, dense_score, bm25_scores, bm25_rank

    def run(
        self, query: str, top_k: int = 5, query_vector: np.ndarray | None = None
    ) -> list[RetrievedPassage]:
        """Top `top_k` passages for a (de-identified) query, best first."""
        if query_vector is None:
            query_vector = self.embed_query(query)
        dense_rank, dense_score, bm25_scores, bm25_rank = self._rank(query, query_vector)
        fused: dict[int, float] = {}
        for ranking in (dense_rank, bm25_rank):
            for i, rank in ranking.items():
                fused[i] = fused.get(i, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:top_k]
        vectors = self.index.chunk_vectors() if any(i not in dense_score for i in best) else None
        return [
            RetrievedPassage(
                chunk=self.index.chunks[i],
                fused_score=fused[i],
                dense_score=dense_score[i] if i in dense_score else float(vectors[i] @ query_vector),
                bm25_score=float(bm25_scores[i]),
                dense_rank=dense_rank.get(i),
                bm25_rank=bm25_rank.get(i),
            )
            for i in best
        ]
