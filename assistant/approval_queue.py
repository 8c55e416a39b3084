"""Approval mode in the service layer: hold answers on chosen topics, and staff decisions.

`TailorService` delegates here. A held answer is stored twice over: the patient's
conversation gets a "being reviewed" message, the review queue gets the answer; a
decision (approve, edit, replace) rewrites that message, once (conditional update).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant import roles
from assistant.approval import PENDING_REASON, REVIEWING_TEXT, ApprovalState, check_edited_answer
from assistant.errors import InputError
from assistant.storage import approvals, audit
from assistant.storage.models import as_utc
from assistant.types import Answer, Citation, Principal

MAX_REPLACEMENT_CHARS = 4000


@dataclass(frozen=True)
class HeldAnswer:
    """One queue item as staff see it: de-identified, pseudonymous."""

    id: int
    version: int
    patient_pseudonym: str
    topics: tuple[str, ...]
    question: str
    answer: str
    citations: tuple[Citation, ...]
    confidence: float | None
    state: ApprovalState
    created_at: datetime


def hold(session, message_id: int, patient_id: str, topics: tuple[str, ...], answer: Answer,
         actor_user_id: int | None = None) -> int:
    """Queue `answer` (already stored as the "being reviewed" message `message_id`)."""
    pending = approvals.hold_answer(
        session, message_id, patient_id, topics, answer.question_deidentified, answer.answer,
        answer.citations, answer.reason, answer.confidence)
    audit.record(session, "approval.hold", actor_user_id=actor_user_id, record_type="held_answer",
                 record_id=pending.id)
    return pending.id


def as_held(answer: Answer) -> Answer:
    """What a held answer looks like to the patient (and to `tailor ask --patient`)."""
    return Answer(
        answer=REVIEWING_TEXT, citations=(), escalate=answer.escalate, reason=PENDING_REASON,
        question_deidentified=answer.question_deidentified, confidence=answer.confidence,
        triage=answer.triage, results_used=answer.results_used,
    )


def queue(service, principal: Principal) -> list[HeldAnswer]:
    roles.require(principal, roles.STAFF_ROLES, "review held answers")
    with service.database.session() as session:
        rows = approvals.queue(session)
        audit.record(session, "approval.list", actor_user_id=principal.user_id)
    return [_view(pending, pseudonym) for pending, pseudonym in rows]


def approve(service, principal: Principal, held_id: int, expected_version: int) -> None:
    roles.require(principal, roles.STAFF_ROLES, "approve answers")
    with service.database.session() as session:
        pending = approvals.decide(session, held_id, expected_version, ApprovalState.APPROVED, principal.user_id)
        approvals.release_message(session, pending.message_id, "assistant", pending.answer_deidentified,
                                  pending.answer_reason, approvals.citations_of(pending))
        _audit(session, principal, "approval.approve", held_id)


def edit(service, principal: Principal, held_id: int, expected_version: int, text: str) -> None:
    """Release an edited answer; every sentence must still cite one of the answer's sources."""
    roles.require(principal, roles.STAFF_ROLES, "edit answers")
    with service.database.session() as session:
        pending = approvals.get_pending(session, held_id)
        used = check_edited_answer(text, pending.answer_deidentified, approvals.citations_of(pending))
    # Staff may have typed a name; the stored text is de-identified like every other.
    edited = service.pipeline.deidentifier.run(text.strip()).text
    with service.database.session() as session:
        pending = approvals.decide(session, held_id, expected_version, ApprovalState.EDITED, principal.user_id)
        approvals.release_message(session, pending.message_id, "assistant", edited, pending.answer_reason, used)
        _audit(session, principal, "approval.edit", held_id)


def replace(service, principal: Principal, held_id: int, expected_version: int, reply: str) -> None:
    """Release a staff-written reply instead; it appears as from the care team, de-identified."""
    roles.require(principal, roles.STAFF_ROLES, "replace answers")
    if not reply.strip():
        raise InputError("the replacement reply is empty")
    if len(reply) > MAX_REPLACEMENT_CHARS:
        raise InputError(f"the replacement reply is too long (limit {MAX_REPLACEMENT_CHARS} characters)")
    reply_deidentified = service.pipeline.deidentifier.run(reply).text
    with service.database.session() as session:
        pending = approvals.decide(session, held_id, expected_version, ApprovalState.REPLACED, principal.user_id)
        approvals.release_message(session, pending.message_id, "staff", reply_deidentified, "staff_reply", ())
        _audit(session, principal, "approval.replace", held_id)


def _audit(session, principal: Principal, action: str, held_id: int) -> None:
    audit.record(session, action, actor_user_id=principal.user_id, record_type="held_answer", record_id=held_id)


def _view(pending, pseudonym: str) -> HeldAnswer:
    return HeldAnswer(
        id=pending.id, version=pending.version, patient_pseudonym=pseudonym,
        topics=tuple(topic for topic in pending.topics.split(",") if topic),
        question=pending.question_deidentified, answer=pending.answer_deidentified,
        citations=approvals.citations_of(pending), confidence=pending.confidence,
        state=ApprovalState(pending.state), created_at=as_utc(pending.created_at),
    )
