"""Value types shared across layers. Plain frozen dataclasses: no behaviour, no I/O."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Role(StrEnum):
    PATIENT = "patient"
    STAFF = "staff"
    EDITOR = "editor"
    ADMIN = "admin"


class TriageLevel(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    MEDICATION = "medication"
    ROUTINE = "routine"


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Chunk:
    """A heading-bounded passage of one article version; the unit of retrieval."""

    chunk_id: str
    article_id: str
    article_version: int
    article_title: str
    heading: str
    text: str
    content_hash: str


@dataclass(frozen=True)
class RetrievedPassage:
    chunk: Chunk
    fused_score: float
    dense_score: float
    bm25_score: float
    dense_rank: int | None
    bm25_rank: int | None


@dataclass(frozen=True)
class Citation:
    n: int
    article_id: str
    article_version: int
    title: str
    url: str
    sources: tuple[Source, ...]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["sources"] = [asdict(source) for source in self.sources]
        return data


@dataclass(frozen=True)
class SafetyAssessment:
    level: TriageLevel
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResultUsed:
    loinc: str
    name: str
    value: float | str | None
    unit: str | None
    date: str
    flag: str


@dataclass(frozen=True)
class Answer:
    """What the patient sees, plus why. Holds de-identified text only."""

    answer: str
    citations: tuple[Citation, ...]
    escalate: bool
    reason: str
    question_deidentified: str
    confidence: float
    triage: SafetyAssessment = field(default_factory=lambda: SafetyAssessment(TriageLevel.ROUTINE))
    # The patient's own results the answer used; None when asked without a patient.
    results_used: tuple[ResultUsed, ...] | None = None

    def to_public_dict(self) -> dict:
        """The `tailor ask --json` shape."""
        payload = {
            "answer": self.answer,
            "citations": [
                {key: value for key, value in citation.to_dict().items() if key != "article_version"}
                for citation in self.citations
            ],
            "escalate": self.escalate,
            "reason": self.reason,
            "question_deidentified": self.question_deidentified,
        }
        if self.results_used is not None:
            payload["results_used"] = [asdict(result) for result in self.results_used]
        return payload


@dataclass(frozen=True)
class Principal:
    """An authenticated caller, as the service layer sees it."""

    user_id: int
    username: str
    role: Role
    patient_id: str | None = None
    # The server-side session this caller logged in with; checked on every service call.
    session_token: str | None = field(default=None, repr=False, compare=False)
