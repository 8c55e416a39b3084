"""The publish gate: the answer evaluation set, before and after an article changes.

Every question of the set goes through the real pipeline (de-identify → triage →
retrieve → compose, without a patient) twice: on the live index and on a candidate
index that holds the new version. An answer that loses a key fact, loses its citation
of a right article, stops routing or declining as it should, or starts giving advice
is a regression, and a regression blocks publishing unless a reviewer overrides it.

De-identification and query embeddings do not depend on the index, so both runs share
them through small caches; a run over ~200 questions then costs about one search and
one composition per question.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from assistant.answer_scoring import MAX_GRADE, RowScore, score
from assistant.pipeline import AnswerPipeline


class CachingDeidentifier:
    """The pipeline's de-identifier, remembering results for questions asked without pseudonyms."""

    def __init__(self, deidentifier) -> None:
        self._deidentifier = deidentifier
        self._results: dict[str, object] = {}

    def warm_up(self) -> None:
        self._deidentifier.warm_up()

    def run(self, text: str, pseudonyms=None):
        if pseudonyms is not None:
            return self._deidentifier.run(text, pseudonyms)
        if text not in self._results:
            self._results[text] = self._deidentifier.run(text)
        return self._results[text]


class CachingEmbedder:
    """An embedder that remembers the vector of every text it was asked for."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self.model_name = embedder.model_name
        self._vectors: dict[str, np.ndarray] = {}

    @property
    def dimension(self) -> int:
        return self._embedder.dimension

    def warm_up(self) -> None:
        self._embedder.warm_up()

    def run(self, texts: list[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            for text, vector in zip(missing, self._embedder.run(missing)):
                self._vectors[text] = vector
        return np.stack([self._vectors[text] for text in texts]) if texts else self._embedder.run([])


@dataclass(frozen=True)
class AnswerChange:
    """One question whose answer differs between the live and the candidate index."""

    question_id: str
    question: str
    kind: str
    before: str
    after: str
    lost_facts: tuple[str, ...]  # key-fact patterns found before and not after
    lost_citations: tuple[str, ...]  # right articles cited before and not after
    broken: str | None  # "routing" | "decline" | "advice" when that behaviour broke
    grade_before: float | None
    grade_after: float | None

    @property
    def regression(self) -> bool:
        return bool(self.lost_facts or self.lost_citations or self.broken)


@dataclass(frozen=True)
class GateReport:
    questions: int
    changes: tuple[AnswerChange, ...]
    grade_ok_before: float  # share of content answers at or below grade 8
    grade_ok_after: float
    seconds: float

    @property
    def regressions(self) -> tuple[AnswerChange, ...]:
        return tuple(change for change in self.changes if change.regression)

    @property
    def passed(self) -> bool:
        return not self.regressions

    def summary(self) -> dict:
        """Counts and question ids only (stored with the review; no answer text)."""
        return {
            "questions": self.questions,
            "changed": [change.question_id for change in self.changes],
            "regressions": [change.question_id for change in self.regressions],
            "grade_ok_before": self.grade_ok_before,
            "grade_ok_after": self.grade_ok_after,
        }


def run_set(pipeline: AnswerPipeline, rows: list[dict]) -> dict[str, RowScore]:
    return {row["id"]: score(row, pipeline.run(row["question"]).answer) for row in rows}


def compare(rows: list[dict], before: dict[str, RowScore], after: dict[str, RowScore], seconds: float) -> GateReport:
    changes: list[AnswerChange] = []
    for row in rows:
        old, new = before[row["id"]], after[row["id"]]
        if old.answer == new.answer and old.cited_articles == new.cited_articles:
            continue
        lost_facts = tuple(
            pattern for pattern, was, now in zip(row.get("key_facts", ()), old.facts_found, new.facts_found)
            if was and not now
        )
        right = set(row.get("article_ids", ()))
        lost_citations = tuple(sorted((set(old.cited_articles) & right) - set(new.cited_articles)))
        if row["kind"] == "content" and old.cited_articles and not new.cited_articles:
            lost_citations = lost_citations or old.cited_articles
        broken = None
        if new.advice and not old.advice:
            broken = "advice"
        elif row["kind"] == "route" and old.ok and not new.ok:
            broken = "routing"
        elif row["kind"] == "decline" and old.ok and not new.ok:
            broken = "decline"
        changes.append(AnswerChange(
            row["id"], row["question"], row["kind"], old.answer, new.answer, lost_facts, lost_citations,
            broken, old.grade, new.grade,
        ))
    return GateReport(len(rows), tuple(changes), _grade_ok(before), _grade_ok(after), round(seconds, 2))


def _grade_ok(scores: dict[str, RowScore]) -> float:
    grades = [s.grade for s in scores.values() if s.grade is not None]
    return round(sum(grade <= MAX_GRADE for grade in grades) / max(1, len(grades)), 3)


class PublishGate:
    """Runs the evaluation set on the live and candidate pipelines; the live run is reused."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows
        self._deidentifier: CachingDeidentifier | None = None
        self._embedder: CachingEmbedder | None = None
        self._baseline: tuple[str, dict[str, RowScore]] | None = None

    def caching(self, deidentifier, embedder) -> tuple[CachingDeidentifier, CachingEmbedder]:
        """The shared caches wrapped around the live pipeline's models."""
        if self._deidentifier is None:
            self._deidentifier, self._embedder = CachingDeidentifier(deidentifier), CachingEmbedder(embedder)
        return self._deidentifier, self._embedder

    def run(self, live: AnswerPipeline, live_key: str, candidate: AnswerPipeline) -> GateReport:
        started = time.perf_counter()
        if self._baseline is None or self._baseline[0] != live_key:
            self._baseline = (live_key, run_set(live, self.rows))
        after = run_set(candidate, self.rows)
        return compare(self.rows, self._baseline[1], after, time.perf_counter() - started)
