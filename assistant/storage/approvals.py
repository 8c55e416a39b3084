"""Answers held for staff approval, and the decisions that release them to the patient."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlmodel import Session, col, select

from assistant.errors import ConflictError, NotFoundError
from assistant.storage.models import Citation, Message, Patient, PendingAnswer, utcnow
from assistant.storage.versioned import update_if_current
from assistant.types import Citation as CitationValue
from assistant.types import Source

PENDING = "pending"


def hold_answer(
    session: Session,
    message_id: int,
    patient_id: str,
    topics: Sequence[str],
    question_deidentified: str,
    answer_deidentified: str,
    citations: Sequence[CitationValue],
    answer_reason: str,
    confidence: float | None,
) -> PendingAnswer:
    pending = PendingAnswer(
        message_id=message_id, patient_id=patient_id, topics=",".join(topics),
        question_deidentified=question_deidentified, answer_deidentified=answer_deidentified,
        citations_json=json.dumps([citation.to_dict() for citation in citations]),
        answer_reason=answer_reason, confidence=confidence,
    )
    session.add(pending)
    session.flush()
    return pending


def get_pending(session: Session, pending_id: int) -> PendingAnswer:
    pending = session.get(PendingAnswer, pending_id)
    if pending is None:
        raise NotFoundError(f"held answer {pending_id} does not exist")
    return pending


def queue(session: Session, states: Sequence[str] = (PENDING,)) -> list[tuple[PendingAnswer, str]]:
    """(held answer, patient pseudonym), oldest first."""
    statement = (
        select(PendingAnswer, Patient.pseudonym)
        .join(Patient, col(Patient.id) == col(PendingAnswer.patient_id))
        .where(col(PendingAnswer.state).in_(list(states)))
        .order_by(col(PendingAnswer.created_at), col(PendingAnswer.id))
    )
    return [tuple(row) for row in session.exec(statement).all()]


def citations_of(pending: PendingAnswer) -> tuple[CitationValue, ...]:
    return tuple(
        CitationValue(**{**data, "sources": tuple(Source(**source) for source in data["sources"])})
        for data in json.loads(pending.citations_json)
    )


def decide(session: Session, pending_id: int, expected_version: int, state: str, decided_by: int) -> PendingAnswer:
    """Move a held answer out of `pending`, only if nobody decided first.

    Of two staff deciding at once exactly one wins; the other gets a ConflictError naming
    the decision made.
    """
    if not update_if_current(session, PendingAnswer, pending_id, expected_version, (PENDING,),
                             state=state, decided_at=utcnow(), decided_by=decided_by):
        current = get_pending(session, pending_id)
        raise ConflictError(
            f"held answer {pending_id} is already {current.state} (version {current.version}); "
            "reload the queue")
    return get_pending(session, pending_id)


def release_message(
    session: Session, message_id: int, author: str, text_deidentified: str, reason: str,
    citations: Sequence[CitationValue],
) -> Message:
    """Put the decided text in place of the "being reviewed" message, with its citations."""
    message = session.get(Message, message_id)
    if message is None:
        raise NotFoundError(f"message {message_id} does not exist")
    message.author, message.text_deidentified, message.reason = author, text_deidentified, reason
    session.add(message)
    for citation in citations:
        session.add(Citation(
            message_id=message_id, n=citation.n, article_id=citation.article_id,
            article_version=citation.article_version, title=citation.title, url=citation.url,
            sources_json=json.dumps([source.__dict__ for source in citation.sources]),
        ))
    session.flush()
    return message
