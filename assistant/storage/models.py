"""Every table Tailor stores. Text columns hold de-identified text only.

Timestamps are UTC. SQLite returns them naive, so read them through `as_utc`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _timestamp(**kwargs) -> Field:  # type: ignore[valid-type]
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), **kwargs)


class Patient(SQLModel, table=True):
    """A Tailor patient. `pseudonym` is what staff screens show; identity stays here.

    `display_name` and `fhir_id` come from an imported FHIR Patient and are read by
    nothing that feeds retrieval, answers or logs.
    """

    id: str = Field(primary_key=True, max_length=64)
    pseudonym: str = Field(unique=True, max_length=32)
    fhir_id: str | None = Field(default=None, max_length=128)
    display_name: str | None = Field(default=None, max_length=200)
    sex: str | None = Field(default=None, max_length=16)  # FHIR administrative gender
    birth_date: date | None = None
    created_at: datetime = _timestamp()


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=16)
    patient_id: str | None = Field(default=None, foreign_key="patient.id")
    failed_logins: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # Set when the clinic's identity provider (OIDC) vouches for this account: "issuer|subject".
    external_subject: str | None = Field(default=None, unique=True, max_length=255)
    created_at: datetime = _timestamp()


class Conversation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    started_at: datetime = _timestamp()


class Message(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    author: str = Field(max_length=16)  # patient | assistant | staff
    text_deidentified: str = Field(sa_column=Column(Text, nullable=False))
    triage_level: str | None = Field(default=None, max_length=16)
    confidence: float | None = None
    reason: str | None = Field(default=None, max_length=64)
    created_at: datetime = _timestamp()


class Citation(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("message_id", "n"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    n: int
    article_id: str = Field(max_length=128)
    article_version: int
    title: str = Field(max_length=255)
    url: str = Field(max_length=512)
    sources_json: str = Field(sa_column=Column(Text, nullable=False))


class Escalation(SQLModel, table=True):
    """A conversation handed to the care team; moves open → claimed → answered → closed.

    `version` increases on every transition; updates are conditional on it, so two
    staff claiming at once cannot both win (see storage.escalations.transition).
    """

    id: int | None = Field(default=None, primary_key=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")
    reason: str = Field(max_length=32)
    reason_codes: str = Field(default="", max_length=255)  # triage codes, e.g. "chest_pain"
    priority: int = Field(index=True)
    state: str = Field(default="open", max_length=16, index=True)
    version: int = Field(default=1)
    transcript_deidentified: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _timestamp(index=True)
    claimed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    claimed_by: int | None = Field(default=None, foreign_key="user.id")
    answered_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    closed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    cancelled_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    lab_result_id: int | None = Field(default=None, foreign_key="labresult.id")  # critical values


class LabResult(SQLModel, table=True):
    """One result value (an Observation, or one component of it), keyed by its source id."""

    __table_args__ = (UniqueConstraint("patient_id", "source_id"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    source_id: str = Field(max_length=160)  # FHIR Observation id, "#component-code" for components
    loinc: str = Field(max_length=16, index=True)
    display: str = Field(max_length=255)
    category: str = Field(max_length=32)  # laboratory | vital-signs
    result_category: str = Field(default="lab", max_length=32)  # for review holds: lab | cancer_marker | genetic
    status: str = Field(max_length=16)
    value: float | None = None
    value_text: str | None = Field(default=None, max_length=255)
    unit: str | None = Field(default=None, max_length=32)
    reference_low: float | None = None
    reference_high: float | None = None
    reference_unit: str | None = Field(default=None, max_length=32)
    interpretation: str | None = Field(default=None, max_length=16)
    report_source_id: str | None = Field(default=None, max_length=128)
    effective_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    content_hash: str = Field(max_length=64)
    imported_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()
    reviewed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    reviewed_by: int | None = Field(default=None, foreign_key="user.id")


class LabReport(SQLModel, table=True):
    """A DiagnosticReport grouping results (a panel)."""

    __table_args__ = (UniqueConstraint("patient_id", "source_id"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    source_id: str = Field(max_length=128)
    code: str | None = Field(default=None, max_length=32)
    display: str = Field(max_length=255)
    status: str = Field(max_length=16)
    effective_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    result_source_ids: str = Field(sa_column=Column(Text, nullable=False))  # JSON list
    content_hash: str = Field(max_length=64)


class GeneticResult(SQLModel, table=True):
    """One pharmacogenomic gene result of a patient; never shown as normal unless called."""

    __table_args__ = (UniqueConstraint("patient_id", "gene"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    gene: str = Field(max_length=16)
    diplotype: str | None = Field(default=None, max_length=64)
    phenotype: str | None = Field(default=None, max_length=64)
    activity_score: str | None = Field(default=None, max_length=16)
    status: str = Field(max_length=16)  # called | not_called | not_tested
    reason: str | None = Field(default=None, sa_column=Column(Text))
    source: str = Field(max_length=64)  # vcf | outside_call | report
    content_hash: str = Field(max_length=64)
    imported_at: datetime = _timestamp()
    reviewed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    reviewed_by: int | None = Field(default=None, foreign_key="user.id")


class ReviewPreference(SQLModel, table=True):
    """A patient's own choice to wait for clinician review before Tailor explains a category."""

    __table_args__ = (UniqueConstraint("patient_id", "result_category"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    result_category: str = Field(max_length=32)
    wait_for_review: bool = False
    updated_at: datetime = _timestamp()


class AuditEvent(SQLModel, table=True):
    """Who did what to which record. Never message text, never PHI.

    Append-only: database triggers refuse UPDATE and DELETE, and each row carries the
    SHA-256 of its content and its predecessor's hash, so `tailor audit verify` can
    show that nothing was changed, removed or slipped in (see storage.audit).
    """

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _timestamp(index=True)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id")
    action: str = Field(max_length=64, index=True)
    record_type: str | None = Field(default=None, max_length=32)
    record_id: str | None = Field(default=None, max_length=64)
    outcome: str = Field(default="ok", max_length=16)
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)


class UserSession(SQLModel, table=True):
    """A server-side login session. Only the SHA-256 of its token is stored.

    Ends after `idle` without activity or `absolute` after login, whatever the browser
    keeps; `ended_at`/`end_reason` record logout, logout-everywhere or expiry.
    """

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = _timestamp()
    last_seen_at: datetime = _timestamp()
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    ended_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    end_reason: str | None = Field(default=None, max_length=16)


class ConsentRecord(SQLModel, table=True):
    """A patient's acceptance of one version of the disclosure shown at first login."""

    __table_args__ = (UniqueConstraint("user_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    version: str = Field(max_length=16)
    accepted_at: datetime = _timestamp()


class PendingAnswer(SQLModel, table=True):
    """An answer on an approval topic, held until staff approve, edit or replace it.

    The patient's conversation holds a "being reviewed" message (`message_id`) until
    then; the decision rewrites that message. `version` increases on every decision
    and updates are conditional on it (see storage.approvals.decide).
    """

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", unique=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    topics: str = Field(max_length=255)  # comma-separated topic names
    question_deidentified: str = Field(sa_column=Column(Text, nullable=False))
    answer_deidentified: str = Field(sa_column=Column(Text, nullable=False))
    citations_json: str = Field(sa_column=Column(Text, nullable=False))
    answer_reason: str = Field(max_length=64)  # the pipeline's reason, restored on release
    confidence: float | None = None
    state: str = Field(default="pending", max_length=16, index=True)  # pending | approved | edited | replaced
    version: int = Field(default=1)
    created_at: datetime = _timestamp(index=True)
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    decided_by: int | None = Field(default=None, foreign_key="user.id")


class AnswerFeedback(SQLModel, table=True):
    """A patient's rating of one of their own answers; rating again replaces it."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", unique=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    helpful: bool
    reason: str | None = Field(default=None, max_length=32)  # one of feedback.REASONS
    comment_deidentified: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp(index=True)


# --- editorial: article versions, reviews (issue 8) ---------------------------------


class KnowledgeArticle(SQLModel, table=True):
    """One knowledge-base article and which of its versions is live.

    `status`: draft (never published) | published | retired. Retired articles are out
    of retrieval; their versions are kept so old answers can still be traced.
    """

    __tablename__ = "kb_article"

    id: str = Field(primary_key=True, max_length=128)
    status: str = Field(default="draft", max_length=16, index=True)
    published_version: int | None = None
    # Bumped by every change; updates are conditional on it (optimistic locking).
    revision: int = 0
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()
    retired_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    retired_by: int | None = Field(default=None, foreign_key="user.id")


class KnowledgeArticleVersion(SQLModel, table=True):
    """An immutable saved version of an article: its front matter and markdown body.

    `state`: pending (awaiting review) | published (live now) | superseded (was live, or
    a newer version was saved before review) | rejected.
    """

    __tablename__ = "kb_article_version"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: str = Field(foreign_key="kb_article.id", index=True, max_length=128)
    number: int
    title: str = Field(max_length=200)
    summary: str = Field(max_length=400)
    sources_json: str = Field(sa_column=Column(Text, nullable=False))
    tags_json: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    reviewed_by: str = Field(max_length=200)
    reviewed_on: date
    origin: str = Field(max_length=16)  # seed | edit | import | rollback
    based_on: int | None = None  # the version number this one was edited from or restores
    author_user_id: int | None = Field(default=None, foreign_key="user.id")
    state: str = Field(default="pending", max_length=16)
    content_hash: str = Field(max_length=64)
    created_at: datetime = _timestamp()
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class KnowledgeReview(SQLModel, table=True):
    """A second person's decision on a version, with the publish gate's verdict.

    `gate_json` holds counts and evaluation-question ids only; `override_reason` is the
    reviewer's justification for publishing despite a regression.
    """

    __tablename__ = "kb_review"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="kb_article_version.id", index=True)
    reviewer_user_id: int = Field(foreign_key="user.id")
    decision: str = Field(max_length=16)  # approved | rejected
    regressions: int = 0
    override_reason: str | None = Field(default=None, sa_column=Column(Text))
    gate_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    created_at: datetime = _timestamp()
